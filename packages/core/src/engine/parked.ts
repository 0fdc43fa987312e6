import type { ServiceRef } from "../events/model.ts";
import type { DecisionStore, ParkedDecision } from "./ports.ts";
import { tickingPolicies } from "../registry.ts";
import type { EngineResult } from "./carry-out.ts";
import { evaluateWith, type EngineDeps } from "./run.ts";

/**
 * The reconcile's retry of decisions left blocked (kill switch, rate limit) or failed. A
 * one-shot trigger — SERVICE_DEPLOYMENT_FAILED, an alarm — sends no second event, so without
 * this a blocked rollback would wait forever. The policy confirms the decision still applies
 * to the service as it is now; one that no longer does leaves the retry list (its key stays
 * open, so the policy may still take it on a later event or tick).
 */
export async function retryParked(
  ref: ServiceRef,
  parked: readonly ParkedDecision[],
  deps: EngineDeps & { store: Pick<DecisionStore, "unwatch"> },
): Promise<EngineResult[]> {
  const results: EngineResult[] = [];
  for (const p of parked) {
    // A claim: the tick's own pass over the service completes it once its intent is stale.
    if (p.status === "claimed" || !p.decision) continue;
    const decision = p.decision;
    const entry = (deps.policies ?? tickingPolicies).find((e) => e.id === decision.policy);
    let keep = false;
    results.push(
      ...(await evaluateWith(ref, deps, entry ? [entry] : [], ({ settings, settingOf, revision }, snapshot, now) => {
        // In observe mode an enforced decision waits: observing it is a different decision. One
        // observe parked (enforce's guard would have blocked it) is retried as enforce's is.
        const retried = settings.mode === "enforce" || settings.mode === p.mode;
        keep =
          !retried ||
          (entry?.policy.stillApplies?.(decision as never, {
            snapshot,
            settings: settings as never,
            now,
            settingOf,
            revision,
          }) ??
            false);
        return { decisions: keep && retried ? [decision] : [] };
      })),
    );
    if (!keep) await deps.store.unwatch(ref, p.key);
  }
  return results;
}

import type { Log } from "../lib/log.ts";
import { type AccountOutcome, accountPasses, reconcileAccounts } from "@ecs-guardrails/core/engine/accounts";
import type { Ledger } from "@ecs-guardrails/core/engine/ledger";
import type { MemberEnginePorts, ProcessDeps } from "@ecs-guardrails/core/engine/process-event";
import type { Place } from "@ecs-guardrails/core/model/service-ref";
import type { OuScopes } from "@ecs-guardrails/core/organization/ou-paths";
import type { TickArchive } from "@ecs-guardrails/core/history/event-archive";
import type { ReconcileDeps, ReconcileResult } from "@ecs-guardrails/core/engine/reconcile";

// EventBridge Scheduler, every few minutes: the level-triggered side of the policies (return
// from Spot fallback, services below their desired count). A missed or repeated tick is
// harmless: each run looks at the stored state and at ECS as it is now. Behind a hub (home and
// member ports wired, functions/lib/members.ts) the tick looks at home and every member's
// account and Region in scope, each with its own clients; an unreachable member stops none.

export type ReconcileHandlerDeps = ReconcileDeps &
  Pick<ProcessDeps, "home"> & {
    ledger: Pick<Ledger, "claimOnce">;
    /** A member's ports as its role, listing included (functions/lib/members.ts). */
    forPlace?: ((place: Place) => Promise<MemberEnginePorts<ReconcileDeps["ecs"]>>) | undefined;
    /** The configuration settled for an account's OUs; absent when no rule names an OU. */
    ouScopes?: OuScopes | undefined;
    /** Where the run's time is kept for `guardrails export` (one write per invocation, every account's pass included). */
    ticks?: TickArchive | undefined;
  };

export function makeReconcile(deps: ReconcileHandlerDeps, log: Pick<Log, "info" | "error">) {
  return async () => {
    await keepTick(deps, log);
    try {
      const outcomes = await reconcileAccounts(passesOf(deps), deps);
      const reconciled = outcomes.flatMap((o) => (o.status === "reconciled" ? [o.result] : []));
      const result: ReconcileResult = {
        services: reconciled.reduce((n, r) => n + r.services, 0),
        results: reconciled.flatMap((r) => r.results),
        failures: reconciled.flatMap((r) => r.failures),
      };
      for (const f of result.failures)
        log.error("reconcile could not look at a service; the others were looked at", {
          ...(f.account ? { account: f.account, region: f.region } : {}),
          cluster: f.cluster,
          service: f.service,
          error: f.error,
        });
      log.info("reconcile done", {
        services: result.services,
        failed: result.failures.length,
        ...(deps.home ? { accounts: outcomes.map(summary) } : {}),
        decisions: result.results
          .filter((r) => !r.duplicate)
          .map((r) => ({ policy: r.decision.policy, verdict: r.record.verdict, title: r.decision.title })),
      });
      return result;
    } catch (error) {
      log.error("reconcile failed: the schedule retries, then the dead-letter queue keeps the tick", { error });
      throw error;
    }
  };
}

/**
 * Keeps the invocation's time before anything is looked at (replay ticks when live ticked). A
 * failed write loses one tick's time, never the tick: replay then takes that slot as missed
 * (what only it decided comes at the next recorded tick, a `time` difference at worst).
 */
export async function keepTick(
  deps: Pick<ReconcileHandlerDeps, "ticks" | "clock">,
  log: Pick<Log, "error">,
): Promise<void> {
  try {
    await deps.ticks?.keepTick(deps.clock.now().toISOString());
  } catch (error) {
    log.error("could not keep the reconcile's time in the archive; the tick runs on", { error });
  }
}

/** Home alone without a hub; with one, home and each member's account and Region in scope. */
function passesOf(deps: ReconcileHandlerDeps) {
  return accountPasses(deps, deps.home, deps.forPlace).map(({ place, deps: build }) => ({
    place,
    deps: async () => settled(await build(), place),
  }));
}

/** Each account's pass decides with the configuration settled for that account's OUs. */
async function settled(deps: ReconcileHandlerDeps, place: Place | undefined): Promise<ReconcileHandlerDeps> {
  return deps.ouScopes ? { ...deps, config: await deps.ouScopes.configOf(place?.account) } : deps;
}

function summary(o: AccountOutcome) {
  const where = o.place ? { account: o.place.account, region: o.place.region } : { account: "home" };
  return o.status === "reconciled"
    ? { ...where, status: o.status, services: o.result.services, failed: o.result.failures.length }
    : { ...where, status: o.status, error: o.error, announced: o.announced };
}

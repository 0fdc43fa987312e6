import type { Log } from "../lib/log.ts";
import { reconcileServices, type ReconcileDeps } from "@ecs-guardrails/core/engine/reconcile";

// EventBridge Scheduler, every few minutes: the level-triggered side of the policies (return
// from Spot fallback, services below their desired count). A missed or repeated tick is
// harmless: each run looks at the stored state and at ECS as it is now.

export function makeReconcile(deps: ReconcileDeps, log: Pick<Log, "info" | "error">) {
  return async () => {
    try {
      const result = await reconcileServices(deps);
      for (const f of result.failures)
        log.error("reconcile could not look at a service; the others were looked at", {
          cluster: f.cluster,
          service: f.service,
          error: f.error,
        });
      log.info("reconcile done", {
        services: result.services,
        failed: result.failures.length,
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

import { importedRecord } from "../history/ecs-history.ts";
import type { Snapshot } from "../model/snapshot.ts";
import type { EngineDeps } from "./deps.ts";
import { importServiceHistory, type ImportAllowance } from "./import-history.ts";

// The first time the engine looks at a service (an event, a reconcile tick), ECS's own
// deployment history is imported (import-history.ts) before anything is decided, so even the
// first release the guardrails see has a known-good revision to return to.

/**
 * Imports a reconcile tick may start. Each costs 3 ECS calls for a service with up to 20
 * deployments in 90 days, at most 5 (ecs-history.ts importCalls): 10 imports stay far below
 * the burst ECS allows per account (docs/design/aws-facts.md#api-budgets-and-service-limits),
 * which the tick's own DescribeServices and the ingest share.
 */
export const IMPORTS_PER_TICK = 10;

export function importAllowance(limit: number): ImportAllowance {
  let left = limit;
  return {
    take: () => {
      if (left <= 0) return false;
      left -= 1;
      return true;
    },
  };
}

/**
 * The snapshot with the service's imported history, when this is the first sight of it.
 * `gone`: the snapshot shows the service deleted (nothing to import). A failed or throttled
 * import never holds up a decision: the next sight tries again.
 */
export async function importOnFirstSight(snapshot: Snapshot, deps: EngineDeps, gone: boolean): Promise<Snapshot> {
  const ports = deps.imports;
  if (!ports || gone || snapshot.state?.imported) return snapshot;
  if (ports.allowance && !ports.allowance.take()) return snapshot;
  try {
    const outcome = await importServiceHistory(
      snapshot.ref,
      { ...ports, clock: deps.clock, notifier: deps.notifier },
      snapshot.service?.deployments ?? [],
      snapshot.service,
    );
    if (outcome.status !== "recorded") return snapshot;
    const known = new Set(snapshot.deployments.map((d) => d.deploymentId));
    const added = outcome.imported.deployments
      .filter((d) => !known.has(d.deploymentId))
      .map((d) => importedRecord(snapshot.ref, d));
    return {
      ...snapshot,
      deployments: [...snapshot.deployments, ...added],
      ...(snapshot.state
        ? {
            state: {
              ...snapshot.state,
              imported: outcome.summary,
              knownGoodRevision: snapshot.state.knownGoodRevision ?? outcome.imported.knownGood,
            },
          }
        : {}),
    };
  } catch {
    return snapshot;
  }
}

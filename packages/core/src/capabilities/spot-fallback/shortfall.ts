import { isFailure } from "../../events/stop-class.ts";
import type { TimelineEntry } from "../../history/model.ts";
import type { Snapshot } from "../../model/snapshot.ts";
import { FARGATE_PAIRS, type SpotPairs } from "./strategy.ts";

// Below its desired count is not by itself a Spot problem: a crash loop or a slow rollout runs
// below desired too, and moving those to on-demand FARGATE only costs money. A shortfall counts
// only with evidence that Spot is the cause, from what the snapshot holds: the recent timeline
// (placement failures naming FARGATE_SPOT, Spot interruptions, the classes of recent stops) and
// ECS's own counts (pending tasks, failed tasks, deployments in progress).

/** What shows that Spot is short, in words for the notice; undefined when nothing does. */
export function spotShortfall(snapshot: Snapshot, since: string, pairs: SpotPairs = FARGATE_PAIRS): string | undefined {
  const recent = snapshot.recent.filter((e) => e.time >= since);
  const placements = recent.filter((e) => spotPlacementFailure(e, pairs)).length;
  const named = spotNames(snapshot, pairs);
  if (placements > 0) return `${placements} placement failure(s) on ${named} since ${since}`;
  const interrupted = new Set(
    recent.filter((e) => e.stopClass === "spot-interruption" && e.taskId).map((e) => e.taskId),
  ).size;
  if (interrupted > 0) return `${interrupted} Spot task(s) interrupted since ${since}`;
  const pending = pendingOnSpot(snapshot, recent, pairs);
  return pending > 0 ? `${pending} task(s) pending on ${named}` : undefined;
}

/** The Spot providers of the service's strategy, by name (FARGATE_SPOT when it has none). */
function spotNames(snapshot: Snapshot, pairs: SpotPairs): string {
  const names = (snapshot.service?.capacityProviderStrategy ?? [])
    .map((s) => s.capacityProvider)
    .filter((p) => Object.hasOwn(pairs, p));
  return names.join(", ") || "FARGATE_SPOT";
}

function spotPlacementFailure(e: TimelineEntry, pairs: SpotPairs): boolean {
  const providers = e.data?.["capacityProviders"];
  return (
    e.type === "service-action" &&
    e.eventName === "SERVICE_TASK_PLACEMENT_FAILURE" &&
    Array.isArray(providers) &&
    providers.some((p) => typeof p === "string" && Object.hasOwn(pairs, p))
  );
}

/**
 * Tasks ECS could not start yet, when they can only be Spot tasks and nothing else explains the
 * wait: every task goes to a Spot provider, no deployment is rolling out (a slow rollout pends too)
 * and no recent stop or ECS counter shows the revision failing (a crash loop pends too).
 */
function pendingOnSpot(snapshot: Snapshot, recent: TimelineEntry[], pairs: SpotPairs): number {
  const service = snapshot.service;
  if (!service || service.pendingCount === 0) return 0;
  const onlySpot = service.capacityProviderStrategy.every(
    (s) => Object.hasOwn(pairs, s.capacityProvider) || (s.base === 0 && s.weight === 0),
  );
  const rollingOut = service.deployments.some((d) => d.rolloutState === "IN_PROGRESS");
  const failing =
    recent.some((e) => e.type === "task-stopped" && e.stopClass !== undefined && isFailure(e.stopClass)) ||
    service.deployments.some((d) => d.failedTasks > 0);
  return onlySpot && !rollingOut && !failing ? service.pendingCount : 0;
}

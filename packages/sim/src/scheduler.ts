import { serviceAction, stops } from "./events/builders.ts";
import { iso, logServiceEvent, primaryOf } from "./context.ts";
import type { SimContext } from "./context.ts";
import { checkProgress, deploymentCounts, retireDrainedDeployments } from "./deployments.ts";
import { holdsLaunch } from "./lifecycle-hooks.ts";
import { choosePlacements, FARGATE_SPOT } from "./placement.ts";
import { beginStop, isActive, isRunning, launchTask } from "./tasks.ts";
import type { Deployment, Service, Task } from "./types.ts";

// The service scheduler: brings the PRIMARY deployment to its desired count and drains the
// others, within the deployment configuration's bounds (a rolling update): at most
// maximumPercent of the desired count of tasks exist, and old tasks stop only while at least
// minimumHealthyPercent stay running.

export function reconcile(ctx: SimContext, service: Service): void {
  const primary = primaryOf(service);
  stopSurplus(ctx, service, primary);
  drainOldDeployments(ctx, service, primary);
  if (canLaunch(ctx, primary)) scaleUp(ctx, service, primary);
  retireDrainedDeployments(service);
  refreshCounts(ctx, service);
  checkProgress(ctx, service);
}

/**
 * A deployment the circuit breaker failed (without a rollback target) launches nothing more;
 * one whose service deployment waits at a PAUSE hook before SCALE_UP launches nothing yet.
 */
function canLaunch(ctx: SimContext, primary: Deployment): boolean {
  return primary.rolloutState !== "FAILED" && !holdsLaunch(ctx, primary);
}

function scaleUp(ctx: SimContext, service: Service, primary: Deployment): void {
  const active = service.tasks.filter(isActive);
  const own = active.filter((t) => t.deploymentId === primary.id);
  const ceiling = Math.max(
    primary.desiredCount,
    Math.floor((service.desiredCount * service.deploymentConfiguration.maximumPercent) / 100),
  );
  const wanted = Math.min(primary.desiredCount - own.length, ceiling - active.length);
  if (wanted <= 0) return;
  const providers = choosePlacements(primary.capacityProviderStrategy, countByProvider(own), wanted);
  const spotUp = ctx.faults.spotAvailable(ctx.timeline.now());
  const started: Task[] = [];
  let unplaced = 0;
  for (const provider of providers) {
    // ECS never falls back from FARGATE_SPOT to FARGATE: a Spot task without capacity just waits.
    if (provider === FARGATE_SPOT && !spotUp) unplaced += 1;
    else started.push(launchTask(ctx, service, primary, provider));
  }
  if (started.length > 0)
    logServiceEvent(
      ctx,
      service,
      `has started ${started.length} tasks: ${started.map((t) => `(task ${t.id})`).join(" ")}.`,
    );
  if (unplaced > 0) reportPlacementFailure(ctx, service);
}

function countByProvider(tasks: readonly Task[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const t of tasks) counts.set(t.capacityProviderName, (counts.get(t.capacityProviderName) ?? 0) + 1);
  return counts;
}

/**
 * SERVICE_TASK_PLACEMENT_FAILURE, once per retry period: ECS keeps retrying and keeps reporting
 * while tasks are missing, so a consumer sees repeats, not a flood.
 */
function reportPlacementFailure(ctx: SimContext, service: Service): void {
  if (service.placementRetryAt !== undefined) return;
  const now = ctx.timeline.now();
  logServiceEvent(
    ctx,
    service,
    "was unable to place a task. Reason: Capacity is unavailable at this time. Please try again later or in a different availability zone.",
  );
  ctx.emit(
    serviceAction({
      ...ctx.place,
      cluster: service.cluster,
      service: service.name,
      eventName: "SERVICE_TASK_PLACEMENT_FAILURE",
      reason: "RESOURCE:FARGATE",
      capacityProviders: [FARGATE_SPOT],
      time: iso(now),
    }),
  );
  service.placementRetryAt = now + ctx.timings.placementRetryMs;
  ctx.timeline.at(service.placementRetryAt, () => {
    service.placementRetryAt = undefined;
    reconcile(ctx, service);
  });
}

/** Scale-in of the PRIMARY deployment: tasks not yet running go first, then the newest. */
function stopSurplus(ctx: SimContext, service: Service, primary: Deployment): void {
  const own = service.tasks.filter((t) => t.deploymentId === primary.id && isActive(t));
  const surplus = own.length - primary.desiredCount;
  if (surplus <= 0) return;
  const victims = [...own].sort(byStopPreference).slice(0, surplus);
  stopForScheduler(ctx, service, victims);
}

/**
 * Old deployments drain: their tasks that are not running stop at once (they keep nobody
 * healthy); running ones stop only as far as minimumHealthyPercent allows. Tasks of a failed
 * deployment go before tasks of a healthy one.
 */
function drainOldDeployments(ctx: SimContext, service: Service, primary: Deployment): void {
  const old = service.tasks.filter((t) => t.deploymentId !== primary.id && isActive(t));
  if (old.length === 0) return;
  stopForScheduler(
    ctx,
    service,
    old.filter((t) => !isRunning(t)),
  );
  const minimumHealthy = Math.ceil(
    (service.desiredCount * service.deploymentConfiguration.minimumHealthyPercent) / 100,
  );
  const running = service.tasks.filter(isRunning).length;
  const failedFirst = (t: Task) =>
    service.deployments.find((d) => d.id === t.deploymentId)?.rolloutState === "FAILED" ? 0 : 1;
  const candidates = old.filter(isRunning).sort((a, b) => failedFirst(a) - failedFirst(b) || a.createdAt - b.createdAt);
  stopForScheduler(ctx, service, candidates.slice(0, Math.max(0, running - minimumHealthy)));
}

function stopForScheduler(ctx: SimContext, service: Service, tasks: readonly Task[]): void {
  if (tasks.length === 0) return;
  for (const task of tasks)
    beginStop(ctx, task, stops.scaleIn(task.deploymentId), { failed: false, graceMs: ctx.timings.stoppingMs });
  logServiceEvent(
    ctx,
    service,
    `has stopped ${tasks.length} running tasks: ${tasks.map((t) => `(task ${t.id})`).join(" ")}.`,
  );
}

function byStopPreference(a: Task, b: Task): number {
  return Number(isRunning(a)) - Number(isRunning(b)) || b.createdAt - a.createdAt;
}

function refreshCounts(ctx: SimContext, service: Service): void {
  for (const d of service.deployments) {
    if (d.status === "PRIMARY") continue;
    // An ACTIVE deployment's desired count shrinks as it drains, as DescribeServices shows.
    const { running, pending } = deploymentCounts(service, d);
    const desired = Math.min(d.desiredCount, running + pending);
    if (desired !== d.desiredCount) [d.desiredCount, d.updatedAt] = [desired, ctx.timeline.now()];
  }
}

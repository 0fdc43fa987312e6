import { arns } from "./context.ts";
import { stagePlan } from "./lifecycle-hooks.ts";
import type { SimContext } from "./context.ts";
import type {
  Deployment,
  RevisionCounts,
  Service,
  ServiceDeploymentRecord,
  ServiceDeploymentStatus,
  ServiceRevision,
} from "./types.ts";

// ECS's service deployments and service revisions (docs/design/aws-facts.md#service-deployments-and-revisions):
// each deployment a service starts is a service deployment from the revisions running to a new,
// immutable revision. The ecs-svc deployments of DescribeServices stay what the scheduler works
// on; each one points at its revision and service deployment, and the ids are never the same
// string (ECS documents no relation between them). A rollback (circuit breaker or
// StopServiceDeployment) is part of the service deployment it undoes and reuses an old revision.

/** ECS keeps a service's deployments and revisions for 90 days. */
export const RETENTION_MS = 90 * 24 * 3_600_000;

const ACTIVE: readonly ServiceDeploymentStatus[] = [
  "PENDING",
  "IN_PROGRESS",
  "STOP_REQUESTED",
  "ROLLBACK_REQUESTED",
  "ROLLBACK_IN_PROGRESS",
];

export function isActiveServiceDeployment(sd: ServiceDeploymentRecord): boolean {
  return ACTIVE.includes(sd.status);
}

/** A new revision of what `deployment` runs, and a service deployment towards it; supersedes any still active. */
export function beginServiceDeployment(
  ctx: SimContext,
  service: Service,
  deployment: Deployment,
): ServiceDeploymentRecord {
  const now = ctx.timeline.now();
  prune(ctx, service, now);
  const revision = newRevision(ctx, service, deployment);
  const sources = [
    ...new Set(service.deployments.flatMap((d) => (d.serviceRevisionArn ? [d.serviceRevisionArn] : []))),
  ];
  for (const sd of serviceDeploymentsOf(ctx, service)) {
    if (!isActiveServiceDeployment(sd)) continue;
    // Sim wording: ECS stops a service deployment a newer one replaces.
    end(ctx, service, sd, "STOPPED", "Stopped by a newer service deployment.");
  }
  const breakerOn = service.deploymentConfiguration.deploymentCircuitBreaker.enable;
  const alarms = service.deploymentConfiguration.alarms;
  const sd: ServiceDeploymentRecord = {
    arn: arns(ctx.place).serviceDeployment(service.cluster, service.name, ctx.ids.serviceDeploymentId()),
    serviceArn: service.arn,
    clusterArn: arns(ctx.place).cluster(service.cluster),
    createdAt: now,
    startedAt: now,
    finishedAt: undefined,
    stoppedAt: undefined,
    updatedAt: now,
    sourceRevisionArns: sources,
    targetRevisionArn: revision.arn,
    status: "IN_PROGRESS",
    statusReason: undefined,
    lifecycleStage: "RECONCILE_SERVICE",
    desiredCount: service.desiredCount,
    breaker: { status: breakerOn ? "MONITORING" : "DISABLED", failureCount: 0 },
    alarms: {
      status: alarms?.enable ? "MONITORING" : "DISABLED",
      alarmNames: [...(alarms?.alarmNames ?? [])],
    },
    rollback: undefined,
    configuration: structuredClone(service.deploymentConfiguration),
    hooks: [],
    stagePlan: stagePlan(service.deploymentConfiguration.strategy),
    stageCursor: 0,
    targetDeploymentId: deployment.id,
    rollbackDeploymentId: undefined,
    finalCounts: undefined,
  };
  ctx.serviceDeployments.set(sd.arn, sd);
  deployment.serviceRevisionArn = revision.arn;
  deployment.serviceDeploymentArn = sd.arn;
  return sd;
}

/** A deployment that was already done before the scenario: its revision and a finished service deployment. */
export function seedServiceDeployment(ctx: SimContext, service: Service, deployment: Deployment): void {
  beginServiceDeployment(ctx, service, deployment);
  const sd = ctx.serviceDeployments.get(deployment.serviceDeploymentArn!)!;
  sd.createdAt = sd.startedAt = sd.updatedAt = deployment.createdAt;
  if (deployment.rolloutState === "COMPLETED") end(ctx, service, sd, "SUCCESSFUL", undefined);
  else if (deployment.rolloutState === "FAILED") end(ctx, service, sd, "STOPPED", deployment.rolloutStateReason);
  else return;
  // It ended when the seed says it last changed, not when the scenario set it up.
  sd.updatedAt = deployment.updatedAt;
  if (sd.status === "STOPPED") sd.stoppedAt = deployment.updatedAt;
  else sd.finishedAt = deployment.updatedAt;
}

/** The rollback deployment of a service deployment runs the revision the rollback returns to. */
export function joinServiceDeployment(ctx: SimContext, sdArn: string, deployment: Deployment): void {
  const sd = ctx.serviceDeployments.get(sdArn);
  if (!sd?.rollback) return;
  sd.rollbackDeploymentId = deployment.id;
  sd.updatedAt = ctx.timeline.now();
  deployment.serviceRevisionArn = sd.rollback.serviceRevisionArn;
  deployment.serviceDeploymentArn = sd.arn;
}

export function serviceDeploymentOf(ctx: SimContext, deployment: Deployment): ServiceDeploymentRecord | undefined {
  return deployment.serviceDeploymentArn ? ctx.serviceDeployments.get(deployment.serviceDeploymentArn) : undefined;
}

/**
 * The breaker's count of `deployment` changed (a failed task counted, or a healthy one reset it):
 * the service deployment shows the same count while the breaker monitors it (once triggered,
 * the count it tripped at stays).
 */
export function noteFailedTask(ctx: SimContext, deployment: Deployment): void {
  const sd = serviceDeploymentOf(ctx, deployment);
  if (!sd || sd.targetDeploymentId !== deployment.id || sd.breaker.status !== "MONITORING") return;
  sd.breaker.failureCount = deployment.failedTasks;
  sd.updatedAt = ctx.timeline.now();
}

/** `deployment` reached COMPLETED: its service deployment succeeded, or its rollback did. */
export function noteCompleted(ctx: SimContext, service: Service, deployment: Deployment): void {
  const sd = serviceDeploymentOf(ctx, deployment);
  if (!sd) return;
  if (sd.status === "IN_PROGRESS" && sd.targetDeploymentId === deployment.id) end(ctx, service, sd, "SUCCESSFUL");
  else if (sd.status === "ROLLBACK_IN_PROGRESS" && sd.rollbackDeploymentId === deployment.id)
    end(ctx, service, sd, "ROLLBACK_SUCCESSFUL");
}

/**
 * The circuit breaker failed `deployment`. With a revision to return to it starts the rollback
 * and answers the service deployment's ARN (the rollback deployment joins it); a rollback that
 * itself fails is ROLLBACK_FAILED; without rollback the service deployment is STOPPED.
 */
export function noteBreakerTripped(
  ctx: SimContext,
  service: Service,
  deployment: Deployment,
  rollbackTo: string | undefined,
  reason: string,
): string | undefined {
  const sd = serviceDeploymentOf(ctx, deployment);
  if (!sd) return undefined;
  sd.breaker.status = "TRIGGERED";
  if (sd.status === "ROLLBACK_IN_PROGRESS") {
    end(ctx, service, sd, "ROLLBACK_FAILED", reason);
    return sd.arn;
  }
  if (!isActiveServiceDeployment(sd)) return undefined;
  if (!rollbackTo) {
    end(ctx, service, sd, "STOPPED", reason);
    return undefined;
  }
  startRollback(ctx, sd, rollbackTo, reason);
  sd.status = "ROLLBACK_IN_PROGRESS";
  return sd.arn;
}

/** Records that the service deployment returns to `revisionArn` (status set by the caller). */
export function startRollback(ctx: SimContext, sd: ServiceDeploymentRecord, revisionArn: string, reason: string): void {
  const now = ctx.timeline.now();
  sd.rollback = { reason, startedAt: now, serviceRevisionArn: revisionArn };
  sd.updatedAt = now;
}

/** Ends a service deployment: terminal status, times, and the task counts as they were. */
export function end(
  ctx: SimContext,
  service: Service,
  sd: ServiceDeploymentRecord,
  status: ServiceDeploymentStatus,
  reason?: string,
): void {
  const now = ctx.timeline.now();
  sd.status = status;
  if (reason !== undefined) sd.statusReason = reason;
  sd.updatedAt = now;
  if (status === "STOPPED") sd.stoppedAt = now;
  else sd.finishedAt = now;
  if (sd.breaker.status === "MONITORING") sd.breaker.status = "MONITORING_COMPLETE";
  if (sd.alarms.status === "MONITORING") sd.alarms.status = "MONITORING_COMPLETE";
  sd.lifecycleStage = "CLEAN_UP";
  for (const hook of sd.hooks) if (hook.status === "AWAITING_ACTION") hook.status = "FAILED";
  sd.finalCounts = {
    source: sd.sourceRevisionArns.map((arn) => revisionCounts(service, arn)),
    target: revisionCounts(service, sd.targetRevisionArn),
  };
}

/** Tasks of a revision now: requested by the PRIMARY deployment running it, running and pending. */
export function revisionCounts(service: Service, revisionArn: string): RevisionCounts {
  const ids = new Set(service.deployments.filter((d) => d.serviceRevisionArn === revisionArn).map((d) => d.id));
  let running = 0;
  let pending = 0;
  for (const t of service.tasks) {
    if (!ids.has(t.deploymentId) || t.lastStatus === "STOPPED") continue;
    if (t.lastStatus === "RUNNING") running += 1;
    else pending += 1;
  }
  const requested = service.deployments.find((d) => d.status === "PRIMARY" && ids.has(d.id))?.desiredCount ?? 0;
  return { arn: revisionArn, requestedTaskCount: requested, runningTaskCount: running, pendingTaskCount: pending };
}

/** The service's service deployments, oldest first. */
export function serviceDeploymentsOf(ctx: SimContext, service: Service): ServiceDeploymentRecord[] {
  return [...ctx.serviceDeployments.values()].filter((sd) => sd.serviceArn === service.arn);
}

/** Still kept by ECS: active, or ended less than 90 days ago. */
export function isRetained(sd: ServiceDeploymentRecord, now: number): boolean {
  const ended = sd.finishedAt ?? sd.stoppedAt;
  return ended === undefined || now - ended <= RETENTION_MS;
}

function newRevision(ctx: SimContext, service: Service, deployment: Deployment): ServiceRevision {
  const revision: ServiceRevision = {
    arn: arns(ctx.place).serviceRevision(service.cluster, service.name, ctx.ids.serviceRevisionId()),
    serviceArn: service.arn,
    clusterArn: arns(ctx.place).cluster(service.cluster),
    taskDefinitionArn: deployment.taskDefinitionArn,
    capacityProviderStrategy: deployment.capacityProviderStrategy.map((s) => ({ ...s })),
    config: structuredClone(service.revisionConfig),
    createdAt: ctx.timeline.now(),
  };
  ctx.serviceRevisions.set(revision.arn, revision);
  return revision;
}

/** Forgets the service's deployments (and the revisions only they name) past ECS's 90 days. */
function prune(ctx: SimContext, service: Service, now: number): void {
  const all = serviceDeploymentsOf(ctx, service);
  const gone = all.filter((sd) => !isRetained(sd, now));
  if (gone.length === 0) return;
  for (const sd of gone) ctx.serviceDeployments.delete(sd.arn);
  const named = new Set(service.deployments.flatMap((d) => (d.serviceRevisionArn ? [d.serviceRevisionArn] : [])));
  for (const sd of ctx.serviceDeployments.values()) {
    named.add(sd.targetRevisionArn);
    for (const arn of sd.sourceRevisionArns) named.add(arn);
  }
  for (const sd of gone) {
    for (const arn of [sd.targetRevisionArn, ...sd.sourceRevisionArns])
      if (!named.has(arn)) ctx.serviceRevisions.delete(arn);
  }
}

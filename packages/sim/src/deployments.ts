import { deploymentStateChange, serviceAction } from "./events/builders.ts";
import { iso, logServiceEvent, primaryOf } from "./context.ts";
import type { SimContext } from "./context.ts";
import { advanceStages } from "./lifecycle-hooks.ts";
import {
  beginServiceDeployment,
  joinServiceDeployment,
  noteCompleted,
  seedServiceDeployment,
  serviceDeploymentOf,
} from "./service-deployments.ts";
import { isActive, isStable } from "./tasks.ts";
import type { CapacityProviderStrategyItem, Deployment, RolloutState, Service } from "./types.ts";

// Deployments of a service: starting one (the previous PRIMARY becomes ACTIVE and drains),
// noticing when one is done (SERVICE_DEPLOYMENT_COMPLETED) and when the service is steady
// (SERVICE_STEADY_STATE, re-sent periodically while it stays steady, as ECS does).

export type NewDeployment = {
  taskDefinitionArn: string;
  capacityProviderStrategy: CapacityProviderStrategyItem[];
  /** The IN_PROGRESS reason; ECS's own for a plain deployment. */
  reason?: string;
  /** A rollback: the service deployment it belongs to (its revision is the rollback's, no new one). */
  continues?: string;
};

/** A deployment record as DescribeServices lists it; every way of creating one goes through here. */
export function newDeployment(
  spec: NewDeployment & {
    id: string;
    at: number;
    rolloutState: RolloutState;
    status?: Deployment["status"];
    desiredCount: number;
  },
): Deployment {
  const words = { IN_PROGRESS: "in progress", COMPLETED: "completed", FAILED: "failed" }[spec.rolloutState];
  return {
    id: spec.id,
    status: spec.status ?? "PRIMARY",
    taskDefinitionArn: spec.taskDefinitionArn,
    desiredCount: spec.desiredCount,
    failedTasks: 0,
    rolloutState: spec.rolloutState,
    rolloutStateReason: spec.reason ?? `ECS deployment ${spec.id} ${words}.`,
    createdAt: spec.at,
    updatedAt: spec.at,
    capacityProviderStrategy: spec.capacityProviderStrategy.map((s) => ({ ...s })),
  };
}

export function startDeployment(ctx: SimContext, service: Service, spec: NewDeployment): Deployment {
  for (const d of service.deployments) if (d.status === "PRIMARY") d.status = "ACTIVE";
  const deployment = newDeployment({
    ...spec,
    id: ctx.ids.deploymentId(),
    at: ctx.timeline.now(),
    rolloutState: "IN_PROGRESS",
    desiredCount: service.desiredCount,
  });
  const reason = deployment.rolloutStateReason;
  const sd = spec.continues ? undefined : beginServiceDeployment(ctx, service, deployment);
  if (spec.continues) joinServiceDeployment(ctx, spec.continues, deployment);
  service.deployments.unshift(deployment);
  setSteady(ctx, service, false);
  emitDeployment(ctx, service, deployment, "SERVICE_DEPLOYMENT_IN_PROGRESS", reason);
  // Up to SCALE_UP, or a PAUSE hook before it (lifecycle-hooks.ts).
  if (sd) advanceStages(ctx, service, sd, false);
  ctx.hooks.reconcileSoon(service);
  return deployment;
}

/** A deployment that is already COMPLETED: the state of a service before a scenario. */
export function seedCompletedDeployment(ctx: SimContext, service: Service, spec: NewDeployment): Deployment {
  const id = ctx.ids.deploymentId();
  const deployment = newDeployment({
    ...spec,
    id,
    at: ctx.timeline.now(),
    rolloutState: "COMPLETED",
    desiredCount: service.desiredCount,
  });
  seedServiceDeployment(ctx, service, deployment);
  service.deployments.unshift(deployment);
  service.lastCompleted = {
    id,
    taskDefinitionArn: spec.taskDefinitionArn,
    capacityProviderStrategy: deployment.capacityProviderStrategy,
    serviceRevisionArn: deployment.serviceRevisionArn,
  };
  return deployment;
}

export function emitDeployment(
  ctx: SimContext,
  service: Service,
  deployment: Deployment,
  eventName: string,
  reason: string,
): void {
  const time = iso(ctx.timeline.now());
  ctx.emit(
    deploymentStateChange({
      ...ctx.place,
      cluster: service.cluster,
      service: service.name,
      deploymentId: deployment.id,
      eventName,
      time,
      reason,
    }),
  );
}

/** Drops drained deployments; ECS lists a deployment only while it has tasks or is PRIMARY. */
export function retireDrainedDeployments(service: Service): void {
  service.deployments = service.deployments.filter(
    (d) => d.status === "PRIMARY" || service.tasks.some((t) => t.deploymentId === d.id && t.lastStatus !== "STOPPED"),
  );
}

/** After the scheduler acted: completes the rollout and reports steady state when reached. */
export function checkProgress(ctx: SimContext, service: Service): void {
  const primary = primaryOf(service);
  const done = primaryAtDesired(ctx, service, primary) && service.deployments.length === 1;
  if (done && primary.rolloutState === "IN_PROGRESS" && stagesPassed(ctx, service, primary))
    complete(ctx, service, primary);
  setSteady(ctx, service, done && primary.rolloutState !== "IN_PROGRESS");
}

/** The stages after scale-up are passed (no PAUSE hook awaits action) for the deployment's service deployment. */
function stagesPassed(ctx: SimContext, service: Service, deployment: Deployment): boolean {
  const sd = serviceDeploymentOf(ctx, deployment);
  if (!sd || sd.targetDeploymentId !== deployment.id) return true;
  return advanceStages(ctx, service, sd, true);
}

function primaryAtDesired(ctx: SimContext, service: Service, primary: Deployment): boolean {
  const own = service.tasks.filter((t) => t.deploymentId === primary.id && isActive(t));
  const now = ctx.timeline.now();
  return own.length === primary.desiredCount && own.every((t) => isStable(t, now, ctx.timings.stabilizationMs));
}

function complete(ctx: SimContext, service: Service, deployment: Deployment): void {
  deployment.rolloutState = "COMPLETED";
  deployment.rolloutStateReason = `ECS deployment ${deployment.id} completed.`;
  deployment.updatedAt = ctx.timeline.now();
  service.lastCompleted = {
    id: deployment.id,
    taskDefinitionArn: deployment.taskDefinitionArn,
    capacityProviderStrategy: deployment.capacityProviderStrategy,
    serviceRevisionArn: deployment.serviceRevisionArn,
  };
  noteCompleted(ctx, service, deployment);
  logServiceEvent(ctx, service, `(deployment ${deployment.id}) deployment completed.`);
  emitDeployment(ctx, service, deployment, "SERVICE_DEPLOYMENT_COMPLETED", deployment.rolloutStateReason);
}

/** Reports SERVICE_STEADY_STATE on becoming steady, then every steadyStateIntervalMs. */
export function setSteady(ctx: SimContext, service: Service, steady: boolean): void {
  if (service.steady === steady) return;
  service.steady = steady;
  service.steadyEpoch += 1;
  if (steady) reportSteady(ctx, service, service.steadyEpoch);
}

/** A service seeded steady: no event now, the periodic report continues from here. */
export function markSeededSteady(ctx: SimContext, service: Service): void {
  service.steady = true;
  service.steadyEpoch += 1;
  const epoch = service.steadyEpoch;
  reportLater(ctx, () => reportSteady(ctx, service, epoch));
}

/**
 * The periodic steady-state report changes nothing but the event log, so it belongs to no
 * service: a replay, which runs only each service's own work, never wakes up for it.
 */
function reportLater(ctx: SimContext, report: () => void): void {
  ctx.timeline.owning(undefined, () => ctx.timeline.after(ctx.timings.steadyStateIntervalMs, report));
}

function reportSteady(ctx: SimContext, service: Service, epoch: number): void {
  if (!service.steady || service.steadyEpoch !== epoch) return;
  logServiceEvent(ctx, service, "has reached a steady state.");
  ctx.emit(
    serviceAction({
      ...ctx.place,
      cluster: service.cluster,
      service: service.name,
      eventName: "SERVICE_STEADY_STATE",
      time: iso(ctx.timeline.now()),
    }),
  );
  reportLater(ctx, () => reportSteady(ctx, service, epoch));
}

/** A deployment's running and pending tasks, counted from the tasks (what DescribeServices shows). */
export function deploymentCounts(service: Service, deployment: Deployment): { running: number; pending: number } {
  let running = 0;
  let pending = 0;
  for (const t of service.tasks) {
    if (t.deploymentId !== deployment.id || t.lastStatus === "STOPPED") continue;
    if (t.lastStatus === "RUNNING") running += 1;
    else pending += 1;
  }
  return { running, pending };
}

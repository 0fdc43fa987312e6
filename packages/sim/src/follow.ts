import { arns, deploymentOf } from "./context.ts";
import type { SimContext } from "./context.ts";
import { newDeployment } from "./deployments.ts";
import { noteCompleted } from "./service-deployments.ts";
import { followHook, type HookFact } from "./follow-hooks.ts";
import { resolveTaskDefinition } from "./lookup.ts";
import type { Deployment, RolloutState, Service, Task, TaskStatus } from "./types.ts";

// Following a recorded stream: each fact moves the simulated service the way ECS's state had
// moved when the event was sent, so DescribeServices answers as ECS would have at that moment.
// Nothing is scheduled and nothing is emitted: the stream is the truth, the simulator its echo.
// Facts are applied idempotently: a duplicate or late one never moves a service backwards.

export type DeploymentFact = {
  kind: "deployment";
  cluster: string;
  service: string;
  deploymentId: string;
  state: RolloutState;
  time: number;
  reason?: string | undefined;
  /** The deployment a circuit-breaker rollback returns to. */
  rollbackTo?: string | undefined;
  /** The revision, when known from the task events naming the deployment. */
  taskDefinition?: string | undefined;
};

export type TaskFact = {
  kind: "task";
  cluster: string;
  service: string;
  taskArn: string;
  deploymentId: string;
  taskDefinition?: string | undefined;
  lastStatus: string;
  desiredStatus: string;
  version?: number | undefined;
  capacityProvider?: string | undefined;
  startedAt?: number | undefined;
  /** A stop ECS's circuit breaker counts (a launch or health-check failure): it adds to `failedTasks`. */
  breakerFailure?: boolean | undefined;
  time: number;
};

export type DesiredCountFact = {
  kind: "desired-count";
  cluster: string;
  service: string;
  desiredCount: number;
  time: number;
};

export type { HookFact } from "./follow-hooks.ts";
export type StreamFact = DeploymentFact | TaskFact | DesiredCountFact | HookFact;

export function follow(ctx: SimContext, fact: StreamFact): void {
  const service = ctx.services.get(arns(ctx.place).service(fact.cluster, fact.service));
  if (!service) return;
  if (fact.kind === "deployment") followDeployment(ctx, service, fact);
  else if (fact.kind === "task") followTask(ctx, service, fact);
  else if (fact.kind === "hook") followHook(ctx, service, fact);
  else if (Number.isInteger(fact.desiredCount) && fact.desiredCount >= 0) {
    service.desiredCount = fact.desiredCount;
    const primary = service.deployments.find((d) => d.status === "PRIMARY");
    if (primary) primary.desiredCount = fact.desiredCount;
  }
}

function followDeployment(ctx: SimContext, service: Service, fact: DeploymentFact): void {
  const known = deploymentOf(service, fact.deploymentId);
  // A deployment that finished does not start again: a late IN_PROGRESS is stale.
  if (known && !provisional.has(known) && fact.state === "IN_PROGRESS" && known.rolloutState !== "IN_PROGRESS") return;
  if (known && !provisional.has(known) && known.rolloutState === fact.state) return;
  const deployment = known ?? adopt(ctx, service, fact.deploymentId, fact.time, revisionOf(ctx, service, fact));
  provisional.delete(deployment);
  deployment.rolloutState = fact.state;
  deployment.rolloutStateReason = fact.reason ?? deployment.rolloutStateReason;
  deployment.updatedAt = Math.max(deployment.updatedAt, fact.time);
  // An event about an older deployment (out of order) does not displace a newer PRIMARY.
  const primary = service.deployments.find((d) => d.status === "PRIMARY");
  const newest = !primary || primary === deployment || deployment.createdAt >= primary.createdAt;
  if (fact.state !== "FAILED" && newest) makePrimary(service, deployment);
  if (fact.state === "COMPLETED") {
    service.lastCompleted = {
      id: deployment.id,
      taskDefinitionArn: deployment.taskDefinitionArn,
      capacityProviderStrategy: deployment.capacityProviderStrategy,
    };
    // ECS completes a deployment once the others have drained.
    if (deployment.status === "PRIMARY") drainOthers(ctx, service, deployment);
    // Its service deployment (a seeded one has one) ends SUCCESSFUL, so ECS's deployment
    // history lists it finished, as the import at the guardrails' first sight reads it.
    noteCompleted(ctx, service, deployment);
  }
}

/** Deployments known only from task events: a deployment event for them applies in full. */
const provisional = new WeakSet<Deployment>();

/** The revision of a deployment the state did not list: from its tasks, or the one a rollback returns to. */
function revisionOf(ctx: SimContext, service: Service, fact: DeploymentFact): string | undefined {
  const named = fact.taskDefinition ? resolveTaskDefinition(ctx, fact.taskDefinition)?.arn : undefined;
  if (named) return named;
  if (fact.rollbackTo)
    return deploymentOf(service, fact.rollbackTo)?.taskDefinitionArn ?? service.lastCompleted?.taskDefinitionArn;
  return undefined;
}

function adopt(
  _ctx: SimContext,
  service: Service,
  id: string,
  at: number,
  taskDefinitionArn: string | undefined,
): Deployment {
  const primary = service.deployments.find((d) => d.status === "PRIMARY");
  const deployment = newDeployment({
    id,
    // Without a hint the revision is unknown; the PRIMARY's stands in until a task names it.
    taskDefinitionArn:
      taskDefinitionArn ?? primary?.taskDefinitionArn ?? service.lastCompleted?.taskDefinitionArn ?? "",
    capacityProviderStrategy: primary?.capacityProviderStrategy ?? [],
    at,
    rolloutState: "IN_PROGRESS",
    status: "ACTIVE",
    desiredCount: 0,
  });
  if (!taskDefinitionArn) unknownRevision.add(deployment);
  service.deployments.push(deployment);
  return deployment;
}

const stoppedByContext = new WeakMap<SimContext, Map<string, number>>();
function stoppedVersions(ctx: SimContext): Map<string, number> {
  let map = stoppedByContext.get(ctx);
  if (!map) stoppedByContext.set(ctx, (map = new Map()));
  return map;
}

/** Deployments whose revision no event has named yet. */
const unknownRevision = new WeakSet<Deployment>();

function makePrimary(service: Service, deployment: Deployment): void {
  for (const d of service.deployments) if (d !== deployment && d.status === "PRIMARY") d.status = "ACTIVE";
  deployment.status = "PRIMARY";
  deployment.desiredCount = service.desiredCount;
  service.deployments = [deployment, ...service.deployments.filter((d) => d !== deployment)];
}

function drainOthers(ctx: SimContext, service: Service, primary: Deployment): void {
  service.deployments = [primary];
  for (const task of service.tasks.filter((t) => t.deploymentId !== primary.id)) forget(ctx, service, task);
}

function followTask(ctx: SimContext, service: Service, fact: TaskFact): void {
  const deployment = deploymentOf(service, fact.deploymentId) ?? adoptFromTask(ctx, service, fact);
  const revision = fact.taskDefinition ? resolveTaskDefinition(ctx, fact.taskDefinition)?.arn : undefined;
  if (revision && unknownRevision.has(deployment)) {
    deployment.taskDefinitionArn = revision;
    unknownRevision.delete(deployment);
  }
  const existing = ctx.tasks.get(fact.taskArn);
  const stopped = stoppedVersions(ctx);
  const last = existing?.version ?? stopped.get(fact.taskArn);
  if (last !== undefined && fact.version !== undefined && last >= fact.version) return;
  followBreaker(service, deployment, fact, existing);
  if (fact.lastStatus === "STOPPED") {
    const gone = existing ?? (fact.startedAt !== undefined ? seededOf(service, deployment)[0] : undefined);
    if (gone) forget(ctx, service, gone);
    // Only the version is kept: a late event of a stopped task must not bring it back.
    stopped.set(fact.taskArn, fact.version ?? Number.POSITIVE_INFINITY);
    return;
  }
  if (existing) {
    update(existing, fact);
    return;
  }
  // A seeded task stood for one whose id the state could not know: this may be it.
  const active = service.tasks.filter((t) => t.deploymentId === deployment.id && t.desiredStatus === "RUNNING").length;
  const stand = seededOf(service, deployment)[0];
  if (stand && active >= deployment.desiredCount) forget(ctx, service, stand);
  const task = streamTask(service, deployment, fact);
  ctx.tasks.set(task.arn, task);
  service.tasks.push(task);
}

/** A task of a deployment no event introduced: an older one, unless a deployment event says otherwise. */
function adoptFromTask(ctx: SimContext, service: Service, fact: TaskFact): Deployment {
  const revision = fact.taskDefinition ? resolveTaskDefinition(ctx, fact.taskDefinition)?.arn : undefined;
  const deployment = adopt(ctx, service, fact.deploymentId, fact.time, revision);
  deployment.rolloutState = "COMPLETED";
  provisional.add(deployment);
  if (!service.deployments.some((d) => d.status === "PRIMARY")) makePrimary(service, deployment);
  return deployment;
}

function seededOf(service: Service, deployment: Deployment): Task[] {
  return service.tasks.filter((t) => t.seeded && t.deploymentId === deployment.id && t.lastStatus !== "STOPPED");
}

function update(task: Task, fact: TaskFact): void {
  task.lastStatus = status(fact.lastStatus);
  task.desiredStatus = fact.desiredStatus === "STOPPED" ? "STOPPED" : "RUNNING";
  if (fact.version !== undefined) task.version = fact.version;
  task.startedAt ??= fact.startedAt;
}

function streamTask(service: Service, deployment: Deployment, fact: TaskFact): Task {
  return {
    id: fact.taskArn.slice(fact.taskArn.lastIndexOf("/") + 1),
    arn: fact.taskArn,
    cluster: service.cluster,
    serviceName: service.name,
    deploymentId: deployment.id,
    taskDefinitionArn: deployment.taskDefinitionArn,
    capacityProviderName:
      fact.capacityProvider ?? deployment.capacityProviderStrategy[0]?.capacityProvider ?? "FARGATE",
    lastStatus: status(fact.lastStatus),
    desiredStatus: fact.desiredStatus === "STOPPED" ? "STOPPED" : "RUNNING",
    version: fact.version ?? 1,
    createdAt: fact.time,
    startedAt: fact.startedAt,
    stoppingAt: undefined,
    stoppedAt: undefined,
    stop: undefined,
    fault: undefined,
  };
}

function status(s: string): TaskStatus {
  return s === "RUNNING" || s === "PENDING" || s === "STOPPED" ? s : "PROVISIONING";
}

function forget(ctx: SimContext, service: Service, task: Task): void {
  ctx.tasks.delete(task.arn);
  service.tasks = service.tasks.filter((t) => t !== task);
}

/**
 * ECS's breaker count (`failedTasks`) as the stream shows it: a counted stop adds one; a task
 * first seen RUNNING resets it, unless the count is cumulative. A task that runs and later fails
 * its health checks was never healthy, so this count can only be lower than ECS's: the guardrails
 * then act rather than wait for ECS.
 */
function followBreaker(service: Service, deployment: Deployment, fact: TaskFact, existing: Task | undefined): void {
  if (fact.lastStatus === "STOPPED" && fact.breakerFailure) deployment.failedTasks += 1;
  const nowRunning = fact.lastStatus === "RUNNING" && existing?.lastStatus !== "RUNNING";
  if (nowRunning && service.deploymentConfiguration.deploymentCircuitBreaker.resetOnHealthyTask !== false)
    deployment.failedTasks = 0;
}

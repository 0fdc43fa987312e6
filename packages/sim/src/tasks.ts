import { stops, taskStateChange } from "./events/builders.ts";
import type { StopSpec } from "./events/builders.ts";
import { arns, iso, serviceOf, taskDefinitionOf } from "./context.ts";
import type { SimContext } from "./context.ts";
import type { Deployment, Service, Task } from "./types.ts";

// The task lifecycle: PROVISIONING → PENDING → RUNNING → (desired STOPPED) → STOPPED, each
// change emitted as a Task State Change with a growing `version`. States ECS passes through
// without us emitting them (ACTIVATING, DEACTIVATING, STOPPING, DEPROVISIONING) still bump the
// version, which is why consumers see gaps (3 → 6 in the real samples).

const SILENT_STOP_STATES = 3; // DEACTIVATING, STOPPING, DEPROVISIONING

/** Starts a task of `deployment` on `capacityProviderName`; it provisions, then pulls, then runs. */
export function launchTask(
  ctx: SimContext,
  service: Service,
  deployment: Deployment,
  capacityProviderName: string,
): Task {
  const task = newTask(ctx, service, deployment, capacityProviderName);
  emitTask(ctx, task);
  ctx.timeline.after(ctx.timings.provisioningMs, () => toPending(ctx, task));
  return task;
}

/** A task that is already RUNNING, without events: the state of a service before a scenario. */
export function seedRunningTask(
  ctx: SimContext,
  service: Service,
  deployment: Deployment,
  capacityProviderName: string,
): Task {
  const task = newTask(ctx, service, deployment, capacityProviderName);
  task.lastStatus = "RUNNING";
  task.version = 4;
  task.startedAt = task.createdAt;
  task.seeded = true;
  scheduleRunningFault(ctx, task);
  return task;
}

function newTask(ctx: SimContext, service: Service, deployment: Deployment, capacityProviderName: string): Task {
  const id = ctx.ids.taskId();
  const task: Task = {
    id,
    arn: arns(ctx.place).task(service.cluster, id),
    cluster: service.cluster,
    serviceName: service.name,
    deploymentId: deployment.id,
    taskDefinitionArn: deployment.taskDefinitionArn,
    capacityProviderName,
    lastStatus: "PROVISIONING",
    desiredStatus: "RUNNING",
    version: 1,
    createdAt: ctx.timeline.now(),
    startedAt: undefined,
    stoppingAt: undefined,
    stoppedAt: undefined,
    stop: undefined,
    fault: ctx.faults.faultFor(service.arn, deployment.taskDefinitionArn),
  };
  ctx.tasks.set(task.arn, task);
  service.tasks.push(task);
  return task;
}

function toPending(ctx: SimContext, task: Task): void {
  if (task.desiredStatus !== "RUNNING" || task.lastStatus !== "PROVISIONING") return;
  task.lastStatus = "PENDING";
  task.version += 1;
  emitTask(ctx, task);
  ctx.timeline.after(ctx.timings.pendingMs, () => afterPull(ctx, task));
}

function afterPull(ctx: SimContext, task: Task): void {
  if (task.desiredStatus !== "RUNNING" || task.lastStatus !== "PENDING") return;
  if (task.fault?.kind === "image-pull") {
    const td = taskDefinitionOf(ctx, task.taskDefinitionArn);
    const pull = stops.imagePull(td.image);
    // The container never ran, so the event has no exit code (null tells the builder so).
    finishStop(ctx, task, { ...pull, containers: [{ name: td.containerName, exitCode: null }] }, true);
    return;
  }
  task.lastStatus = "RUNNING";
  task.version += 2; // ACTIVATING, then RUNNING
  task.startedAt = ctx.timeline.now();
  emitTask(ctx, task);
  scheduleRunningFault(ctx, task);
  // Healthy on reaching RUNNING, unless its health checks are set to fail: a task that crashes
  // later was healthy in between (ECS's breaker resets on it, and never counts the crash).
  if (task.fault?.kind !== "health-check") ctx.hooks.taskHealthy(task);
  const service = serviceOf(ctx, task);
  if (!service) return;
  ctx.hooks.reconcileSoon(service);
  // Look again once the task is stable: that may complete the deployment.
  ctx.timeline.after(ctx.timings.stabilizationMs, () => ctx.hooks.reconcileSoon(service));
}

function scheduleRunningFault(ctx: SimContext, task: Task): void {
  const fault = task.fault;
  if (!fault || fault.kind === "image-pull") return;
  const container = taskDefinitionOf(ctx, task.taskDefinitionArn).containerName;
  ctx.timeline.after(fault.afterSeconds * 1000, () => {
    if (task.lastStatus !== "RUNNING" || task.desiredStatus !== "RUNNING") return;
    if (fault.kind === "crash") finishStop(ctx, task, stops.crash(fault.exitCode ?? 1, container), true);
    else if (fault.kind === "out-of-memory") finishStop(ctx, task, stops.outOfMemory(container), true);
    else
      beginStop(ctx, task, stops.elbHealthCheck(fault.targetGroupArn), {
        failed: true,
        graceMs: ctx.timings.stoppingMs,
      });
  });
}

export type StopOptions = { failed: boolean; graceMs: number };

/**
 * Stops a task the way the scheduler (or Spot) does: a running task first gets desiredStatus
 * STOPPED (an event of its own: the Spot two-minute warning is one), then STOPPED after
 * `graceMs`. A task that is not running yet stops at once.
 */
export function beginStop(ctx: SimContext, task: Task, stop: StopSpec, options: StopOptions): void {
  if (task.desiredStatus === "STOPPED") return;
  if (task.lastStatus !== "RUNNING") {
    finishStop(ctx, task, stop, options.failed);
    return;
  }
  task.desiredStatus = "STOPPED";
  task.stoppingAt = ctx.timeline.now();
  task.stop = stop;
  task.version += 1;
  // No container exit codes yet: the containers are still running.
  emitTask(ctx, task, { stopCode: stop.stopCode, stoppedReason: stop.stoppedReason });
  ctx.timeline.after(options.graceMs, () => finishStop(ctx, task, stop, options.failed));
  const service = serviceOf(ctx, task);
  if (service) ctx.hooks.reconcileSoon(service);
}

/** The task is gone: emits STOPPED and tells the scheduler (and the circuit breaker). */
export function finishStop(ctx: SimContext, task: Task, stop: StopSpec, failed: boolean): void {
  if (task.lastStatus === "STOPPED") return;
  const now = ctx.timeline.now();
  task.version += task.lastStatus === "RUNNING" ? SILENT_STOP_STATES + 1 : 2;
  task.lastStatus = "STOPPED";
  task.desiredStatus = "STOPPED";
  task.stoppingAt ??= now;
  task.stoppedAt = now;
  task.stop = stop;
  emitTask(ctx, task, stop);
  ctx.timeline.after(ctx.timings.stoppedTaskRetentionMs, () => forget(ctx, task));
  ctx.hooks.taskStopped(task, failed);
}

/** ECS forgets stopped tasks after about an hour; so does the simulator, to stay small. */
function forget(ctx: SimContext, task: Task): void {
  ctx.tasks.delete(task.arn);
  const service = serviceOf(ctx, task);
  if (service) service.tasks = service.tasks.filter((t) => t !== task);
}

function emitTask(ctx: SimContext, task: Task, stop?: StopSpec): void {
  const td = taskDefinitionOf(ctx, task.taskDefinitionArn);
  ctx.emit(
    taskStateChange({
      ...ctx.place,
      cluster: task.cluster,
      service: task.serviceName,
      taskId: task.id,
      deploymentId: task.deploymentId,
      taskDefinition: task.taskDefinitionArn,
      version: task.version,
      lastStatus: task.lastStatus,
      desiredStatus: task.desiredStatus,
      time: iso(ctx.timeline.now()),
      createdAt: iso(task.createdAt),
      ...(task.startedAt !== undefined ? { startedAt: iso(task.startedAt) } : {}),
      capacityProviderName: task.capacityProviderName,
      cpu: td.cpu,
      memory: td.memory,
      container: td.containerName,
      ...(stop ? { stop } : {}),
    }),
  );
}

/** Tasks the scheduler counts: not stopping. */
export function isActive(task: Task): boolean {
  return task.desiredStatus === "RUNNING";
}

export function isRunning(task: Task): boolean {
  return task.lastStatus === "RUNNING" && task.desiredStatus === "RUNNING";
}

export function isStable(task: Task, now: number, stabilizationMs: number): boolean {
  return isRunning(task) && task.startedAt !== undefined && now - task.startedAt >= stabilizationMs;
}

import { deploymentOf, logServiceEvent } from "./context.ts";
import type { SimContext } from "./context.ts";
import { emitDeployment, startDeployment } from "./deployments.ts";
import { noteBreakerTripped, noteFailedTask } from "./service-deployments.ts";
import type { Deployment, Service, Task, ThresholdConfiguration } from "./types.ts";

// ECS's deployment circuit breaker (ECS controller only; docs/design/aws-facts.md#ecs-deployments-and-capacity):
// it counts the tasks of the deployment in progress that fail to launch, never reach RUNNING or
// fail their health checks — not a task that ran and then exited — and at the threshold fails
// the deployment and, with rollback on, starts a new deployment of the last COMPLETED one.
// Without a COMPLETED deployment it stalls. A healthy task zeroes the count unless
// resetOnHealthyTask is false. `failedTasks` is that count, as DescribeServices shows it.

/**
 * The threshold at `desiredCount`, written here apart from the guardrails' own reckoning:
 * BOUNDED_PERCENT (the default, 50) rounds value % up and clamps it to [3, 200] (the floor was 10
 * before 2024); UNBOUNDED_PERCENT does not clamp (at least 1); COUNT is the value itself.
 */
export function failureThreshold(config: ThresholdConfiguration | undefined, desiredCount: number): number {
  const type = config?.type ?? "BOUNDED_PERCENT";
  const value = config?.value ?? 50;
  if (type === "COUNT") return value;
  const share = Math.ceil((value * desiredCount) / 100);
  return type === "UNBOUNDED_PERCENT" ? Math.max(1, share) : Math.min(200, Math.max(3, share));
}

// The documented sample reason (docs/design/aws-facts.md#ecs-deployments-and-capacity); consumers match on the prefix only.
const FAILED_REASON = "ECS deployment circuit breaker: task failed to start.";

/** Counts a failed task against its deployment when ECS would; trips the breaker at the threshold. */
export function recordFailure(ctx: SimContext, service: Service, task: Task): void {
  const deployment = deploymentOf(service, task.deploymentId);
  if (!deployment || !countedByEcs(task)) return;
  deployment.failedTasks += 1;
  deployment.updatedAt = ctx.timeline.now();
  noteFailedTask(ctx, deployment);
  const breaker = service.deploymentConfiguration.deploymentCircuitBreaker;
  const watched = deployment.status === "PRIMARY" && deployment.rolloutState === "IN_PROGRESS";
  if (!watched || !breaker.enable || service.deploymentController !== "ECS") return;
  // The latest desired count: a scale-out during the deployment raises a percentage threshold.
  if (deployment.failedTasks >= failureThreshold(breaker.thresholdConfiguration, service.desiredCount))
    trip(ctx, service, deployment);
}

/** A task of the deployment turned healthy: the count starts again, unless it is cumulative. */
export function recordHealthy(ctx: SimContext, service: Service, task: Task): void {
  const deployment = deploymentOf(service, task.deploymentId);
  if (!deployment || service.deploymentConfiguration.deploymentCircuitBreaker.resetOnHealthyTask === false) return;
  deployment.failedTasks = 0;
  // The service deployment shows the same count (DescribeServiceDeployments' failureCount).
  noteFailedTask(ctx, deployment);
}

/** Never reached RUNNING, or stopped for failing its health checks: a crash after RUNNING is ECS's blind spot. */
function countedByEcs(task: Task): boolean {
  return task.startedAt === undefined || task.fault?.kind === "health-check";
}

function trip(ctx: SimContext, service: Service, deployment: Deployment): void {
  deployment.rolloutState = "FAILED";
  deployment.rolloutStateReason = FAILED_REASON;
  logServiceEvent(ctx, service, `(deployment ${deployment.id}) deployment failed: tasks failed to start.`);
  emitDeployment(ctx, service, deployment, "SERVICE_DEPLOYMENT_FAILED", FAILED_REASON);
  const target = service.lastCompleted;
  const rollsBack =
    service.deploymentConfiguration.deploymentCircuitBreaker.rollback && target && target.id !== deployment.id;
  const continues = noteBreakerTripped(
    ctx,
    service,
    deployment,
    rollsBack ? target.serviceRevisionArn : undefined,
    FAILED_REASON,
  );
  if (!rollsBack) return;
  logServiceEvent(ctx, service, `(deployment ${deployment.id}) rolling back to deployment ${target.id}.`);
  startDeployment(ctx, service, {
    taskDefinitionArn: target.taskDefinitionArn,
    capacityProviderStrategy: target.capacityProviderStrategy,
    reason: `ECS deployment circuit breaker: rolling back to deploymentId ${target.id}.`,
    ...(continues ? { continues } : {}),
  });
}

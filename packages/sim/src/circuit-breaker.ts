import { deploymentOf, logServiceEvent } from "./context.ts";
import type { SimContext } from "./context.ts";
import { emitDeployment, startDeployment } from "./deployments.ts";
import { noteBreakerTripped, noteFailedTask } from "./service-deployments.ts";
import type { Deployment, Service, Task } from "./types.ts";

// ECS's deployment circuit breaker (rolling deployments): it counts the tasks of the deployment
// in progress that fail, and at the threshold fails the deployment and, with rollback on, starts
// a new deployment of the last COMPLETED one. Without a COMPLETED deployment it stalls.

/** ceil(0.5 × desired count), clamped to [3, 200] (docs/design/aws-facts.md#ecs-deployments-and-capacity; the floor was 10 before 2024). */
export function failureThreshold(desiredCount: number): number {
  return Math.min(200, Math.max(3, Math.ceil(0.5 * desiredCount)));
}

// The documented sample reason (docs/design/aws-facts.md#ecs-deployments-and-capacity); consumers match on the prefix only.
const FAILED_REASON = "ECS deployment circuit breaker: task failed to start.";

/** Counts a failed task against its deployment; trips the breaker at the threshold. */
export function recordFailure(ctx: SimContext, service: Service, task: Task): void {
  const deployment = deploymentOf(service, task.deploymentId);
  if (!deployment) return;
  deployment.failedTasks += 1;
  deployment.updatedAt = ctx.timeline.now();
  noteFailedTask(ctx, deployment);
  const watched = deployment.status === "PRIMARY" && deployment.rolloutState === "IN_PROGRESS";
  if (!watched || !service.deploymentConfiguration.deploymentCircuitBreaker.enable) return;
  if (deployment.failedTasks >= failureThreshold(deployment.desiredCount)) trip(ctx, service, deployment);
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

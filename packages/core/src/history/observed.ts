import type { ServiceRef } from "../events/model.ts";
import type { ServiceDescription } from "../model/description.ts";
import type { DeploymentRecord } from "./model.ts";

// The known-good revision a service ran before the guardrails saw any of its deployments.
// ECS lists the deployment a release replaces (COMPLETED) only while the release rolls out:
// once it stops listing it, nothing but the history remembers it. So the first time the
// guardrails see it in a DescribeServices answer, it is written into the history as a
// completed deployment, marked as observed (no event of it was ever received).

export type ListedDeployment = ServiceDescription["deployments"][number];

/** A completed deployment seen in DescribeServices, as the history records it. */
export type ObservedDeployment = {
  deploymentId: string;
  taskDefinitionArn: string;
  startedAt: string | undefined;
  completedAt: string;
};

/**
 * The deployments ECS lists as known-good that the history does not have (`known`): each one
 * COMPLETED, or the lone PRIMARY of a service at steady state when ECS gives no rollout state.
 * `at` stands in for a completion time ECS does not give. Pure.
 */
export function knownGoodSighted(
  listed: readonly ListedDeployment[],
  known: ReadonlySet<string>,
  at: string,
): ObservedDeployment[] {
  return listed
    .filter(
      (d) => d.id && d.taskDefinition && !known.has(d.id) && (d.rolloutState === "COMPLETED" || steady(d, listed)),
    )
    .map((d) => ({
      deploymentId: d.id,
      taskDefinitionArn: d.taskDefinition,
      startedAt: d.createdAt,
      completedAt: d.updatedAt ?? d.createdAt ?? at,
    }));
}

/** Without a rollout state (older services), a lone PRIMARY running all its tasks is settled. */
function steady(d: ListedDeployment, listed: readonly ListedDeployment[]): boolean {
  return (
    d.rolloutState === undefined &&
    listed.length === 1 &&
    d.status === "PRIMARY" &&
    d.desiredCount > 0 &&
    d.runningCount >= d.desiredCount
  );
}

/** The record the history keeps of an observed deployment (as the store maps it back). */
export function observedRecord(ref: ServiceRef, d: ObservedDeployment): DeploymentRecord {
  return {
    ...ref,
    deploymentId: d.deploymentId,
    taskDefinitionArn: d.taskDefinitionArn,
    startedAt: d.startedAt,
    completedAt: d.completedAt,
    failedAt: undefined,
    rolledBackAt: undefined,
    rolledBackBy: undefined,
    rollbackOf: undefined,
    rollbackTo: undefined,
    initiatedBy: undefined,
    failures: {},
    failureCount: 0,
    reasons: [],
    outcome: "completed",
    source: "observed",
  };
}

import type { DeploymentRecord } from "./model.ts";

/**
 * The deployment an ECS circuit-breaker rollback replaced. Its event names only the deployment
 * it returns to ("rolling back to deploymentId X"), so the one that failed is read from the
 * history: the newest deployment seen before the rollback that is neither the rollback nor its
 * target and never completed (the breaker watches only deployments in progress). Undefined when
 * the history never saw it (it started before the guardrails did). Records are newest first.
 */
export function replacedByRollback(
  records: readonly DeploymentRecord[],
  rollback: { deploymentId: string; rollbackTo: string; updatedAt: string },
): string | undefined {
  const seen = (r: DeploymentRecord) => r.startedAt ?? r.failedAt;
  return records.find(
    (r) =>
      r.deploymentId !== rollback.deploymentId &&
      r.deploymentId !== rollback.rollbackTo &&
      !r.completedAt &&
      (seen(r) ?? "") <= rollback.updatedAt &&
      seen(r) !== undefined,
  )?.deploymentId;
}

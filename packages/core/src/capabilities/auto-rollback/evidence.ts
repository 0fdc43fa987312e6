import {
  elapsed,
  type Afterwards,
  type EvidenceOf,
  type Followed,
  type ObservedAction,
} from "../../history/observe-evidence.ts";
import type { DeploymentRecord } from "../../history/model.ts";
import type { RollbackAction } from "./actions.ts";

// What followed a rollback observe would have made (the observe report): the release was rolled
// back anyway (by a person, or by ECS's circuit breaker), it failed, or it completed and stayed.
// Pure.

export const rollbackEvidence: EvidenceOf = { next: (observed, after) => next(observed, after) };

function next(observed: ObservedAction, after: Afterwards): Followed {
  const action = observed.action as RollbackAction;
  const release = revision(action.fromTaskDefinition) ?? action.deploymentId;
  const bad = after.deployments.find((d) => d.deploymentId === action.deploymentId);
  const back = byHand(action, after.deployments, observed.at);
  if (bad?.rolledBackAt && bad.rolledBackBy?.startsWith("ecs"))
    return {
      next: `ECS's circuit breaker rolled ${release} back ${elapsed(observed.at, bad.rolledBackAt)} later`,
      verdict: "agreed",
    };
  if (back?.startedAt)
    return {
      next: `a person rolled the same release back by hand ${elapsed(observed.at, back.startedAt)} later (to ${revision(action.taskDefinition)})`,
      verdict: "agreed",
    };
  if (bad?.rolledBackAt)
    return { next: `${release} was rolled back ${elapsed(observed.at, bad.rolledBackAt)} later`, verdict: "agreed" };
  if (bad?.failedAt)
    return { next: `ECS marked ${release} failed ${elapsed(observed.at, bad.failedAt)} later`, verdict: "agreed" };
  if (bad?.completedAt && bad.completedAt >= observed.at)
    return {
      next: `${release} completed ${elapsed(observed.at, bad.completedAt)} later and nobody rolled it back: the rollback would have undone a release that worked`,
      verdict: "observe would have been wrong",
    };
  return {
    next: bad
      ? `${release} was still rolling out at the end of the period`
      : "the history has no record of the release",
    verdict: "unknown",
  };
}

/** The first deployment back to the known-good revision after the decision that no guardrail started. */
function byHand(action: RollbackAction, deployments: readonly DeploymentRecord[], at: string) {
  return deployments
    .filter(
      (d) =>
        d.deploymentId !== action.deploymentId &&
        d.taskDefinitionArn === action.taskDefinition &&
        d.initiatedBy === undefined &&
        d.rollbackTo === undefined &&
        (d.startedAt ?? "") >= at,
    )
    .sort((a, b) => (a.startedAt ?? "").localeCompare(b.startedAt ?? ""))[0];
}

const revision = (arn: string | undefined) => arn?.split("/").pop();

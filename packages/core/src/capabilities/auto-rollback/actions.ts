import type { ActionExecutor } from "../../engine/actions.ts";
import type { ServiceDescription } from "../../model/description.ts";
import { isRollingBack, type RevisionSettings, type ServiceDeploymentsView } from "../../model/revision-settings.ts";

// Auto-rollback's one action: the service back on its last known-good revision. While the bad
// release rolls out, ECS stops it and returns to its source revision (StopServiceDeployment,
// ROLLBACK); after it completed, UpdateService with the known-good revision's own settings
// (restore.ts chooses), or its task definition alone when ECS could not describe it.

export type RollbackAction = {
  type: "rollback";
  deploymentId: string;
  taskDefinition: string;
  fromTaskDefinition: string | undefined;
  /** ECS's service deployments are read from this time on before acting (the rollout's start). */
  since?: string;
  /** During the deployment: ECS's in-progress service deployment, stopped with ROLLBACK. */
  serviceDeploymentArn?: string;
  /** After it: the known-good revision's settings besides its task definition (UpdateService). */
  settings?: Omit<RevisionSettings, "taskDefinition">;
  /** The known-good service revision, when ECS described it. */
  revisionArn?: string;
};

export const primaryOf = (service: ServiceDescription | undefined) =>
  service?.deployments.find((d) => d.status === "PRIMARY");

const rollback: ActionExecutor<RollbackAction> = {
  inPlace: (action, service, deployments) => {
    const primary = primaryOf(service);
    if (primary && primary.taskDefinition === action.taskDefinition) return { deploymentId: primary.id };
    // ECS is rolling the bad release back, or has (ours, a person's, its circuit breaker's):
    // stopping it again or updating over it would repeat or contradict ECS.
    return ecsRollsBack(action, deployments) ? { deploymentId: undefined } : undefined;
  },
  readsServiceDeployments: (action) => action.since,
  change: (action) =>
    action.serviceDeploymentArn
      ? {
          stopDeployment: { serviceDeploymentArn: action.serviceDeploymentArn, deploymentId: action.deploymentId },
        }
      : {
          service: { taskDefinition: action.taskDefinition, ...action.settings, forceNewDeployment: true },
          startsDeployment: true,
        },
  rolledBack: (action) => action.deploymentId,
};

function ecsRollsBack(action: RollbackAction, view: ServiceDeploymentsView | undefined): boolean {
  if (!view || "unavailable" in view) return false;
  if (action.serviceDeploymentArn)
    return isRollingBack(view.deployments.find((d) => d.arn === action.serviceDeploymentArn));
  return view.deployments.some((d) => d.target?.taskDefinition === action.fromTaskDefinition && isRollingBack(d));
}

export const rollbackExecutors = { rollback };

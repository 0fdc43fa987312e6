import type { ActionExecutor } from "../../engine/actions.ts";
import type { ServiceDescription } from "../../model/description.ts";

// Auto-rollback's one action: the service back on the task definition of its last known-good
// deployment (UpdateService with a new deployment).

export type RollbackAction = {
  type: "rollback";
  deploymentId: string;
  taskDefinition: string;
  fromTaskDefinition: string | undefined;
};

export const primaryOf = (service: ServiceDescription | undefined) =>
  service?.deployments.find((d) => d.status === "PRIMARY");

const rollback: ActionExecutor<RollbackAction> = {
  inPlace: (action, service) => {
    const primary = primaryOf(service);
    return primary && primary.taskDefinition === action.taskDefinition ? { deploymentId: primary.id } : undefined;
  },
  change: (action) => ({
    service: { taskDefinition: action.taskDefinition, forceNewDeployment: true },
    startsDeployment: true,
  }),
  rolledBack: (action) => action.deploymentId,
};

export const rollbackExecutors = { rollback };

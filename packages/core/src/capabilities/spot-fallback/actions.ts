import type { ActionExecutor } from "../../engine/actions.ts";
import type { CapacityProviderItem } from "../../model/description.ts";
import { sameStrategy } from "./strategy.ts";

// Spot fallback's actions: the service's capacity provider strategy moved to on-demand and
// back. ECS requires a new deployment to change a service's capacity provider strategy.

export type CapacityFallbackAction = {
  type: "capacity-fallback";
  capacityProviderStrategy: CapacityProviderItem[];
  previousStrategy: CapacityProviderItem[];
};
export type CapacityRestoreAction = {
  type: "capacity-restore";
  capacityProviderStrategy: CapacityProviderItem[];
  previousStrategy: CapacityProviderItem[];
};

const capacity: ActionExecutor<CapacityFallbackAction | CapacityRestoreAction> = {
  inPlace: (action, service) =>
    service && sameStrategy(service.capacityProviderStrategy, action.capacityProviderStrategy)
      ? { deploymentId: service.deployments.find((d) => d.status === "PRIMARY")?.id }
      : undefined,
  change: (action) => ({
    service: { capacityProviderStrategy: action.capacityProviderStrategy, forceNewDeployment: true },
    startsDeployment: true,
  }),
};

export const capacityExecutors = {
  "capacity-fallback": capacity as ActionExecutor<CapacityFallbackAction>,
  "capacity-restore": capacity as ActionExecutor<CapacityRestoreAction>,
};

import type { ServiceRef } from "../events/model.ts";
import type { ServiceGateway } from "../ports.ts";
import { sameStrategy } from "../policies/spot-strategy.ts";
import type { ActionRequest, Snapshot } from "../policies/types.ts";

export type ActionOutcome = { status: "done" | "already-done"; deploymentId: string | undefined };

/**
 * Carries out an action through ECS. Each action first checks whether ECS already shows its
 * result, so an invocation that retries after a crash does not repeat an UpdateService.
 */
export async function executeAction(ref: ServiceRef, action: ActionRequest, snapshot: Snapshot, ecs: ServiceGateway): Promise<ActionOutcome> {
  const primary = snapshot.service?.deployments.find((d) => d.status === "PRIMARY");
  switch (action.type) {
    case "rollback": {
      if (primary && primary.taskDefinition === action.taskDefinition) return { status: "already-done", deploymentId: primary.id };
      const { deploymentId } = await ecs.updateService(ref, { taskDefinition: action.taskDefinition, forceNewDeployment: true });
      return { status: "done", deploymentId };
    }
    case "capacity-fallback":
    case "capacity-restore": {
      if (sameStrategy(snapshot.service?.capacityProviderStrategy ?? [], action.capacityProviderStrategy)) return { status: "already-done", deploymentId: primary?.id };
      // ECS requires a new deployment to change a service's capacity provider strategy.
      const { deploymentId } = await ecs.updateService(ref, { capacityProviderStrategy: action.capacityProviderStrategy, forceNewDeployment: true });
      return { status: "done", deploymentId };
    }
    case "scale": {
      if (action.desiredCount === undefined || snapshot.service?.desiredCount === action.desiredCount) return { status: "already-done", deploymentId: undefined };
      await ecs.updateService(ref, { desiredCount: action.desiredCount });
      return { status: "done", deploymentId: undefined };
    }
  }
}

export { sameStrategy };

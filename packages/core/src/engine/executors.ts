import type { ServiceRef } from "../events/model.ts";
import type { ActionExecutor, Executors, ScalableTargets, ServiceGateway } from "./ports.ts";
import { scaleExecutor } from "../capabilities/scheduled-scaling/executor.ts";
import { sameStrategy } from "../capabilities/spot-fallback/strategy.ts";
import type { ActionRequest, ServiceDescription } from "./policy.ts";

export type ActionOutcome = { status: "done" | "already-done"; deploymentId: string | undefined };

/**
 * Carries out an action through its executor. Each executor first checks whether the target
 * already shows the action's result, so an invocation that retries after a crash, or completes
 * an intent another one left open, never repeats the change.
 */
export async function executeAction(ref: ServiceRef, action: ActionRequest, service: ServiceDescription | undefined, executors: Executors): Promise<ActionOutcome> {
  const executor = executors[action.type] as ActionExecutor<ActionRequest>;
  const shown = executor.inPlace(action, service);
  if (shown) return { status: "already-done", deploymentId: shown.deploymentId };
  const { deploymentId } = await executor.apply(ref, action);
  return { status: "done", deploymentId };
}

const primaryOf = (service: ServiceDescription | undefined) => service?.deployments.find((d) => d.status === "PRIMARY");

/**
 * The actions ECS carries out (UpdateService, each with its own "already done" test), and
 * `scale`, whose min/max goes through Application Auto Scaling (`targets`) when the policy
 * decided so (scheduled-scaling/executor.ts).
 */
export function ecsExecutors(ecs: ServiceGateway, targets?: ScalableTargets): Executors {
  const capacity: ActionExecutor<Extract<ActionRequest, { type: "capacity-fallback" | "capacity-restore" }>> = {
    inPlace: (action, service) => (service && sameStrategy(service.capacityProviderStrategy, action.capacityProviderStrategy) ? { deploymentId: primaryOf(service)?.id } : undefined),
    // ECS requires a new deployment to change a service's capacity provider strategy.
    apply: (ref, action) => ecs.updateService(ref, { capacityProviderStrategy: action.capacityProviderStrategy, forceNewDeployment: true }),
  };
  return {
    rollback: {
      inPlace: (action, service) => {
        const primary = primaryOf(service);
        return primary && primary.taskDefinition === action.taskDefinition ? { deploymentId: primary.id } : undefined;
      },
      apply: (ref, action) => ecs.updateService(ref, { taskDefinition: action.taskDefinition, forceNewDeployment: true }),
    },
    "capacity-fallback": capacity,
    "capacity-restore": capacity,
    scale: scaleExecutor(ecs, targets),
  };
}

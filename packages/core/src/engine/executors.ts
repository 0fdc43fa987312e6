import type { ServiceRef } from "../model/service-ref.ts";
import { serviceKey } from "../model/service-ref.ts";
import type { ServiceDescription } from "../model/description.ts";
import type { ServiceDeploymentsView } from "../model/revision-settings.ts";
import type { Action } from "../model/decision.ts";
import { EXECUTORS } from "../registry.ts";
import type { ActionExecutor, ExecutorMap, ExecutorPorts } from "./actions.ts";
import type { ScalableTargets, ServiceGateway } from "./gateways.ts";

export type ActionOutcome = { status: "done" | "already-done"; deploymentId: string | undefined };

/**
 * Carries out an action through its executor (the registry's, by action type). Each executor
 * first checks whether the target already shows the action's result, so an invocation that
 * retries after a crash, or completes an intent another one left open, never repeats the change.
 */
export async function executeAction(
  ref: ServiceRef,
  action: Action,
  service: ServiceDescription | undefined,
  executors: ExecutorMap,
  deployments?: ServiceDeploymentsView,
): Promise<ActionOutcome> {
  const executor = executorOf(action, executors);
  const shown = executor.inPlace(action, service, deployments);
  if (shown) return { status: "already-done", deploymentId: shown.deploymentId };
  const { deploymentId } = await executor.apply!(ref, action);
  return { status: "done", deploymentId };
}

export function executorOf(action: Action, executors: ExecutorMap): ActionExecutor<Action> {
  const executor = executors[action.type];
  if (!executor) throw new Error(`no executor for the action ${action.type}`);
  return executor;
}

/** An executor that makes its action's change through these ports (UpdateService, or a scalable target's min/max). */
export function bindExecutor<A extends Action>(
  executor: ActionExecutor<A>,
  ports: ExecutorPorts,
): ActionExecutor<A> & Required<Pick<ActionExecutor<A>, "apply">> {
  if (executor.apply) return { ...executor, apply: executor.apply };
  return {
    ...executor,
    async apply(ref, action) {
      const change = executor.change?.(action);
      if (!change) return { deploymentId: undefined };
      if ("scalableTarget" in change) {
        if (!ports.scalableTargets)
          throw new Error(
            `${serviceKey(ref)}: setting min/max needs Application Auto Scaling, which this function is not given`,
          );
        await ports.scalableTargets.setRange(ref, change.scalableTarget);
        return { deploymentId: undefined };
      }
      if ("stopDeployment" in change) return stopDeployment(ref, change.stopDeployment, ports);
      const { deploymentId } = await ports.ecs.updateService(ref, change.service);
      return { deploymentId: change.startsDeployment ? deploymentId : undefined };
    },
  };
}

/**
 * StopServiceDeployment with ROLLBACK: ECS returns to the source revision in a deployment of its
 * own, which DescribeServices then lists as PRIMARY (the action's, for the history).
 */
async function stopDeployment(
  ref: ServiceRef,
  stop: { serviceDeploymentArn: string; deploymentId: string },
  ports: ExecutorPorts,
): Promise<{ deploymentId: string | undefined }> {
  if (!ports.serviceDeployments)
    throw new Error(
      `${serviceKey(ref)}: stopping a service deployment needs ECS's StopServiceDeployment, which this function is not given`,
    );
  const stopped = await ports.serviceDeployments.stopServiceDeployment(stop.serviceDeploymentArn, "ROLLBACK");
  // ECS refuses a deployment that is no longer in progress: it finished, or is being rolled
  // back or stopped already. The action failed; a retry decides again from what ECS shows.
  if (stopped.outcome !== "stopped")
    throw new Error(
      `ECS did not stop ${stop.serviceDeploymentArn}: ${stopped.outcome === "not-found" ? "not found" : stopped.message}`,
    );
  const primary = (await ports.ecs.describeService(ref))?.deployments.find((d) => d.status === "PRIMARY");
  // Until ECS starts its rollback deployment, the stopped one may still be PRIMARY: not ours.
  return { deploymentId: primary && primary.id !== stop.deploymentId ? primary.id : undefined };
}

/** Every capability's executors (registry.ts), acting through these ports. */
export const executorsFor = (ports: ExecutorPorts): ExecutorMap =>
  Object.fromEntries(Object.entries(EXECUTORS as ExecutorMap).map(([type, e]) => [type, bindExecutor(e, ports)]));

/** The executors acting through ECS (`ecs`) and, for min/max, Application Auto Scaling (`targets`). */
export const ecsExecutors = (ecs: ServiceGateway, targets?: ScalableTargets): ExecutorMap =>
  executorsFor({ ecs, scalableTargets: targets });

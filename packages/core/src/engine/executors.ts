import type { ServiceRef } from "../model/service-ref.ts";
import { serviceKey } from "../model/service-ref.ts";
import type { ServiceDescription } from "../model/description.ts";
import type { ServiceDeploymentsView } from "../model/revision-settings.ts";
import type { Action } from "../model/decision.ts";
import { EXECUTORS } from "../registry.ts";
import type { ActionExecutor, Applied, ExecutorMap, ExecutorPorts, HookAnswer } from "./actions.ts";
import type { ScalableTargets, ServiceGateway } from "./gateways.ts";

/** `moot`: nothing was changed because the target moved on since the decision (`reason` says how). */
export type ActionOutcome =
  | { status: "done" | "already-done"; deploymentId: string | undefined }
  | { status: "moot"; deploymentId: undefined; reason: string };

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
  const applied = await executor.apply!(ref, action);
  if (applied.shown) return { status: "already-done", deploymentId: applied.deploymentId };
  if (applied.moot) return { status: "moot", deploymentId: undefined, reason: applied.moot };
  return { status: "done", deploymentId: applied.deploymentId };
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
      if ("lifecycleHook" in change) return answerHook(ref, change.lifecycleHook, ports);
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

/**
 * A paused hook's answer, only while ECS still waits for it: re-read, then answer. A hook ECS
 * has moved on from (answered, timed out, gone) or whose time is up is moot, never answered.
 */
async function answerHook(ref: ServiceRef, a: HookAnswer, ports: ExecutorPorts): Promise<Applied> {
  const ecs = ports.serviceDeployments;
  if (!ecs)
    throw new Error(
      `${serviceKey(ref)}: answering a paused deployment needs ECS's service deployments, which this function is not given`,
    );
  const { found } = await ecs.describeServiceDeployments([a.serviceDeploymentArn]);
  const hook = found[0]?.lifecycleHooks.find((h) => h.hookId === a.hookId);
  // ECS shows the hook as this answer leaves it: an earlier attempt answered, its reply was lost.
  if (hook?.status === (a.action === "ROLLBACK" ? "FAILED" : "SUCCEEDED"))
    return { deploymentId: undefined, shown: true };
  if (hook?.status !== "AWAITING_ACTION")
    return { deploymentId: undefined, moot: `ECS has moved on: the hook is ${hook?.status ?? "no longer listed"}` };
  const now = (ports.clock ?? { now: () => new Date() }).now().getTime();
  const expiry = hook.expiresAt ? Date.parse(hook.expiresAt) : Number.POSITIVE_INFINITY;
  if (now >= Math.min(Date.parse(a.notAfter), expiry))
    return {
      deploymentId: undefined,
      moot: `too late to answer: the hook expires at ${hook.expiresAt ?? a.notAfter}, and ECS takes its timeout action (${hook.timeoutAction ?? "ROLLBACK"})`,
    };
  const answered = await ecs.continueServiceDeployment(a.serviceDeploymentArn, a.hookId, a.action);
  if (answered.outcome === "not-found")
    return { deploymentId: undefined, moot: "ECS has moved on: the deployment is gone" };
  return { deploymentId: undefined };
}

/** Every capability's executors (registry.ts), acting through these ports. */
export const executorsFor = (ports: ExecutorPorts): ExecutorMap =>
  Object.fromEntries(Object.entries(EXECUTORS as ExecutorMap).map(([type, e]) => [type, bindExecutor(e, ports)]));

/** The executors acting through ECS (`ecs`) and, for min/max, Application Auto Scaling (`targets`). */
export const ecsExecutors = (ecs: ServiceGateway, targets?: ScalableTargets): ExecutorMap =>
  executorsFor({ ecs, scalableTargets: targets });

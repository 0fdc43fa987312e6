import type { ServiceRef } from "../model/service-ref.ts";
import type { ServiceDescription } from "../model/description.ts";
import type { ActionExecutor, ExecutorMap } from "./actions.ts";
import type { Action } from "../model/decision.ts";

export type ActionOutcome = { status: "done" | "already-done"; deploymentId: string | undefined };

/**
 * Carries out an action through its executor (the registry's, by action type). Each executor
 * first checks whether the target already shows the action's result, so an invocation that
 * retries after a crash, or completes an intent another one left open, never repeats the change.
 */
export async function executeAction(ref: ServiceRef, action: Action, service: ServiceDescription | undefined, executors: ExecutorMap): Promise<ActionOutcome> {
  const executor = executorOf(action, executors);
  const shown = executor.inPlace(action, service);
  if (shown) return { status: "already-done", deploymentId: shown.deploymentId };
  const { deploymentId } = await executor.apply(ref, action);
  return { status: "done", deploymentId };
}

export function executorOf(action: Action, executors: ExecutorMap): ActionExecutor<Action> {
  const executor = executors[action.type];
  if (!executor) throw new Error(`no executor for the action ${action.type}`);
  return executor;
}

import type { HookEvent, ServiceRef } from "../../events/model.ts";
import type { Decision, PolicyState } from "../../model/decision.ts";
import { serviceKey } from "../../model/service-ref.ts";
import type { PauseHookAnswerAction } from "./actions.ts";
import type { PausedHook } from "./state.ts";

// The pause hook's decisions in words: the pause noted, the answer, and a hook left to ECS's
// timeout action. Keys are per hook: `pause-hook#<hookId>` for the answer (CONTINUE and
// ROLLBACK share it, so a hook is answered once, whichever it is).

type D = Decision<PauseHookAnswerAction>;

const base = (ref: ServiceRef, hook: PausedHook) => ({
  policy: "pause-hook",
  threadId: `${serviceKey(ref)}/${hook.deploymentId ?? hook.serviceDeploymentArn}`,
  deploymentId: hook.deploymentId,
  facts: {
    hookId: hook.hookId,
    stage: hook.stage,
    serviceDeployment: hook.serviceDeploymentArn,
    ...(hook.expiresAt ? { expiresAt: hook.expiresAt } : {}),
    ...(hook.timeoutAction ? { timeoutAction: hook.timeoutAction } : {}),
  },
});

export function paused(ref: ServiceRef, hook: PausedHook, state: PolicyState): D {
  return {
    ...base(ref, hook),
    key: `pause-hook#${hook.hookId}#paused`,
    action: undefined,
    severity: "info",
    title: `${serviceKey(ref)} paused at ${hook.stage}: the guardrails judge it`,
    reason: `ECS paused the deployment at ${hook.stage}${hook.expiresAt ? ` until ${hook.expiresAt}` : ""}; the guardrails judge the target revision and answer`,
    state,
  };
}

export function answered(
  ref: ServiceRef,
  hook: PausedHook,
  action: PauseHookAnswerAction,
  reason: string,
  facts: Record<string, string>,
  state: PolicyState,
): D {
  const rollback = action.answer === "ROLLBACK";
  const b = base(ref, hook);
  return {
    ...b,
    key: `pause-hook#${hook.hookId}`,
    action,
    severity: rollback ? "critical" : "info",
    title: rollback
      ? `Roll back ${serviceKey(ref)} at its paused ${hook.stage}`
      : `Continue the deployment of ${serviceKey(ref)} past ${hook.stage}`,
    reason: `${hook.stage}: ${reason}`,
    facts: { ...b.facts, ...facts, answer: action.answer },
    nextSteps: rollback
      ? [
          "Look at the target revision's stopped tasks and alarms (`guardrails history`)",
          "Fix forward with a new revision",
        ]
      : ["Nothing to do: the deployment goes on to its next stage"],
    state,
  };
}

export function timedOut(ref: ServiceRef, hook: PausedHook, state: PolicyState): D {
  const then = hook.timeoutAction ?? "ROLLBACK";
  return {
    ...base(ref, hook),
    key: `pause-hook#${hook.hookId}#timeout`,
    action: undefined,
    severity: "warning",
    title: `${serviceKey(ref)}: the pause at ${hook.stage} is left to ECS's timeout action`,
    reason: `no answer was given before the hook's expiry${hook.expiresAt ? ` (${hook.expiresAt})` : ""}; ECS takes its timeout action, ${then}`,
    nextSteps: [
      "Answer it yourself if time is left: `aws ecs continue-service-deployment`",
      "Look at the guardrails' logs",
    ],
    state,
  };
}

export function unanswerable(ref: ServiceRef, e: HookEvent): D {
  return {
    policy: "pause-hook",
    key: `pause-hook#event#${e.eventId}`,
    action: undefined,
    severity: "warning",
    title: `${serviceKey(ref)} paused at ${e.stage ?? "a stage"}: left to a person`,
    reason: "the event names no hook id or service deployment, so the guardrails cannot answer it",
    threadId: `${serviceKey(ref)}/${e.deploymentId ?? e.eventId}`,
    deploymentId: e.deploymentId,
    facts: { stage: e.stage ?? "unknown" },
  };
}

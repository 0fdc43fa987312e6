import type { LifecycleHook } from "./types.ts";

// deploymentConfiguration.lifecycleHooks as ECS checks them (the API model's enums and ranges):
// a Lambda hook names its function and role, every hook names stages ECS knows, a timeout is
// 1–20160 minutes. ECS's defaults for a hook without a timeout: 1440 minutes, then ROLLBACK.

export const HOOK_STAGES = [
  "RECONCILE_SERVICE",
  "PRE_SCALE_UP",
  "POST_SCALE_UP",
  "TEST_TRAFFIC_SHIFT",
  "POST_TEST_TRAFFIC_SHIFT",
  "PRE_PRODUCTION_TRAFFIC_SHIFT",
  "PRODUCTION_TRAFFIC_SHIFT",
  "POST_PRODUCTION_TRAFFIC_SHIFT",
];

export const DEFAULT_HOOK_TIMEOUT_MINUTES = 1440;
export const DEFAULT_HOOK_TIMEOUT_ACTION = "ROLLBACK";

export function lifecycleHooksProblem(hooks: readonly LifecycleHook[]): string | undefined {
  if (!Array.isArray(hooks)) return "lifecycleHooks must be a list.";
  for (const hook of hooks) {
    const problem = hookProblem(hook);
    if (problem) return problem;
  }
  return undefined;
}

function hookProblem(hook: LifecycleHook): string | undefined {
  if (typeof hook !== "object" || hook === null) return "a lifecycle hook must be an object.";
  if (hook.targetType !== "AWS_LAMBDA" && hook.targetType !== "PAUSE")
    return "lifecycleHooks.targetType must be AWS_LAMBDA or PAUSE.";
  if (hook.targetType === "AWS_LAMBDA" && (typeof hook.hookTargetArn !== "string" || typeof hook.roleArn !== "string"))
    return "A lifecycle hook of targetType AWS_LAMBDA needs hookTargetArn and roleArn.";
  const stages = hook.lifecycleStages;
  if (!Array.isArray(stages) || stages.length === 0 || !stages.every((s) => HOOK_STAGES.includes(s)))
    return `lifecycleHooks.lifecycleStages must be one or more of ${HOOK_STAGES.join(", ")}.`;
  const timeout = hook.timeoutConfiguration;
  if (timeout === undefined) return undefined;
  const minutes = timeout.timeoutInMinutes;
  if (minutes !== undefined && (!Number.isInteger(minutes) || minutes < 1 || minutes > 20160))
    return "timeoutConfiguration.timeoutInMinutes must be between 1 and 20160.";
  if (timeout.action !== undefined && timeout.action !== "CONTINUE" && timeout.action !== "ROLLBACK")
    return "timeoutConfiguration.action must be CONTINUE or ROLLBACK.";
  return undefined;
}

import { type Log, withLambdaContext } from "./lib/log.ts";
import { MetricLog } from "./lib/metric-log.ts";
import type { HookResponse } from "@ecs-guardrails/core/capabilities/deployment-hook/answer";
import type { HookDeps } from "@ecs-guardrails/core/capabilities/deployment-hook/ports";
import { answerHook, answerUnaided } from "@ecs-guardrails/core/capabilities/deployment-hook/run";
import { hookDeps } from "./lib/hook-deps.ts";
import { HOOK_ON_FAULT_METRIC } from "@ecs-guardrails/core/capabilities/deployment-hook/metrics";
import { serviceKey } from "@ecs-guardrails/core/model/service-ref";

// ECS invokes this at the lifecycle stages of a BLUE_GREEN / LINEAR / CANARY deployment and
// rolls the deployment back on FAILED, on an invalid answer and on a thrown error. So it never
// throws: answerHook turns every fault into an answer, and the log line is the record of last
// resort when the history cannot be written.

const logger = new MetricLog({ serviceName: "ecs-guardrails" });

/** `count`: one metric count (the stack alarms on the onFault answers: docs/operations.md). */
export function makeDeploymentHook(
  deps: () => HookDeps,
  log: Log = logger,
  count: (metric: string) => void = (metric) => logger.count(metric),
) {
  let built: HookDeps | undefined;
  return async (raw: unknown): Promise<HookResponse> => {
    try {
      // Built on the first call, inside the guard: a config that fails at cold start must
      // still get an answer, not an exception (which ECS would take as FAILED).
      built ??= deps();
    } catch (error) {
      const outcome = answerUnaided(raw, `the hook cannot start: ${(error as Error).message}`);
      log.error("deployment hook cannot start: answering as for a fault of its own", {
        error,
        hookStatus: outcome.response.hookStatus,
        reason: outcome.answer.reason,
      });
      if (outcome.answer.rule === "fault-outcome") count(HOOK_ON_FAULT_METRIC);
      return outcome.response;
    }
    const outcome = await answerHook(raw, built);
    const { answer, ref, invocation } = outcome;
    const fields = {
      service: ref ? serviceKey(ref) : undefined,
      stage: invocation?.stage,
      deploymentId: invocation?.deploymentId,
      hookStatus: outcome.response.hookStatus,
      verdict: answer.verdict,
      rule: answer.rule,
      mode: answer.mode,
      reason: answer.reason,
    };
    if (answer.rule.startsWith("fault")) log.error("deployment hook could not judge the revision", fields);
    else log.info("deployment hook answered", fields);
    for (const problem of outcome.problems) log.warn(problem, fields);
    // The deployment went on (or rolled back) unjudged: worth an alarm, not only a log line.
    if (answer.rule === "fault-outcome") count(HOOK_ON_FAULT_METRIC);
    return outcome.response;
  };
}

export const handler = withLambdaContext(
  logger,
  makeDeploymentHook(() => hookDeps()),
);

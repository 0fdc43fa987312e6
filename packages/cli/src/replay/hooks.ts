import type { HookDeps } from "@ecs-guardrails/core/capabilities/deployment-hook/ports";
import { answerHook } from "@ecs-guardrails/core/capabilities/deployment-hook/run";
import type { HookAnswerLine } from "./lines.ts";

// Deployment lifecycle-hook invocations in a replay: a scenario event `{ "time": ISO,
// "hookInvocation": <what ECS sends the Lambda> }` (or the bare invocation, timed like the event
// before it). Each is answered by the real hook against the replay's history, at the event's
// time, and carries the last IN_PROGRESS answer's hookDetails into the next invocation of the
// same execution, as ECS does.

export type HookEntry = { time?: string; hookInvocation: Record<string, unknown> };

export function hookInvocationOf(raw: unknown): Record<string, unknown> | undefined {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return undefined;
  const r = raw as Record<string, unknown>;
  if (typeof r["hookInvocation"] === "object" && r["hookInvocation"] !== null)
    return r["hookInvocation"] as Record<string, unknown>;
  return "lifecycleStage" in r && "executionDetails" in r ? r : undefined;
}

export class HookReplayer {
  private deps: HookDeps | undefined;
  private readonly carried = new Map<string, Record<string, unknown>>();
  private readonly now: () => Date;
  private readonly make: (now: () => Date) => HookDeps;

  /** `make` builds the hook's dependencies as the function does (runtime/functions.ts), on the first hook. */
  constructor(now: () => Date, make: (now: () => Date) => HookDeps) {
    this.now = now;
    this.make = make;
  }

  async answer(invocation: Record<string, unknown>, where: { index: number; file?: string }): Promise<HookAnswerLine> {
    const deps = await this.build();
    const id = String(invocation["executionId"]);
    const details =
      typeof invocation["hookDetails"] === "object" && invocation["hookDetails"] !== null
        ? invocation["hookDetails"]
        : {};
    const outcome = await answerHook({ ...invocation, hookDetails: { ...details, ...this.carried.get(id) } }, deps);
    if (outcome.response.hookDetails) this.carried.set(id, outcome.response.hookDetails);
    const { response, answer, ref, invocation: parsed } = outcome;
    return {
      type: "hook-answer",
      ...where,
      at: this.now().toISOString(),
      cluster: ref?.cluster ?? "",
      service: ref?.service ?? "",
      stage: parsed?.stage ?? String(invocation["lifecycleStage"] ?? ""),
      hookStatus: response.hookStatus,
      ...(response.callBackDelay !== undefined ? { callBackDelay: response.callBackDelay } : {}),
      verdict: answer.verdict,
      mode: answer.mode,
      reason: answer.reason,
    };
  }

  private async build(): Promise<HookDeps> {
    this.deps ??= this.make(this.now);
    return this.deps;
  }
}

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

/** The simulator's service deployments, as the replay binds invocations to them. */
export type SimDeployments = {
  listServiceDeployments(input: { cluster: string; service: string }): {
    serviceDeployments: { serviceDeploymentArn?: string }[];
  };
  describeServiceDeployments(input: { serviceDeploymentArns: string[] }): {
    serviceDeployments: { targetServiceRevision?: { arn?: string }; sourceServiceRevisions?: { arn?: string }[] }[];
  };
};

/**
 * A scenario's invocation names a service deployment and revisions of its own (the documented
 * example's); ECS would have named the service's own. Unless the simulator knows the one named,
 * it is bound to the service's newest service deployment: its ARN, its target revision, and the
 * traffic weights' revisions (the target's, and the source's for every other).
 */
export function boundToSim(invocation: Record<string, unknown>, sim: SimDeployments): Record<string, unknown> {
  const details = invocation["executionDetails"] as Record<string, unknown> | undefined;
  const resourceArn = invocation["resourceArn"];
  const path = String(details?.["serviceArn"] ?? "")
    .split(":service/")[1]
    ?.split("/");
  if (typeof resourceArn !== "string" || !details || path?.length !== 2) return invocation;
  try {
    if (sim.describeServiceDeployments({ serviceDeploymentArns: [resourceArn] }).serviceDeployments.length > 0)
      return invocation;
    const newest = sim.listServiceDeployments({ cluster: path[0]!, service: path[1]! }).serviceDeployments[0];
    const sd = newest?.serviceDeploymentArn
      ? sim.describeServiceDeployments({ serviceDeploymentArns: [newest.serviceDeploymentArn] }).serviceDeployments[0]
      : undefined;
    const target = sd?.targetServiceRevision?.arn;
    if (!newest?.serviceDeploymentArn || !target) return invocation;
    const source = sd.sourceServiceRevisions?.[0]?.arn ?? target;
    const named = String(details["targetServiceRevisionArn"]);
    const rebind = (w: unknown) =>
      w && typeof w === "object"
        ? Object.fromEntries(Object.entries(w).map(([k, v]) => [k === named ? target : source, v]))
        : w;
    return {
      ...invocation,
      resourceArn: newest.serviceDeploymentArn,
      executionDetails: {
        ...details,
        targetServiceRevisionArn: target,
        testTrafficWeights: rebind(details["testTrafficWeights"]),
        productionTrafficWeights: rebind(details["productionTrafficWeights"]),
      },
    };
  } catch {
    // A service the simulator does not know: the invocation as written (the hook answers it as a fault).
    return invocation;
  }
}

export class HookReplayer {
  private deps: HookDeps | undefined;
  private readonly carried = new Map<string, Record<string, unknown>>();
  private readonly now: () => Date;
  private readonly make: (now: () => Date) => HookDeps;
  private readonly sim: SimDeployments | undefined;

  /** `make` builds the hook's dependencies as the function does (runtime/functions.ts), on the first hook. */
  constructor(now: () => Date, make: (now: () => Date) => HookDeps, sim?: SimDeployments) {
    this.now = now;
    this.make = make;
    this.sim = sim;
  }

  async answer(written: Record<string, unknown>, where: { index: number; file?: string }): Promise<HookAnswerLine> {
    const deps = await this.build();
    const invocation = this.sim ? boundToSim(written, this.sim) : written;
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

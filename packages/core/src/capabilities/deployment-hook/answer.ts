import type { Mode } from "../../config/policy-settings.ts";
import type { HookStatus, Verdict } from "./decide.ts";
import type { DeploymentHookSettings } from "./settings.ts";
import { STATE_KEY, type HookState } from "./state.ts";

// From a verdict (or a fault of the hook's own) to the answer ECS gets, under the service's
// mode. Pure. Only three answers are valid, and anything else — a thrown error included —
// makes ECS roll back, so every path here ends in one of them.

/** What the Lambda returns to ECS. */
export type HookResponse = { hookStatus: HookStatus; callBackDelay?: number; hookDetails?: Record<string, unknown> };

/** The answer with what the history records about it. */
export type HookAnswer = {
  response: HookResponse;
  /** What the hook would have answered in enforce mode (differs in observe / off / kill switch). */
  verdict: HookStatus;
  reason: string;
  /** Which rule answered, or `fault` / `fault-outcome` for the hook's own faults. */
  rule: string;
  mode: Mode;
  /** Set when the kill switch kept an enforce-mode verdict from being answered. */
  guard: string | undefined;
  state: HookState;
  facts: Record<string, string>;
};

export type Governing = { mode: Mode; killSwitch: boolean; hook: DeploymentHookSettings };

/** A judgement was made: the faults in a row end. Observe, off and the kill switch always let the deployment go on. */
export function answerVerdict(v: Verdict, state: HookState, g: Governing): HookAnswer {
  const next = { ...state, faults: 0, answers: state.answers + 1 };
  const guard = g.mode === "enforce" && g.killSwitch ? "the kill switch is on" : undefined;
  const acts = g.mode === "enforce" && !guard;
  const status: HookStatus = acts ? v.status : "SUCCEEDED";
  const why =
    acts || v.status === "SUCCEEDED"
      ? v.reason
      : `${v.reason}; ${g.mode} mode${guard ? ` (${guard})` : ""} answers SUCCEEDED instead of ${v.status}`;
  return {
    response: respond(status, v.callBackDelay, next),
    verdict: v.status,
    reason: why,
    rule: v.rule,
    mode: g.mode,
    guard,
    state: next,
    facts: v.facts,
  };
}

/**
 * The hook could not judge (bad input, history or ECS failing): IN_PROGRESS, so ECS asks again,
 * `maxFaults` times in a row; then the configured outcome. Outside enforce mode the deployment
 * is never held up by the guardrails' own trouble.
 */
export function answerFault(
  problem: string,
  state: HookState,
  g: Governing,
  facts: Record<string, string> = {},
): HookAnswer {
  const faults = state.faults + 1;
  const next = { ...state, faults, answers: state.answers + 1 };
  const base = { mode: g.mode, guard: undefined, state: next, facts: { ...facts, faults: String(faults), problem } };
  if (g.mode !== "enforce" || g.killSwitch) {
    return {
      ...base,
      response: respond("SUCCEEDED", undefined, next),
      verdict: "IN_PROGRESS",
      rule: "fault",
      reason: `the hook could not judge the revision (${problem}); ${g.killSwitch ? "the kill switch is on, so it" : `${g.mode} mode`} answers SUCCEEDED`,
    };
  }
  if (faults <= g.hook.maxFaults) {
    return {
      ...base,
      response: respond("IN_PROGRESS", g.hook.callBackDelaySeconds, next),
      verdict: "IN_PROGRESS",
      rule: "fault",
      reason: `the hook could not judge the revision (${problem}); asking ECS to call again (fault ${faults} of ${g.hook.maxFaults} in a row)`,
    };
  }
  const outcome = g.hook.onFault;
  return {
    ...base,
    response: respond(outcome, undefined, next),
    verdict: outcome,
    rule: "fault-outcome",
    reason: `the hook could not judge the revision for ${faults} invocations in a row (last: ${problem}); answering the configured deploymentHook.onFault, ${outcome}`,
  };
}

/**
 * The verdict stands but its record could not be written (its notification with it): asked
 * again while faults last, then answered anyway — the judgement itself was sound.
 */
export function answerUnrecorded(a: HookAnswer, problem: string, g: Governing, faultsBefore: number): HookAnswer {
  const faults = faultsBefore + 1;
  if (a.response.hookStatus !== "FAILED" || faults > g.hook.maxFaults)
    return { ...a, reason: `${a.reason} (not recorded: ${problem})` };
  const next = { ...a.state, faults };
  return {
    ...a,
    state: next,
    rule: "fault",
    response: respond("IN_PROGRESS", g.hook.callBackDelaySeconds, next),
    reason: `${a.reason}, but its record could not be written (${problem}); asking ECS to call again (fault ${faults} of ${g.hook.maxFaults} in a row)`,
  };
}

/** State rides back to ECS only with IN_PROGRESS: that is the answer ECS calls again after. */
function respond(status: HookStatus, callBackDelay: number | undefined, state: HookState): HookResponse {
  if (status !== "IN_PROGRESS") return { hookStatus: status };
  return { hookStatus: status, callBackDelay: callBackDelay ?? 30, hookDetails: { [STATE_KEY]: state } };
}

// The hook's state between invocations rides in `hookDetails`: ECS merges what an IN_PROGRESS
// answer returns into the next invocation's `hookDetails` (for the same hook and deployment),
// so no table read is needed to know when watching began or how many faults came in a row.
// It is namespaced under one key so the service's own hookDetails are left alone.

export const STATE_KEY = "guardrails";

export type HookState = {
  /** The execution this state belongs to: a new execution (another stage, a step) starts afresh. */
  executionId: string;
  /** When the hook first saw this execution: the bake is measured from here. */
  since: string;
  /** The hook's own faults in a row (reset by any judgement it could make). */
  faults: number;
  /** Answers given for this execution so far. */
  answers: number;
};

/** The state for this execution, or a fresh one (absent, garbled, or left by another execution). */
export function readState(hookDetails: Record<string, unknown>, executionId: string | undefined, now: Date): HookState {
  const s = hookDetails[STATE_KEY] as Partial<HookState> | undefined;
  const fresh = { executionId: executionId ?? "unknown", since: now.toISOString(), faults: 0, answers: 0 };
  if (typeof s !== "object" || s === null || s.executionId !== fresh.executionId) return fresh;
  const since =
    typeof s.since === "string" && Number.isFinite(Date.parse(s.since)) && Date.parse(s.since) <= now.getTime()
      ? s.since
      : fresh.since;
  return { executionId: fresh.executionId, since, faults: whole(s.faults), answers: whole(s.answers) };
}

const whole = (n: unknown) => (typeof n === "number" && Number.isInteger(n) && n >= 0 ? n : 0);

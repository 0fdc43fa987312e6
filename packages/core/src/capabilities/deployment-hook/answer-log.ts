import type { Ledger } from "../../engine/ledger.ts";
import type { ServiceRef } from "../../events/model.ts";
import type { TimelineEntry } from "../../history/model.ts";
import type { HookAnswerEntry, HookAnswerLog } from "./ports.ts";
import { REVISION_JUDGE } from "../../roles.ts";

// The hook's answers in the service's timeline (type `decision`, so `guardrails history` shows
// them beside the policies' decisions), each recorded once through the engine's ledger, keyed
// by the hook invocation: its execution and the n-th answer of it. A retried write of the same
// answer is kept once.

export function hookAnswerLog(ledger: Pick<Ledger, "recordOnce">): HookAnswerLog {
  return {
    recordAnswer: async (ref, entry) => ledger.recordOnce(ref, answerEntry(ref, entry)),
  };
}

export function answerEntry(ref: ServiceRef, a: HookAnswerEntry): TimelineEntry {
  const differs = a.verdict !== a.hookStatus ? ` (enforce would answer ${a.verdict})` : "";
  return {
    ...ref,
    type: "decision",
    time: a.time,
    eventId: `deployment-hook#${a.executionId}#${a.answer}`,
    summary: `deployment hook answered ${a.hookStatus} at ${a.stage}${differs}: ${a.reason}`,
    deploymentId: a.deploymentId,
    eventName: `HOOK_${a.hookStatus}`,
    reason: a.reason,
    data: {
      policy: REVISION_JUDGE,
      source: "deployment-hook",
      mode: a.mode,
      stage: a.stage,
      hookStatus: a.hookStatus,
      verdict: a.verdict,
      rule: a.rule,
      executionId: a.executionId,
      callBackDelay: a.callBackDelay,
    },
  };
}

import { describe, expect, it } from "vitest";
import {
  answerFault,
  answerUnrecorded,
  answerVerdict,
  type Governing,
} from "../../../../../packages/core/src/capabilities/deployment-hook/answer.ts";
import type { Verdict } from "../../../../../packages/core/src/capabilities/deployment-hook/decide.ts";
import { deploymentHookSettings } from "../../../../../packages/core/src/capabilities/deployment-hook/settings.ts";
import type { HookState } from "../../../../../packages/core/src/capabilities/deployment-hook/state.ts";

const hook = deploymentHookSettings.parse({ maxFaults: 2 });
const enforce: Governing = { mode: "enforce", killSwitch: false, hook };
const state: HookState = { executionId: "exec-1", since: "2026-11-20T10:00:00.000Z", faults: 0, answers: 0 };
const failed: Verdict = {
  status: "FAILED",
  rule: "failures",
  reason: "3 task failures reached the threshold of 3",
  facts: {},
};
const baking: Verdict = { status: "IN_PROGRESS", rule: "baking", reason: "watching", callBackDelay: 20, facts: {} };

describe("the answer ECS gets", () => {
  it("is the verdict in enforce mode, with the state riding back in hookDetails only while in progress", () => {
    expect(answerVerdict(failed, state, enforce).response).toEqual({ hookStatus: "FAILED" });
    expect(answerVerdict(baking, state, enforce).response).toEqual({
      hookStatus: "IN_PROGRESS",
      callBackDelay: 20,
      hookDetails: { guardrails: { ...state, answers: 1 } },
    });
  });

  it.each(["observe", "off"] as const)(
    "is always SUCCEEDED in %s mode, and records what enforce would have answered",
    (mode) => {
      const a = answerVerdict(failed, state, { ...enforce, mode });

      expect(a.response).toEqual({ hookStatus: "SUCCEEDED" });
      expect(a.verdict).toBe("FAILED");
      expect(a.reason).toBe(
        `3 task failures reached the threshold of 3; ${mode} mode answers SUCCEEDED instead of FAILED`,
      );
    },
  );

  it("is SUCCEEDED under the kill switch, which is named as the guard", () => {
    const a = answerVerdict(failed, state, { ...enforce, killSwitch: true });

    expect(a).toMatchObject({
      response: { hookStatus: "SUCCEEDED" },
      verdict: "FAILED",
      guard: "the kill switch is on",
    });
  });

  it("asks ECS to call again on the hook's own faults, maxFaults times in a row, then answers the configured outcome", () => {
    const first = answerFault("DynamoDB down", state, enforce);
    const second = answerFault("DynamoDB down", first.state, enforce);
    const third = answerFault("DynamoDB down", second.state, enforce);

    expect([first, second].map((a) => a.response)).toEqual([
      {
        hookStatus: "IN_PROGRESS",
        callBackDelay: 30,
        hookDetails: { guardrails: { ...state, faults: 1, answers: 1 } },
      },
      {
        hookStatus: "IN_PROGRESS",
        callBackDelay: 30,
        hookDetails: { guardrails: { ...state, faults: 2, answers: 2 } },
      },
    ]);
    expect(third.response).toEqual({ hookStatus: "SUCCEEDED" });
    expect(third.rule).toBe("fault-outcome");
    expect(
      answerFault("DynamoDB down", second.state, { ...enforce, hook: { ...hook, onFault: "FAILED" } }).response,
    ).toEqual({ hookStatus: "FAILED" });
  });

  it("starts counting faults afresh after any judgement", () => {
    const faulted = answerFault("ECS throttled", state, enforce);

    expect(answerVerdict(baking, faulted.state, enforce).state.faults).toBe(0);
  });

  it("never holds a deployment on its own faults outside enforce mode", () => {
    expect(answerFault("DynamoDB down", state, { ...enforce, mode: "observe" }).response).toEqual({
      hookStatus: "SUCCEEDED",
    });
  });

  it("asks again when a FAILED verdict could not be recorded, then answers FAILED anyway", () => {
    const a = answerVerdict(failed, state, enforce);

    expect(answerUnrecorded(a, "DynamoDB down", enforce, 0).response.hookStatus).toBe("IN_PROGRESS");
    expect(answerUnrecorded(a, "DynamoDB down", enforce, 2).response).toEqual({ hookStatus: "FAILED" });
  });
});

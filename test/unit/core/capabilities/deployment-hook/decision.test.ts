import { describe, expect, it } from "vitest";
import { answerVerdict } from "../../../../../packages/core/src/capabilities/deployment-hook/answer.ts";
import { answerEntry } from "../../../../../packages/core/src/capabilities/deployment-hook/answer-log.ts";
import {
  hookDecision,
  hookDecisionKey,
  hookDecisionRecord,
} from "../../../../../packages/core/src/capabilities/deployment-hook/decision.ts";
import { parseInvocation } from "../../../../../packages/core/src/capabilities/deployment-hook/invocation.ts";
import { deploymentHookSettings } from "../../../../../packages/core/src/capabilities/deployment-hook/settings.ts";
import { HOOK_REF, invocation, TARGET_DEPLOYMENT } from "../../../../support/deployment-hook.ts";

// What the hook persists keeps the shape the history already holds: its decisions are
// auto-rollback's (key prefix and policy), though the hook's code no longer names auto-rollback
// (it is the capability that judges revisions, found through the registry: roles.ts).

const parsed = parseInvocation(invocation("POST_SCALE_UP"));
if (!parsed.ok) throw new Error(parsed.problem);
// The hook keys its records by the ecs-svc deployment it resolved through ECS's APIs (identity.ts).
const i = { ...parsed.invocation, deploymentId: TARGET_DEPLOYMENT };
const failed = answerVerdict(
  { status: "FAILED", rule: "failures", reason: "3 task failures", facts: {} },
  { executionId: "exec-1", since: "2026-11-20T10:00:00.000Z", faults: 0, answers: 0 },
  { mode: "enforce", killSwitch: false, hook: deploymentHookSettings.parse({}) },
);

describe("the hook's records, as the history holds them", () => {
  it("keys a decision per deployment under auto-rollback's prefix", () => {
    expect(hookDecisionKey(TARGET_DEPLOYMENT, true)).toBe(`auto-rollback#deployment-hook#${TARGET_DEPLOYMENT}`);
    expect(hookDecisionKey(TARGET_DEPLOYMENT, false)).toBe(
      `auto-rollback#deployment-hook-unjudged#${TARGET_DEPLOYMENT}`,
    );
  });

  it("records a FAILED answer as auto-rollback's decision, and its timeline answer under auto-rollback", () => {
    const decision = hookDecision(i, failed);

    expect(decision.policy).toBe("auto-rollback");
    expect(hookDecisionRecord(decision, failed, "2026-11-20T10:01:00.000Z")).toMatchObject({
      key: `auto-rollback#deployment-hook#${TARGET_DEPLOYMENT}`,
      policy: "auto-rollback",
      verdict: "acted",
      rolledBack: TARGET_DEPLOYMENT,
    });
    const entry = answerEntry(HOOK_REF, {
      time: "2026-11-20T10:01:00.000Z",
      executionId: "exec-1",
      answer: 1,
      stage: "POST_SCALE_UP",
      deploymentId: TARGET_DEPLOYMENT,
      hookStatus: "FAILED",
      verdict: "FAILED",
      rule: "failures",
      mode: "enforce",
      reason: "3 task failures",
      callBackDelay: undefined,
    });
    expect(entry.data).toMatchObject({ policy: "auto-rollback", source: "deployment-hook" });
  });
});

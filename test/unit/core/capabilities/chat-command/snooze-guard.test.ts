import { describe, expect, it } from "vitest";
import { parseConfig } from "@ecs-guardrails/core/config/load";
import { applyGuards } from "@ecs-guardrails/core/engine/guards";
import type { Decision } from "@ecs-guardrails/core/model/decision";
import { at, rollout, td } from "../../../../support/snapshots.ts";

// A snooze holds the guardrails' own actions on the service until it ends; a person's decision
// from chat is not held by it (the kill switch and the rate limit still apply).

const decision: Decision = {
  policy: "auto-rollback",
  key: "auto-rollback#rollback#ecs-svc/2",
  action: { type: "rollback", deploymentId: "ecs-svc/2", taskDefinition: td(41), fromTaskDefinition: td(42) },
  severity: "critical",
  title: "Roll back",
  reason: "3 task failures",
  threadId: "prod/web/ecs-svc/2",
  deploymentId: "ecs-svc/2",
  facts: {},
};
const snoozed = rollout({
  state: { policies: { "chat-command": { snoozedUntil: at(3600), snoozedBy: "channel ops" } } },
});
const guard = (d: Decision, now: string, config = {}) =>
  applyGuards(d, "enforce", parseConfig(config), snoozed, new Date(now));

describe("the snooze guard", () => {
  it("blocks an automatic action while the service is snoozed, saying until when and by whom", () => {
    expect(guard(decision, at(60))).toEqual({
      verdict: "block",
      guard: `the service's guardrails are snoozed until ${at(3600)} (by channel ops)`,
    });
  });

  it("lets the action through once the snooze has ended", () => {
    expect(guard(decision, at(3600))).toEqual({ verdict: "act", guard: undefined });
  });

  it("does not hold a person's decision, which the kill switch still blocks", () => {
    expect(guard({ ...decision, by: "channel ops" }, at(60))).toEqual({ verdict: "act", guard: undefined });
    expect(guard({ ...decision, by: "channel ops" }, at(60), { killSwitch: true }).verdict).toBe("block");
  });
});

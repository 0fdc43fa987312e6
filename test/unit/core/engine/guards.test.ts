import { describe, expect, it } from "vitest";
import { parseConfig } from "@ecs-guardrails/core/config/load";
import type { ConfigInput } from "@ecs-guardrails/core/config/schema";
import { applyGuards } from "@ecs-guardrails/core/engine/guards";
import type { Mode } from "@ecs-guardrails/core/config/policy-settings";
import type { Decision } from "@ecs-guardrails/core/model/decision";
import { rollout, td } from "../../../support/snapshots.ts";

// The guards every decision passes before it may act: action-less decisions are notes, then
// the mode, the global kill switch and the per-service rate limit, in that order.

const NOW = new Date("2026-11-20T12:00:00Z");
const minutesAgo = (m: number) => new Date(NOW.getTime() - m * 60_000).toISOString();

const rollbackDecision: Decision = {
  policy: "auto-rollback",
  key: "auto-rollback#rollback#ecs-svc/2",
  action: { type: "rollback", deploymentId: "ecs-svc/2", taskDefinition: td(41), fromTaskDefinition: td(42) },
  severity: "critical",
  title: "Roll back prod/web from web:42 to web:41",
  reason: "3 task failures",
  threadId: "prod/web/ecs-svc/2",
  deploymentId: "ecs-svc/2",
  facts: {},
};
const noticeDecision: Decision = {
  ...rollbackDecision,
  key: "auto-rollback#first-failure#ecs-svc/2",
  action: undefined,
  severity: "warning",
};

const guard = (
  options: {
    decision?: Decision;
    mode?: Mode;
    config?: ConfigInput;
    actionTimes?: string[];
    observedActionTimes?: string[];
  } = {},
) =>
  applyGuards(
    options.decision ?? rollbackDecision,
    options.mode ?? "enforce",
    parseConfig(options.config ?? {}),
    rollout({
      state: {
        actionTimes: options.actionTimes ?? [],
        ...(options.observedActionTimes ? { observedActionTimes: options.observedActionTimes } : {}),
      },
    }),
    NOW,
  );

describe("applyGuards", () => {
  it("lets an enforced action act when no guard objects", () => {
    expect(guard()).toEqual({ verdict: "act", guard: undefined });
  });

  it.each<Mode>(["enforce", "observe"])(
    "records a decision without an action as a note in %s mode, even with the kill switch on",
    (mode) => {
      expect(
        guard({
          decision: noticeDecision,
          mode,
          config: { killSwitch: true },
          actionTimes: [minutesAgo(1), minutesAgo(2), minutesAgo(3)],
        }),
      ).toEqual({
        verdict: "note",
        guard: undefined,
      });
    },
  );

  it.each<Mode>(["observe", "off"])("only observes an action in %s mode", (mode) => {
    expect(guard({ mode })).toEqual({ verdict: "observe", guard: `auto-rollback is in ${mode} mode` });
  });

  it("blocks an enforced action when the global kill switch is on", () => {
    expect(guard({ config: { killSwitch: true } })).toEqual({
      verdict: "block",
      guard: "the global kill switch is on",
    });
  });

  it("reports observe mode rather than the kill switch for an observed policy", () => {
    expect(guard({ mode: "observe", config: { killSwitch: true } }).verdict).toBe("observe");
  });
});

describe("the rate limit", () => {
  it.each<[string, string[], ConfigInput, "act" | "block"]>([
    ["no earlier actions", [], {}, "act"],
    ["two actions in the last hour (max 3)", [minutesAgo(10), minutesAgo(50)], {}, "act"],
    ["three actions in the last hour (max 3)", [minutesAgo(5), minutesAgo(10), minutesAgo(59)], {}, "block"],
    ["three actions of which one is older than the hour", [minutesAgo(5), minutesAgo(10), minutesAgo(61)], {}, "act"],
    ["three actions of which one is exactly an hour old", [minutesAgo(5), minutesAgo(10), minutesAgo(60)], {}, "act"],
    ["ten actions, all older than the hour", Array.from({ length: 10 }, (_, i) => minutesAgo(61 + i)), {}, "act"],
    ["one action in the window with a max of 1", [minutesAgo(5)], { guards: { maxActionsPerService: 1 } }, "block"],
    [
      "two actions 20 minutes ago with a 15-minute window",
      [minutesAgo(20), minutesAgo(20)],
      { guards: { maxActionsPerService: 2, rateWindowMinutes: 15 } },
      "act",
    ],
    [
      "two actions 10 minutes ago with a 15-minute window",
      [minutesAgo(10), minutesAgo(10)],
      { guards: { maxActionsPerService: 2, rateWindowMinutes: 15 } },
      "block",
    ],
  ])("with %s the verdict is %s", (_, actionTimes, config, verdict) => {
    expect(guard({ actionTimes, config }).verdict).toBe(verdict);
  });

  it("says how many actions it counted in which window", () => {
    const { guard: reason } = guard({ actionTimes: [minutesAgo(90), minutesAgo(5), minutesAgo(10), minutesAgo(15)] });

    expect(reason).toBe("rate limit: 3 automatic actions on this service in the last 60 minutes (max 3)");
  });

  it("counts nothing for a service without stored state", () => {
    const snapshot = { ...rollout(), state: undefined };

    expect(applyGuards(rollbackDecision, "enforce", parseConfig({}), snapshot, NOW).verdict).toBe("act");
  });
});

describe("observe counts its observed actions against the rate limit as if taken", () => {
  it("blocks, saying enforce would be blocked, where observed actions fill the window", () => {
    const verdict = guard({ mode: "observe", observedActionTimes: [minutesAgo(5), minutesAgo(10), minutesAgo(59)] });

    expect(verdict).toEqual({
      verdict: "block",
      guard:
        "enforce would be blocked here: rate limit: 3 automatic actions on this service in the last 60 minutes (max 3)",
    });
  });

  it("counts enforce's actions and observe's together", () => {
    expect(guard({ mode: "observe", actionTimes: [minutesAgo(5)], observedActionTimes: [minutesAgo(10)] })).toEqual({
      verdict: "observe",
      guard: "auto-rollback is in observe mode",
    });
    expect(
      guard({
        mode: "observe",
        config: { guards: { maxActionsPerService: 2 } },
        actionTimes: [minutesAgo(5)],
        observedActionTimes: [minutesAgo(10)],
      }).guard,
    ).toMatch(/^enforce would be blocked here: rate limit: 2 automatic actions/);
  });

  it("lets observed actions outside the window go", () => {
    expect(guard({ mode: "observe", observedActionTimes: [minutesAgo(61), minutesAgo(70), minutesAgo(80)] })).toEqual({
      verdict: "observe",
      guard: "auto-rollback is in observe mode",
    });
  });

  it("never counts observed actions against enforce: they changed nothing", () => {
    expect(guard({ observedActionTimes: [minutesAgo(5), minutesAgo(10), minutesAgo(15)] }).verdict).toBe("act");
  });
});

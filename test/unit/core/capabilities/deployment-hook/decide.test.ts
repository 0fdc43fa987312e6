import { describe, expect, it } from "vitest";
import { decideHook, type HookFacts } from "../../../../../packages/core/src/capabilities/deployment-hook/decide.ts";
import { parseInvocation } from "../../../../../packages/core/src/capabilities/deployment-hook/invocation.ts";
import {
  deploymentHookSettings,
  type HookStage,
} from "../../../../../packages/core/src/capabilities/deployment-hook/settings.ts";
import type { DeploymentRecord } from "../../../../../packages/core/src/history/model.ts";
import { autoRollbackSettings } from "../../../../../packages/core/src/capabilities/auto-rollback/settings.ts";
import {
  HOOK_REF,
  invocation,
  rollbackInvocation,
  SOURCE_REVISION,
  TARGET_DEPLOYMENT,
  TARGET_REVISION,
} from "../../../../support/deployment-hook.ts";

const START = "2026-11-20T10:00:00.000Z";
const at = (minutes: number) => new Date(Date.parse(START) + minutes * 60_000);

function parsed(raw: unknown) {
  const p = parseInvocation(raw);
  if (!p.ok) throw new Error(p.problem);
  return p.invocation;
}

function deployment(
  failures: DeploymentRecord["failures"] = {},
  extra: Partial<DeploymentRecord> = {},
): DeploymentRecord {
  const failureCount = Object.values(failures).reduce((a, b) => a + (b ?? 0), 0);
  return {
    ...HOOK_REF,
    deploymentId: TARGET_DEPLOYMENT,
    taskDefinitionArn: "td:8",
    startedAt: START,
    completedAt: undefined,
    failedAt: undefined,
    rolledBackAt: undefined,
    rolledBackBy: undefined,
    rollbackOf: undefined,
    rollbackTo: undefined,
    initiatedBy: undefined,
    failures,
    failureCount,
    reasons: [],
    outcome: "in-progress",
    ...extra,
  };
}

function facts(stage: HookStage, over: Partial<HookFacts> = {}): HookFacts {
  return {
    invocation: parsed(invocation(stage)),
    deployment: deployment(),
    alarms: {},
    desiredCount: 4,
    createdAt: undefined,
    settings: autoRollbackSettings.full.parse({ mode: "enforce", alarms: ["web-5xx"] }),
    judge: "auto-rollback",
    hook: deploymentHookSettings.parse({}),
    state: { executionId: `exec-${stage}`, since: START, faults: 0, answers: 0 },
    now: at(1),
    ...over,
  };
}

describe("the deployment hook's judgement", () => {
  it.each(["POST_SCALE_UP", "POST_TEST_TRAFFIC_SHIFT", "POST_PRODUCTION_TRAFFIC_SHIFT"] as const)(
    "keeps watching a clean revision at %s until the bake is over, asking ECS back no later than the bake's end",
    (stage) => {
      const early = decideHook(facts(stage, { now: at(1) }));
      expect(early).toMatchObject({ status: "IN_PROGRESS", rule: "baking", callBackDelay: 30 });

      const nearlyDone = decideHook(facts(stage, { now: new Date(at(5).getTime() - 10_000) }));
      expect(nearlyDone.callBackDelay).toBe(10);

      expect(decideHook(facts(stage, { now: at(5) }))).toMatchObject({ status: "SUCCEEDED", rule: "baked" });
    },
  );

  it.each(["TEST_TRAFFIC_SHIFT", "PRODUCTION_TRAFFIC_SHIFT", "PRE_SCALE_UP", "RECONCILE_SERVICE"] as const)(
    "judges a clean revision at %s at once: those stages are not baking stages",
    (stage) => {
      expect(decideHook(facts(stage, { now: at(0) }))).toMatchObject({ status: "SUCCEEDED", rule: "judged-once" });
    },
  );

  it("fails the revision when its failures of the counted classes reach auto-rollback's threshold", () => {
    const v = decideHook(facts("POST_SCALE_UP", { deployment: deployment({ crash: 2, "health-check": 1 }) }));

    expect(v.status).toBe("FAILED");
    expect(v.reason).toBe(
      "3 task failures of the target revision (2 crash, 1 health-check) reached the threshold of 3",
    );
  });

  it("keeps watching below the threshold, and does not count classes the settings leave out", () => {
    const settings = autoRollbackSettings.full.parse({ mode: "enforce", failureClasses: ["crash"] });
    const v = decideHook(
      facts("POST_SCALE_UP", { settings, deployment: deployment({ crash: 2, "out-of-memory": 5 }) }),
    );

    expect(v).toMatchObject({ status: "IN_PROGRESS", facts: { failures: "2", threshold: "3" } });
  });

  it("uses the failure percentage of the desired count when one is set, as auto-rollback does", () => {
    const settings = autoRollbackSettings.full.parse({ mode: "enforce", failurePercent: 25 });

    expect(
      decideHook(facts("POST_SCALE_UP", { settings, desiredCount: 4, deployment: deployment({ crash: 1 }) })).status,
    ).toBe("FAILED");
    expect(
      decideHook(facts("POST_SCALE_UP", { settings, desiredCount: 8, deployment: deployment({ crash: 1 }) })).status,
    ).toBe("IN_PROGRESS");
  });

  it("fails the revision when a mapped alarm went into ALARM after the deployment started", () => {
    const v = decideHook(
      facts("TEST_TRAFFIC_SHIFT", { alarms: { "web-5xx": { state: "ALARM", at: at(0.5).toISOString() } } }),
    );

    expect(v).toMatchObject({
      status: "FAILED",
      rule: "alarm",
      reason: "mapped alarm web-5xx is in ALARM during the deployment",
    });
  });

  it("ignores an alarm that is not mapped, one that is OK, and one that fired before the deployment unless told to include those", () => {
    const before = { "web-5xx": { state: "ALARM", at: at(-3).toISOString() } };
    expect(
      decideHook(facts("TEST_TRAFFIC_SHIFT", { alarms: { other: { state: "ALARM", at: at(0.5).toISOString() } } }))
        .status,
    ).toBe("SUCCEEDED");
    expect(
      decideHook(facts("TEST_TRAFFIC_SHIFT", { alarms: { "web-5xx": { state: "OK", at: at(0.5).toISOString() } } }))
        .status,
    ).toBe("SUCCEEDED");
    expect(decideHook(facts("TEST_TRAFFIC_SHIFT", { alarms: before })).status).toBe("SUCCEEDED");

    const including = autoRollbackSettings.full.parse({
      mode: "enforce",
      alarms: ["web-5xx"],
      includeAlarmsAlreadyFiring: true,
    });
    expect(decideHook(facts("TEST_TRAFFIC_SHIFT", { alarms: before, settings: including })).status).toBe("FAILED");
  });

  it("never holds ECS's rollback: the documented rollback invocation succeeds even with the failures over the threshold", () => {
    const v = decideHook(
      facts("PRODUCTION_TRAFFIC_SHIFT", {
        invocation: parsed(rollbackInvocation()),
        deployment: deployment({ crash: 9 }),
      }),
    );

    expect(v).toMatchObject({ status: "SUCCEEDED", rule: "rolling-back" });
  });

  it("tells a test-traffic rollback from a test-traffic shift by the target's weight", () => {
    const back = parsed(
      invocation("TEST_TRAFFIC_SHIFT", { weights: { test: { [TARGET_REVISION]: 0, [SOURCE_REVISION]: 100 } } }),
    );
    const forward = parsed(
      invocation("TEST_TRAFFIC_SHIFT", { weights: { test: { [TARGET_REVISION]: 100, [SOURCE_REVISION]: 0 } } }),
    );

    expect(
      decideHook(facts("TEST_TRAFFIC_SHIFT", { invocation: back, deployment: deployment({ crash: 9 }) })).rule,
    ).toBe("rolling-back");
    expect(
      decideHook(facts("TEST_TRAFFIC_SHIFT", { invocation: forward, deployment: deployment({ crash: 9 }) })).rule,
    ).toBe("failures");
  });

  it("answers FAILED again for a deployment it already failed, whatever the stage (a late or repeated invocation)", () => {
    const failed = deployment(
      {},
      { rolledBackAt: at(2).toISOString(), rolledBackBy: "guardrails:auto-rollback", reasons: ["3 task failures"] },
    );

    expect(decideHook(facts("POST_PRODUCTION_TRAFFIC_SHIFT", { deployment: failed }))).toMatchObject({
      status: "FAILED",
      rule: "already-failed",
    });
  });

  it("dates the deployment from ECS when the history has not seen it start, so an alarm before the hook's first call still counts", () => {
    const alarms = { "web-5xx": { state: "ALARM", at: at(0.5).toISOString() } };
    const unseen = {
      deployment: undefined,
      alarms,
      state: { executionId: "exec-TEST_TRAFFIC_SHIFT", since: at(1).toISOString(), faults: 0, answers: 0 },
    };

    expect(decideHook(facts("TEST_TRAFFIC_SHIFT", { ...unseen, createdAt: START })).status).toBe("FAILED");
    expect(decideHook(facts("TEST_TRAFFIC_SHIFT", unseen)).status).toBe("SUCCEEDED");
  });

  it("judges a revision the history has not seen yet as clean so far", () => {
    expect(decideHook(facts("POST_SCALE_UP", { deployment: undefined }))).toMatchObject({
      status: "IN_PROGRESS",
      facts: { failures: "0" },
    });
  });
});

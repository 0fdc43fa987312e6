import { describe, expect, it } from "vitest";
import { pauseHook } from "../../../../../packages/core/src/capabilities/pause-hook/decide.ts";
import { pauseHookSettings } from "../../../../../packages/core/src/capabilities/pause-hook/settings.ts";
import type { HookEvent } from "../../../../../packages/core/src/events/model.ts";
import type { Snapshot } from "../../../../../packages/core/src/model/snapshot.ts";
import { autoRollbackWith } from "../../../../support/policy-settings.ts";
import { at, REF, rollout } from "../../../../support/snapshots.ts";

// The pause hook's judgement of a paused deployment: the target revision's failures by class
// against the threshold, the mapped alarms, and the bake — then CONTINUE or ROLLBACK, once per
// hook, never after its time is up.

const ARN = "arn:aws:ecs:us-east-1:111122223333:service-deployment/prod/web/Zx7ShTvPLabsjYHmB3Qs2";
const settings = (patch: object = {}) => pauseHookSettings.full.parse(patch);
// The revision-judging capability's settings are its judgement (roles.ts hands them over as they are).
const revision = (patch: object = {}) => autoRollbackWith(patch);

function paused(patch: Partial<HookEvent> = {}): HookEvent {
  return {
    kind: "hook",
    eventId: "evt-1",
    time: at(200),
    account: "111122223333",
    region: "us-east-1",
    ...REF,
    eventName: "HOOK_AWAITING_ACTION",
    serviceDeploymentArn: ARN,
    deploymentId: "ecs-svc/2",
    hookId: "ecs-pause-1",
    targetType: "PAUSE",
    stage: "POST_TEST_TRAFFIC_SHIFT",
    status: "AWAITING_ACTION",
    expiresAt: at(200 + 600),
    timeoutAction: "ROLLBACK",
    ...patch,
  };
}

const decide = (snapshot: Snapshot, now: number, opts: { s?: object; r?: object; event?: Partial<HookEvent> } = {}) =>
  pauseHook.decide({
    event: paused(opts.event),
    snapshot,
    settings: settings(opts.s),
    now: new Date(at(now)),
    revision: revision(opts.r),
  });

/** The snapshot after the decisions' state was saved. */
function savedWith(snapshot: Snapshot, state: { value: Record<string, unknown> } | undefined): Snapshot {
  return { ...snapshot, state: { ...snapshot.state!, policies: { "pause-hook": state?.value } } };
}

describe("the pause hook's judgement of a paused deployment", () => {
  it("answers CONTINUE at once for a clean revision without a bake, after noting the pause", () => {
    const [watch, answer, ...rest] = decide(rollout(), 200, { s: { bakeMinutes: 0 } });

    expect(rest).toEqual([]);
    expect(watch).toMatchObject({ policy: "pause-hook", action: undefined, key: "pause-hook#ecs-pause-1#paused" });
    expect(answer).toMatchObject({
      key: "pause-hook#ecs-pause-1",
      action: { type: "pause-hook-answer", answer: "CONTINUE", hookId: "ecs-pause-1", serviceDeploymentArn: ARN },
    });
  });

  it("answers ROLLBACK when the target revision's failures reach the threshold", () => {
    const decisions = decide(rollout({ failures: { crash: 3 } }), 200, { r: { failureThreshold: 3 } });

    expect(decisions.at(-1)).toMatchObject({
      key: "pause-hook#ecs-pause-1",
      severity: "critical",
      action: { answer: "ROLLBACK", deploymentId: "ecs-svc/2" },
      reason: expect.stringContaining("3 task failures"),
    });
  });

  it("does not count failures of classes the judge leaves out", () => {
    const decisions = decide(rollout({ failures: { "health-check": 5 } }), 200, {
      r: { failureClasses: ["crash"] },
      s: { bakeMinutes: 0 },
    });

    expect(decisions.at(-1)?.action).toMatchObject({ answer: "CONTINUE" });
  });

  it("answers ROLLBACK for a mapped alarm that went into ALARM during the deployment", () => {
    const snapshot = rollout({ state: { alarms: { "web-5xx": { state: "ALARM", at: at(150) } } } });

    const decisions = decide(snapshot, 200, { r: { alarms: ["web-5xx"] } });

    expect(decisions.at(-1)).toMatchObject({
      action: { answer: "ROLLBACK" },
      reason: expect.stringContaining("web-5xx"),
    });
  });

  it("waits out the bake: no answer yet, the hook watched until the reconcile looks again", () => {
    const decisions = decide(rollout(), 200, { s: { bakeMinutes: 5 } });

    expect(decisions).toHaveLength(1);
    expect(decisions[0]?.state).toEqual({
      value: { hooks: { "ecs-pause-1": expect.objectContaining({ since: at(200), expiresAt: at(800) }) } },
      attention: true,
    });
  });

  it("answers CONTINUE on the reconcile's tick once the bake is over, and stops watching", () => {
    const [watch] = decide(rollout(), 200, { s: { bakeMinutes: 5 } });
    const snapshot = savedWith(rollout(), watch?.state);

    const early = pauseHook.tick!({ snapshot, settings: settings(), now: new Date(at(400)), revision: revision() });
    const baked = pauseHook.tick!({ snapshot, settings: settings(), now: new Date(at(500)), revision: revision() });

    expect(early.decisions).toEqual([]);
    expect(baked.decisions).toEqual([
      expect.objectContaining({
        key: "pause-hook#ecs-pause-1",
        action: expect.objectContaining({ answer: "CONTINUE" }),
        state: { value: { hooks: {} }, attention: false },
      }),
    ]);
  });

  it("leaves a hook whose time is up to ECS's timeout action, and says which", () => {
    const [watch] = decide(rollout(), 200, { s: { bakeMinutes: 30 } });
    const snapshot = savedWith(rollout(), watch?.state);

    const { decisions } = pauseHook.tick!({
      snapshot,
      settings: settings({ bakeMinutes: 30 }),
      now: new Date(at(800 - 10)),
      revision: revision(),
    });

    expect(decisions).toEqual([
      expect.objectContaining({
        key: "pause-hook#ecs-pause-1#timeout",
        action: undefined,
        severity: "warning",
        reason: expect.stringContaining("ROLLBACK"),
        state: { value: { hooks: {} }, attention: false },
      }),
    ]);
  });

  it("never answers a hook too close to its expiry, even a bad revision", () => {
    const decisions = decide(rollout({ failures: { crash: 9 } }), 800 - 5);

    expect(decisions.some((d) => d.action)).toBe(false);
    expect(decisions.at(-1)?.key).toBe("pause-hook#ecs-pause-1#timeout");
  });

  it.each([
    ["a Lambda hook", { targetType: "AWS_LAMBDA" }],
    ["another hook event", { eventName: "HOOK_SOMETHING_NEW" }],
  ])("is not interested in %s", (_name, patch) => {
    expect(pauseHook.interestedIn(paused(patch as Partial<HookEvent>))).toBe(false);
  });

  it("notes, without answering, a pause whose event names no hook id", () => {
    const decisions = decide(rollout(), 200, { event: { hookId: undefined } });

    expect(decisions).toEqual([
      expect.objectContaining({ action: undefined, reason: expect.stringContaining("hook id") }),
    ]);
  });
});

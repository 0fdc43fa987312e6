import { describe, expect, it } from "vitest";
import { serviceAction } from "@ecs-guardrails/sim/events/builders";
import type { SpotFallbackSettings } from "@ecs-guardrails/core/capabilities/spot-fallback/settings";
import { parseEvent } from "@ecs-guardrails/core/events/parse";
import { cooldownMinutes, spotFallback } from "@ecs-guardrails/core/capabilities/spot-fallback/decide";
import type { SpotState } from "@ecs-guardrails/core/capabilities/spot-fallback/state";
import type { Decision } from "@ecs-guardrails/core/model/decision";
import type { CapacityProviderItem } from "@ecs-guardrails/core/model/description";
import type { Snapshot } from "@ecs-guardrails/core/model/snapshot";
import { REF } from "../../../../support/snapshots.ts";
import {
  MIXED,
  ON_DEMAND_ONLY,
  SPOT_ONLY,
  inFallback,
  minute,
  spotSettings,
  spotSnapshot,
} from "../../../../support/spot-snapshots.ts";

// When the guardrails move prod/web back to Fargate Spot after a fallback: after a cool-down that
// doubles with each relapse, optionally in two steps, and never over a person's own change.

/** A tick in enforce mode, the mode the incidents below were decided in (unless `patch` says otherwise). */
const tick = (snapshot: Snapshot, now: number, patch: Partial<SpotFallbackSettings> = {}) =>
  spotFallback.tick!({ snapshot, settings: spotSettings({ mode: "enforce", ...patch }), now: new Date(minute(now)) });
/** prod/web in the given state, running the strategy the guardrails set (or `strategy`). */
const during = (state: Partial<SpotState>, strategy?: CapacityProviderItem[]) =>
  spotSnapshot({ state, strategy: strategy ?? state.stagedStrategy ?? state.fallbackStrategy ?? ON_DEMAND_ONLY });
const savedState = (decision: Decision | undefined) => decision?.state?.value as Partial<SpotState>;

const placementFailureAt = (m: number) =>
  parseEvent(
    serviceAction({
      ...REF,
      eventName: "SERVICE_TASK_PLACEMENT_FAILURE",
      time: minute(m),
      reason: "RESOURCE:FARGATE",
      capacityProviders: ["FARGATE_SPOT"],
    }),
  );
const fallBackAt = (m: number, state: Partial<SpotState>, patch: Partial<SpotFallbackSettings> = {}) =>
  spotFallback.decide({
    event: placementFailureAt(m),
    snapshot: spotSnapshot({ state }),
    settings: spotSettings({ mode: "enforce", ...patch }),
    now: new Date(minute(m)),
  });

describe("spot-fallback when its mode changes mid-incident", () => {
  it("marks the return of an enforced fallback as putting back, also in observe mode: the engine carries it out", () => {
    const { decisions } = tick(during(inFallback()), 30, { mode: "observe" });

    expect(decisions).toHaveLength(1);
    expect(decisions[0]).toMatchObject({
      key: "spot-fallback#restore#1",
      restores: true,
      action: { type: "capacity-restore", capacityProviderStrategy: SPOT_ONLY },
    });
    expect(savedState(decisions[0])).toMatchObject({ status: "normal", mode: "enforce", incident: 1 });
    expect(decisions[0]?.state?.attention).toBe(false);
  });

  it("owes the original strategy while an enforced fallback is not returned, and nothing for an observed one", () => {
    const owed = spotFallback.owed!(inFallback() as unknown as Record<string, unknown>, REF);

    expect(owed).toMatchObject({
      incident: "1",
      restore:
        "aws ecs update-service --cluster prod --service web --capacity-provider-strategy capacityProvider=FARGATE_SPOT,base=0,weight=1 --force-new-deployment",
    });
    expect(owed?.settled).toMatchObject({ status: "normal", incident: 1, mode: undefined });
    expect(
      spotFallback.owed!(inFallback({ mode: "observe" }) as unknown as Record<string, unknown>, REF),
    ).toBeUndefined();
  });

  it("ends an observed incident when observing the return: ECS never left Spot", () => {
    const { decisions } = tick(during(inFallback({ mode: "observe" }), SPOT_ONLY), 30, { mode: "observe" });

    expect(savedState(decisions[0])).toMatchObject({ status: "normal" });
  });
});

describe("spot-fallback return to Spot", () => {
  it("stays on on-demand during the cool-down", () => {
    expect(tick(during(inFallback()), 29)).toEqual({ decisions: [] });
  });

  it("returns to the original strategy once the cool-down is over", () => {
    const { decisions } = tick(during(inFallback()), 30);

    expect(decisions).toHaveLength(1);
    expect(decisions[0]).toMatchObject({
      key: "spot-fallback#restore#1",
      threadId: "prod/web/spot-1",
      severity: "info",
      action: { type: "capacity-restore", capacityProviderStrategy: SPOT_ONLY, previousStrategy: ON_DEMAND_ONLY },
    });
  });

  it("reports how long it ran on on-demand, the on-demand task-hours and their extra cost", () => {
    const [decision] = tick(during(inFallback()), 180).decisions;

    // 4 tasks for 3 hours; each 1 vCPU / 2 GB costs up to $0.0346 an hour more than on Spot.
    expect(decision?.reason).toBe(
      `on on-demand Fargate for 3.0 hours since ${minute(0)} (ECS could not place tasks on FARGATE_SPOT (RESOURCE:FARGATE)); about 12.0 on-demand task-hours, up to $0.41 more than Spot`,
    );
    expect(decision?.facts).toMatchObject({ durationHours: "3.00", onDemandTaskHours: "12.00", extraCost: "0.41" });
  });

  it("ends the incident: back to normal, the return time noted, no longer watched", () => {
    const [decision] = tick(during(inFallback()), 45).decisions;

    expect(decision?.state?.attention).toBe(false);
    expect(savedState(decision)).toMatchObject({
      status: "normal",
      incident: 1,
      returnedAt: minute(45),
      stagedStrategy: undefined,
    });
    expect(decision?.reason).toMatch(/^on on-demand Fargate for 45 minutes since /);
  });

  it("returns a mixed strategy exactly as it was", () => {
    const [decision] = tick(during(inFallback({ originalStrategy: MIXED })), 30).decisions;

    expect(decision?.action).toEqual({
      type: "capacity-restore",
      capacityProviderStrategy: MIXED,
      previousStrategy: [{ capacityProvider: "FARGATE", base: 1, weight: 4 }],
    });
  });
});

describe("spot-fallback relapses", () => {
  it.each([
    [0, 30],
    [1, 60],
    [2, 120],
    [3, 240],
    [4, 240],
    [10, 240],
  ])("waits, after %i relapses, %i minutes (doubling, at most maxBackoffMinutes)", (relapses, minutes) => {
    expect(cooldownMinutes(spotSettings(), relapses)).toBe(minutes);
  });

  it("counts a fallback within the cool-down after a return as a relapse, and doubles the next wait", () => {
    const returned = savedState(tick(during(inFallback()), 30).decisions[0]);
    const [relapse] = fallBackAt(50, returned);

    expect(savedState(relapse)).toMatchObject({ status: "fallback", incident: 2, relapses: 1 });
    expect(relapse?.reason).toContain("(relapse 1: the return waits 60 minutes)");
    expect(tick(during(savedState(relapse)), 109)).toEqual({ decisions: [] });
    expect(tick(during(savedState(relapse)), 110).decisions.map((d) => d.key)).toEqual(["spot-fallback#restore#2"]);
  });

  it.each([
    ["10 minutes after a return", 0, 1, 10],
    ["10 minutes after a return that followed 2 relapses", 2, 3, 10],
    ["100 minutes after a return that followed 2 relapses (cool-down 120)", 2, 3, 100],
    ["45 minutes after a return (cool-down 30)", 0, 0, 45],
    ["a day after a return that followed 3 relapses", 3, 0, 1440],
  ])("a fallback %s takes the relapses from %i to %i", (_, before, after, minutesLater) => {
    const [decision] = fallBackAt(minutesLater, {
      status: "normal",
      incident: 1,
      returnedAt: minute(0),
      relapses: before,
    });

    expect(savedState(decision)?.relapses).toBe(after);
  });

  it("caps the wait after many relapses at maxBackoffMinutes", () => {
    const state = inFallback({ relapses: 6 });

    expect(tick(during(state), 239, { maxBackoffMinutes: 240 })).toEqual({ decisions: [] });
    expect(tick(during(state), 240, { maxBackoffMinutes: 240 }).decisions).toHaveLength(1);
  });
});

describe("spot-fallback staged return", () => {
  const staged = { stagedReturnBase: 2 };

  it("first keeps 2 tasks on FARGATE and gives the rest back to Spot", () => {
    const [decision] = tick(during(inFallback()), 30, staged).decisions;
    const step = [
      { capacityProvider: "FARGATE", base: 2, weight: 0 },
      { capacityProvider: "FARGATE_SPOT", base: 0, weight: 1 },
    ];

    expect(decision).toMatchObject({
      key: "spot-fallback#staged-return#1",
      severity: "info",
      action: { type: "capacity-restore", capacityProviderStrategy: step },
    });
    expect(decision?.state?.attention).toBe(true);
    expect(savedState(decision)).toMatchObject({ status: "staged", stepAt: minute(30), stagedStrategy: step });
  });

  it("keeps FARGATE's own weight in the first step of a mixed strategy", () => {
    const [decision] = tick(during(inFallback({ originalStrategy: MIXED })), 30, staged).decisions;

    expect(decision?.action?.type === "capacity-restore" && decision.action.capacityProviderStrategy).toEqual([
      { capacityProvider: "FARGATE", base: 2, weight: 1 },
      { capacityProvider: "FARGATE_SPOT", base: 0, weight: 3 },
    ]);
  });

  it("restores the full original strategy one more cool-down after the first step", () => {
    const first = savedState(tick(during(inFallback()), 30, staged).decisions[0]);

    expect(tick(during(first), 59, staged)).toEqual({ decisions: [] });
    const [decision] = tick(during(first), 60, staged).decisions;
    expect(decision).toMatchObject({
      key: "spot-fallback#restore#1",
      action: { type: "capacity-restore", capacityProviderStrategy: SPOT_ONLY },
    });
    expect(savedState(decision)).toMatchObject({ status: "normal", returnedAt: minute(60), stagedStrategy: undefined });
  });
});

describe("spot-fallback and a person's change", () => {
  it("stops the incident with a notice when someone changed the strategy during the fallback", () => {
    const { decisions } = tick(during(inFallback(), [{ capacityProvider: "FARGATE", base: 0, weight: 2 }]), 5);

    expect(decisions).toHaveLength(1);
    expect(decisions[0]).toMatchObject({ key: "spot-fallback#manual#1", action: undefined, severity: "info" });
    expect(decisions[0]?.reason).toContain("FARGATE weight 2");
    expect(decisions[0]?.state?.attention).toBe(false);
    expect(savedState(decisions[0])).toMatchObject({ status: "normal", stagedStrategy: undefined });
  });

  it("never overwrites a change made during a staged return, even after the cool-down", () => {
    const state = inFallback({
      status: "staged",
      stepAt: minute(30),
      stagedStrategy: [{ capacityProvider: "FARGATE", base: 2, weight: 0 }, ...SPOT_ONLY],
    });
    const { decisions } = tick(during(state, SPOT_ONLY), 120, { stagedReturnBase: 2 });

    expect(decisions.map((d) => [d.key, d.action])).toEqual([["spot-fallback#manual#1", undefined]]);
  });

  it("assumes no person's change in an observed incident, where the strategy was never changed", () => {
    const observed = inFallback({ mode: "observe" });

    expect(tick(during(observed, SPOT_ONLY), 10)).toEqual({ decisions: [] });
    const [decision] = tick(during(observed, SPOT_ONLY), 30).decisions;
    expect(decision).toMatchObject({
      key: "spot-fallback#restore#1",
      action: { type: "capacity-restore", capacityProviderStrategy: SPOT_ONLY },
    });
    expect(savedState(decision)?.status).toBe("normal");
  });
});

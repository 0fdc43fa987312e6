import { describe, expect, it } from "vitest";
import { serviceAction, stops, taskStateChange } from "@ecs-guardrails/sim/events/builders";
import type { SpotFallbackSettings } from "@ecs-guardrails/core/capabilities/spot-fallback/settings";
import type { GuardrailsEvent } from "@ecs-guardrails/core/events/model";
import { parseEvent } from "@ecs-guardrails/core/events/parse";
import { spotFallback } from "@ecs-guardrails/core/capabilities/spot-fallback/decide";
import type { Snapshot } from "@ecs-guardrails/core/model/snapshot";
import { REF } from "../../../../support/snapshots.ts";
import {
  MIXED,
  ON_DEMAND_ONLY,
  SPOT_ONLY,
  inFallback,
  interruption,
  minute,
  spotSettings,
  spotSnapshot,
  type SpotSpec,
} from "../../../../support/spot-snapshots.ts";

// When the guardrails move prod/web off Fargate Spot: ECS never falls back to FARGATE by itself
// (docs/design/aws-facts.md#ecs-deployments-and-capacity), so a placement failure, an interruption storm or a long shortfall must.

const NOW = 10;
const decide = (event: GuardrailsEvent, snapshot: Snapshot, patch: Partial<SpotFallbackSettings> = {}) =>
  spotFallback.decide({ event, snapshot, settings: spotSettings(patch), now: new Date(minute(NOW)) });
const tick = (snapshot: Snapshot, now: number, patch: Partial<SpotFallbackSettings> = {}) =>
  spotFallback.tick!({ snapshot, settings: spotSettings(patch), now: new Date(minute(now)) });

const placementFailure = (
  reason = "RESOURCE:FARGATE",
  capacityProviders = ["FARGATE_SPOT"],
  eventName = "SERVICE_TASK_PLACEMENT_FAILURE",
) => parseEvent(serviceAction({ ...REF, eventName, time: minute(NOW), reason, capacityProviders }));
const spotStop = (taskId = "t3", lastStatus = "STOPPED") =>
  parseEvent(
    taskStateChange({
      ...REF,
      taskId,
      deploymentId: "ecs-svc/1",
      taskDefinition: "web:42",
      version: 4,
      lastStatus,
      desiredStatus: "STOPPED",
      time: minute(NOW),
      capacityProviderName: "FARGATE_SPOT",
      stop: stops.spot(),
    }),
  );

/** Spot's extra price for `tasks` of 1 vCPU / 2 GB: on-demand × 70 % (docs/design/aws-facts.md#fargate-sizes-and-prices). */
const extraPerHour = (tasks: number) => (tasks * (1 * 0.04048 + 2 * 0.004445) * 0.7).toFixed(4);

describe("spot-fallback on a placement failure", () => {
  it("moves all of Spot's share to on-demand FARGATE when ECS cannot place tasks on FARGATE_SPOT", () => {
    const [decision, ...rest] = decide(placementFailure(), spotSnapshot());

    expect(rest).toEqual([]);
    expect(decision).toMatchObject({
      policy: "spot-fallback",
      key: "spot-fallback#fallback#1",
      threadId: "prod/web/spot-1",
      severity: "warning",
      action: { type: "capacity-fallback", capacityProviderStrategy: ON_DEMAND_ONLY, previousStrategy: SPOT_ONLY },
    });
    expect(decision?.reason).toContain("RESOURCE:FARGATE");
  });

  it("names the extra cost per hour: 4 Spot tasks of 1 vCPU / 2 GB at 70 % of the on-demand price", () => {
    const [decision] = decide(placementFailure(), spotSnapshot());

    expect(extraPerHour(4)).toBe("0.1382");
    expect(decision?.reason).toContain("4 task(s) move to on-demand, up to $0.1382/hour more");
    expect(decision?.facts["extraCostPerHour"]).toBe("0.1382");
  });

  it("moves Spot's base and weight onto FARGATE's in a mixed strategy, costing only the tasks that were on Spot", () => {
    const [decision] = decide(
      placementFailure(),
      spotSnapshot({ strategy: MIXED, service: { desiredCount: 5, runningCount: 5 } }),
    );

    expect(decision?.action).toEqual({
      type: "capacity-fallback",
      capacityProviderStrategy: [{ capacityProvider: "FARGATE", base: 1, weight: 4 }],
      previousStrategy: MIXED,
    });
    // base 1 on FARGATE, the other 4 split 1:3: three tasks were on Spot.
    expect(decision?.reason).toContain(`3 task(s) move to on-demand, up to $${extraPerHour(3)}/hour more`);
  });

  it("saves the incident, with the original strategy, and asks the reconcile to watch the service", () => {
    const [decision] = decide(placementFailure(), spotSnapshot({ strategy: MIXED, state: { belowSince: minute(2) } }), {
      mode: "enforce",
    });

    expect(decision?.state?.attention).toBe(true);
    expect(decision?.state?.value).toMatchObject({
      status: "fallback",
      mode: "enforce",
      incident: 1,
      since: minute(NOW),
      originalStrategy: MIXED,
      relapses: 0,
      belowSince: undefined,
    });
  });

  it("numbers a later incident after the earlier ones", () => {
    const [decision] = decide(
      placementFailure(),
      spotSnapshot({ state: { status: "normal", incident: 2, returnedAt: minute(-600) } }),
    );

    expect(decision?.key).toBe("spot-fallback#fallback#3");
    expect(decision?.threadId).toBe("prod/web/spot-3");
  });

  it("does nothing when placement failures are not configured to trigger", () => {
    expect(decide(placementFailure(), spotSnapshot(), { onPlacementFailure: false })).toEqual([]);
  });

  it("does nothing for a service that does not use Spot", () => {
    expect(decide(placementFailure(), spotSnapshot({ strategy: ON_DEMAND_ONLY }))).toEqual([]);
  });

  it.each(["fallback", "staged"] as const)("falls back once per incident: nothing more while %s", (status) => {
    expect(decide(placementFailure(), spotSnapshot({ state: inFallback({ status }) }))).toEqual([]);
  });
});

describe("spot-fallback interest in events", () => {
  it("is interested in a placement failure on a Managed Instances Spot provider the counterparts name", () => {
    const event = placementFailure("RESOURCE:CPU", ["mi-spot"]);
    const settings = spotSettings({ counterparts: { "mi-spot": "mi-od" } });
    expect(spotFallback.interestedIn(event) && spotFallback.relevant!(event, settings)).toBe(true);
  });

  it.each([
    ["a placement failure naming FARGATE_SPOT", true, placementFailure()],
    ["a Spot interruption", true, spotStop()],
    ["the two-minute Spot warning", true, spotStop("t3", "RUNNING")],
    ["a placement failure on EC2 (RESOURCE:CPU)", false, placementFailure("RESOURCE:CPU", ["ec2-workers"])],
    ["a placement failure naming only FARGATE", false, placementFailure("RESOURCE:FARGATE", ["FARGATE"])],
    [
      "a placement failure on a Managed Instances provider no counterpart names",
      false,
      placementFailure("RESOURCE:CPU", ["mi-spot"]),
    ],
    ["steady state, even of a Spot service", false, placementFailure("", ["FARGATE_SPOT"], "SERVICE_STEADY_STATE")],
    [
      "a crash",
      false,
      parseEvent(
        taskStateChange({
          ...REF,
          taskId: "t1",
          deploymentId: "ecs-svc/1",
          taskDefinition: "web:42",
          version: 4,
          lastStatus: "STOPPED",
          time: minute(NOW),
          stop: stops.crash(),
        }),
      ),
    ],
  ])("%s → interested: %s", (_, interested, event) => {
    // Interest is the cheap filter and the finer one with the settings: a placement failure
    // counts only on a provider known to be Spot, which the settings can name.
    expect(spotFallback.interestedIn(event) && spotFallback.relevant!(event, spotSettings())).toBe(interested);
  });

  it("looks back over the interruption window", () => {
    expect(spotFallback.lookbackMinutes!(spotSettings({ interruptionStorm: { count: 3, windowMinutes: 25 } }))).toBe(
      25,
    );
  });
});

describe("spot-fallback on an interruption storm", () => {
  const storm = (...entries: ReturnType<typeof interruption>[]) =>
    decide(spotStop(), spotSnapshot({ recent: entries }));

  it("falls back when the third distinct task is interrupted within 10 minutes", () => {
    const [decision, ...rest] = storm(interruption("t1", 1), interruption("t2", 5), interruption("t3", NOW));

    expect(rest).toEqual([]);
    expect(decision?.action?.type).toBe("capacity-fallback");
    expect(decision?.reason).toContain("interruption storm: 3 Spot tasks interrupted within 10 minutes (threshold 3)");
  });

  it("counts a task's two-minute warning and its stop as one interruption", () => {
    expect(storm(interruption("t1", 1, "task-stopping"), interruption("t1", 3), interruption("t2", NOW))).toEqual([]);
  });

  it("does not count interruptions older than the window, even by half a minute", () => {
    expect(storm(interruption("t1", -0.5), interruption("t2", 5), interruption("t3", NOW))).toEqual([]);
    expect(storm(interruption("t1", 0), interruption("t2", 5), interruption("t3", NOW))).toHaveLength(1);
  });

  it("does nothing at two interrupted tasks", () => {
    expect(storm(interruption("t2", 5), interruption("t3", NOW))).toEqual([]);
  });

  it("ignores stops of other kinds in the timeline", () => {
    const crash = { ...interruption("t1", 2), stopClass: "crash" as const };

    expect(storm(crash, interruption("t2", 5), interruption("t3", NOW))).toEqual([]);
  });

  it.each([
    ["2 tasks within 5 minutes", { count: 2, windowMinutes: 5 }, ["t2", "t3"], 1],
    ["5 tasks within 30 minutes", { count: 5, windowMinutes: 30 }, ["t1", "t2", "t3", "t4", "t5"], 0],
  ])("uses a custom threshold of %s", (_, interruptionStorm, tasks, minutesApart) => {
    const entries = tasks.map((t, i) => interruption(t, NOW - i * minutesApart));
    const fewer = entries.slice(1);

    expect(decide(spotStop(), spotSnapshot({ recent: entries }), { interruptionStorm })).toHaveLength(1);
    expect(decide(spotStop(), spotSnapshot({ recent: fewer }), { interruptionStorm })).toEqual([]);
  });
});

describe("spot-fallback below the desired count (tick)", () => {
  const below = (state?: SpotSpec["state"]) =>
    spotSnapshot({ service: { runningCount: 1 }, ...(state ? { state } : {}) });

  it("notes quietly when a Spot service first runs below its desired count", () => {
    expect(tick(below(), NOW)).toEqual({
      decisions: [],
      state: { value: expect.objectContaining({ status: "normal", belowSince: minute(NOW) }), attention: false },
    });
  });

  it("waits out the grace period", () => {
    expect(tick(below({ belowSince: minute(1) }), NOW)).toEqual({ decisions: [] });
  });

  it("falls back once the service has stayed below desired longer than the grace, short of Spot", () => {
    // What makes the shortfall Spot's (and not a crash loop's) is in spot-shortfall.test.ts.
    const { decisions, state } = tick({ ...below({ belowSince: minute(0) }), recent: [interruption("t1", 4)] }, 11);

    expect(state).toBeUndefined();
    expect(decisions).toHaveLength(1);
    expect(decisions[0]).toMatchObject({
      key: "spot-fallback#fallback#1",
      action: { type: "capacity-fallback", capacityProviderStrategy: ON_DEMAND_ONLY },
    });
    expect(decisions[0]?.reason).toContain(
      "1 of 4 tasks running for 11 minutes (grace 10) while the strategy depends on Spot, and Spot is short: 1 Spot task(s) interrupted since",
    );
    expect(decisions[0]?.state?.value).toMatchObject({ status: "fallback", belowSince: undefined });
  });

  it("forgets the shortfall when the service is back at its desired count", () => {
    expect(tick(spotSnapshot({ state: { belowSince: minute(0) } }), NOW)).toEqual({
      decisions: [],
      state: { value: expect.objectContaining({ belowSince: undefined }), attention: false },
    });
  });

  it("saves nothing for a service at its desired count with nothing noted", () => {
    expect(tick(spotSnapshot(), NOW)).toEqual({ decisions: [] });
  });

  it("leaves a service that does not use Spot alone", () => {
    expect(
      tick(
        spotSnapshot({ strategy: ON_DEMAND_ONLY, service: { runningCount: 1 }, state: { belowSince: minute(0) } }),
        60,
      ),
    ).toEqual({ decisions: [] });
  });
});

describe("spot-fallback wantsTick", () => {
  const service = (strategy = SPOT_ONLY) => spotSnapshot({ strategy }).service!;

  it.each([
    ["a Spot service", true, service(), undefined],
    ["a mixed Spot service", true, service(MIXED), undefined],
    ["an on-demand service", false, service(ON_DEMAND_ONLY), undefined],
    ["an on-demand service in normal state", false, service(ON_DEMAND_ONLY), { status: "normal" }],
    ["an on-demand service in fallback", true, service(ON_DEMAND_ONLY), { status: "fallback" }],
    ["an on-demand service in a staged return", true, service(ON_DEMAND_ONLY), { status: "staged" }],
  ])("%s → ticks: %s", (_, wanted, s, stored) => {
    expect(spotFallback.wantsTick!(s, stored, spotSettings())).toBe(wanted);
  });
});

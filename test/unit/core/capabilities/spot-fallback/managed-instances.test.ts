import { describe, expect, it } from "vitest";
import { serviceAction, stops, taskStateChange } from "@ecs-guardrails/sim/events/builders";
import type { SpotFallbackSettings } from "@ecs-guardrails/core/capabilities/spot-fallback/settings";
import type { GuardrailsEvent } from "@ecs-guardrails/core/events/model";
import { parseEvent } from "@ecs-guardrails/core/events/parse";
import { spotFallback } from "@ecs-guardrails/core/capabilities/spot-fallback/decide";
import type { CapacityProviderItem } from "@ecs-guardrails/core/model/description";
import type { Snapshot } from "@ecs-guardrails/core/model/snapshot";
import { REF } from "../../../../support/snapshots.ts";
import { inFallback, interruption, minute, spotSettings, spotSnapshot } from "../../../../support/spot-snapshots.ts";

// prod/web on an ECS Managed Instances Spot capacity provider ("mi-spot"), whose on-demand
// counterpart ("mi-od") only the configuration can name: ECS never falls back between them.

const NOW = 10;
const SPOT_MI: CapacityProviderItem[] = [
  { capacityProvider: "mi-spot", base: 0, weight: 3 },
  { capacityProvider: "mi-od", base: 0, weight: 0 },
];
const OD_MI: CapacityProviderItem[] = [{ capacityProvider: "mi-od", base: 0, weight: 3 }];
const counterparts = { counterparts: { "mi-spot": "mi-od" } };

const decide = (event: GuardrailsEvent, snapshot: Snapshot, patch: Partial<SpotFallbackSettings> = {}) =>
  spotFallback.decide({ event, snapshot, settings: spotSettings(patch), now: new Date(minute(NOW)) });
const tick = (snapshot: Snapshot, now: number, patch: Partial<SpotFallbackSettings> = {}) =>
  spotFallback.tick!({ snapshot, settings: spotSettings(patch), now: new Date(minute(now)) });

const placementFailure = (capacityProviders = ["mi-spot"]) =>
  parseEvent(
    serviceAction({
      ...REF,
      eventName: "SERVICE_TASK_PLACEMENT_FAILURE",
      time: minute(NOW),
      reason: "RESOURCE:CPU",
      capacityProviders,
    }),
  );
const spotStop = (taskId = "t3", capacityProviderName = "mi-spot") =>
  parseEvent(
    taskStateChange({
      ...REF,
      taskId,
      deploymentId: "ecs-svc/1",
      taskDefinition: "web:42",
      version: 4,
      lastStatus: "STOPPED",
      desiredStatus: "STOPPED",
      time: minute(NOW),
      capacityProviderName,
      stop: stops.spot(),
    }),
  );
const storm = () => [interruption("t1", 6), interruption("t2", 8), interruption("t3", NOW)];

describe("spot-fallback on a Managed Instances Spot provider with an on-demand counterpart", () => {
  it("moves the Spot provider's weight to the counterpart the configuration names when ECS cannot place tasks on it", () => {
    const [decision, ...rest] = decide(placementFailure(), spotSnapshot({ strategy: SPOT_MI }), counterparts);

    expect(rest).toEqual([]);
    expect(decision).toMatchObject({
      key: "spot-fallback#fallback#1",
      severity: "warning",
      action: { type: "capacity-fallback", capacityProviderStrategy: OD_MI, previousStrategy: SPOT_MI },
      title: "Move prod/web from Spot (mi-spot) to on-demand (mi-od)",
    });
    expect(decision?.reason).not.toContain("$");
  });

  it("falls back on an interruption storm of the Spot provider's tasks", () => {
    const [decision] = decide(spotStop(), spotSnapshot({ strategy: SPOT_MI, recent: storm() }), counterparts);

    expect(decision?.action).toMatchObject({ type: "capacity-fallback", capacityProviderStrategy: OD_MI });
  });

  it("does not act when the counterpart is not in the service's strategy: it may not exist in the cluster", () => {
    const strategy = [{ capacityProvider: "mi-spot", base: 0, weight: 1 }];
    const [decision, ...rest] = decide(placementFailure(), spotSnapshot({ strategy }), counterparts);

    expect(rest).toEqual([]);
    expect(decision?.action).toBeUndefined();
    expect(decision?.key).toBe("spot-fallback#unmapped#1");
    expect(decision?.reason).toContain("mi-od is not in the service's capacity provider strategy");
  });

  it("returns to the original strategy after the cool-down, and a staged return keeps its base on the counterpart", () => {
    const state = inFallback({ originalStrategy: SPOT_MI, fallbackStrategy: OD_MI });
    const [full] = tick(spotSnapshot({ strategy: OD_MI, state }), 31, counterparts).decisions;
    expect(full?.action).toMatchObject({ type: "capacity-restore", capacityProviderStrategy: SPOT_MI });
    expect(full?.title).toBe("Return prod/web to Spot (mi-spot)");

    const [staged] = tick(spotSnapshot({ strategy: OD_MI, state }), 31, {
      ...counterparts,
      stagedReturnBase: 1,
    }).decisions;
    expect(staged?.action).toMatchObject({
      type: "capacity-restore",
      capacityProviderStrategy: [
        { capacityProvider: "mi-od", base: 1, weight: 0 },
        { capacityProvider: "mi-spot", base: 0, weight: 3 },
      ],
    });
  });
});

describe("spot-fallback's reconcile on a Managed Instances Spot provider with a counterpart", () => {
  it("falls back when tasks wait on the Spot provider past the grace period", () => {
    const snapshot = spotSnapshot({
      strategy: SPOT_MI,
      service: { runningCount: 1, pendingCount: 3 },
      state: { belowSince: minute(0) },
    });
    const [decision] = tick(snapshot, 20, counterparts).decisions;

    expect(decision?.action).toMatchObject({ type: "capacity-fallback", capacityProviderStrategy: OD_MI });
    expect(decision?.reason).toContain("3 task(s) pending on mi-spot");
  });
});

describe("spot-fallback on a Managed Instances Spot provider without a counterpart", () => {
  it("gives one notice saying what to configure, and changes nothing, on an interruption storm of its tasks", () => {
    const [decision, ...rest] = decide(spotStop(), spotSnapshot({ strategy: SPOT_MI, recent: storm() }));

    expect(rest).toEqual([]);
    expect(decision).toMatchObject({ key: "spot-fallback#unmapped#1", severity: "warning", action: undefined });
    expect(decision?.reason).toContain("mi-spot");
    expect(decision?.nextSteps?.join(" ")).toContain('counterparts: { "mi-spot": "<on-demand capacity provider>" }');
  });

  it("gives the notice once per shortage: the next interruption within the cool-down says nothing", () => {
    const [first] = decide(spotStop(), spotSnapshot({ strategy: SPOT_MI, recent: storm() }));
    const saved = first?.state?.value as Record<string, unknown>;

    const again = decide(spotStop("t4"), spotSnapshot({ strategy: SPOT_MI, recent: storm(), state: saved }));

    expect(again).toEqual([]);
  });

  it("ignores a placement failure on a provider it does not know to be Spot (an EC2 Auto Scaling group runs short too)", () => {
    expect(decide(placementFailure(["mi-spot"]), spotSnapshot({ strategy: SPOT_MI }))).toEqual([]);
  });

  it("takes no Fargate Spot rule for a managed-instances provider: the reconcile's shortfall does not fall back to FARGATE", () => {
    const snapshot = spotSnapshot({
      strategy: SPOT_MI,
      service: { runningCount: 1, pendingCount: 2 },
      state: { belowSince: minute(0) },
      recent: [interruption("t1", NOW)],
    });
    const decisions = tick(snapshot, 20).decisions;
    expect(decisions.every((d) => d.action === undefined)).toBe(true);
  });
});

describe("spot-fallback's notices for a Managed Instances service", () => {
  it("names the providers, not Fargate, when a person has to fall back by hand (CODE_DEPLOY)", () => {
    const snapshot = spotSnapshot({ strategy: SPOT_MI, service: { deploymentController: "CODE_DEPLOY" } });
    const [decision] = decide(placementFailure(), snapshot, counterparts);

    expect(decision?.action).toBeUndefined();
    expect(decision?.title).toBe("Move prod/web from Spot (mi-spot) to on-demand (mi-od) by hand");
  });

  it("names the providers when a person changed the strategy during the fallback", () => {
    const state = inFallback({ originalStrategy: SPOT_MI, fallbackStrategy: OD_MI });
    const changed = [{ capacityProvider: "mi-od", base: 2, weight: 1 }];
    const [decision] = tick(spotSnapshot({ strategy: changed, state }), 20, counterparts).decisions;

    expect(decision?.title).toBe("Not returning prod/web to Spot (mi-spot): its strategy was changed by someone else");
  });
});

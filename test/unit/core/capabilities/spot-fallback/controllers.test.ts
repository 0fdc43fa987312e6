import { describe, expect, it } from "vitest";
import { serviceAction } from "@ecs-guardrails/sim/events/builders";
import type { SpotFallbackSettings } from "@ecs-guardrails/core/capabilities/spot-fallback/settings";
import { parseEvent } from "@ecs-guardrails/core/events/parse";
import { spotFallback } from "@ecs-guardrails/core/capabilities/spot-fallback/decide";
import type { ServiceDescription } from "@ecs-guardrails/core/model/description";
import type { Snapshot } from "@ecs-guardrails/core/model/snapshot";
import { REF, ecsDeployment } from "../../../../support/snapshots.ts";
import {
  inFallback,
  interruption,
  minute,
  spotSettings,
  spotSnapshot,
  type SpotSpec,
} from "../../../../support/spot-snapshots.ts";

// A capacity change is an UpdateService with forceNewDeployment: CODE_DEPLOY and EXTERNAL
// services reject it, and an ECS-native BLUE_GREEN, LINEAR or CANARY deployment must not be
// interrupted by it. The Spot fallback then records and tells what a person should do.

const placementFailure = (m: number) =>
  parseEvent(
    serviceAction({
      ...REF,
      eventName: "SERVICE_TASK_PLACEMENT_FAILURE",
      time: minute(m),
      reason: "RESOURCE:FARGATE",
      capacityProviders: ["FARGATE_SPOT"],
    }),
  );
const decide = (snapshot: Snapshot, m = 10, patch: Partial<SpotFallbackSettings> = {}) =>
  spotFallback.decide({
    event: placementFailure(m),
    snapshot,
    settings: spotSettings(patch),
    now: new Date(minute(m)),
  });
const tick = (snapshot: Snapshot, m: number) =>
  spotFallback.tick!({ snapshot, settings: spotSettings(), now: new Date(minute(m)) });

const blueGreenRunning: Partial<ServiceDescription> = {
  deploymentStrategy: "BLUE_GREEN",
  deployments: [
    ecsDeployment("ecs-svc/2", { status: "PRIMARY", rolloutState: "IN_PROGRESS" }),
    ecsDeployment("ecs-svc/1"),
  ],
};
const on = (service: Partial<ServiceDescription>, spec: SpotSpec = {}) =>
  spotSnapshot({ ...spec, service: { ...service, ...spec.service } });

describe("spot-fallback on a service whose deployments are not ECS's", () => {
  it.each([
    ["CODE_DEPLOY", /CodeDeploy deployment whose AppSpec sets the capacity provider strategy to FARGATE weight 1/],
    ["EXTERNAL", /create a task set with the capacity provider strategy FARGATE weight 1/],
  ])("tells a person to fall back by hand on %s, and changes nothing", (controller, step) => {
    const decisions = decide(on({ deploymentController: controller }));

    expect(decisions).toHaveLength(1);
    expect(decisions[0]).toMatchObject({
      key: "spot-fallback#manual-fallback#1",
      action: undefined,
      severity: "warning",
      threadId: "prod/web/spot-1",
    });
    expect(decisions[0]?.title).toBe("Move prod/web from Fargate Spot to on-demand Fargate by hand");
    expect(decisions[0]?.reason).toMatch(
      /^ECS could not place tasks on FARGATE_SPOT \(RESOURCE:FARGATE\); the guardrails do not act: /,
    );
    expect(decisions[0]?.nextSteps?.[0]).toMatch(step);
    expect(decisions[0]?.state).toMatchObject({
      value: { status: "normal", incident: 1, manualAt: minute(10) },
      attention: false,
    });
  });

  it("tells it once per cool-down while the shortage goes on, then again", () => {
    const told = on(
      { deploymentController: "CODE_DEPLOY" },
      { state: { incident: 1, manualAt: minute(10), belowSince: minute(12) } },
    );
    const short = { ...told, service: { ...told.service!, runningCount: 1 }, recent: [interruption("t1", 35)] };

    expect(decide(told, 20)).toEqual([]);
    expect(tick(short, 39)).toEqual({ decisions: [] });
    expect(decide(told, 41).map((d) => d.key)).toEqual(["spot-fallback#manual-fallback#2"]);
    expect(tick(short, 41).decisions.map((d) => d.key)).toEqual(["spot-fallback#manual-fallback#2"]);
  });

  it("tells a person to return by hand if the service can no longer be changed while in fallback", () => {
    const decisions = tick(
      on(
        {
          deploymentController: "EXTERNAL",
          capacityProviderStrategy: [{ capacityProvider: "FARGATE", base: 0, weight: 1 }],
        },
        { state: inFallback() },
      ),
      45,
    ).decisions;

    expect(decisions.map((d) => [d.key, d.action])).toEqual([["spot-fallback#manual-return#1", undefined]]);
    expect(decisions[0]?.state?.value).toMatchObject({ status: "normal" });
  });
});

describe("spot-fallback during an ECS blue/green, linear or canary deployment", () => {
  it.each(["BLUE_GREEN", "LINEAR", "CANARY"])(
    "puts the fallback off during a %s deployment, with a notice",
    (strategy) => {
      const decisions = decide(on({ ...blueGreenRunning, deploymentStrategy: strategy }));

      expect(decisions.map((d) => [d.key, d.action])).toEqual([["spot-fallback#deferred#1", undefined]]);
      expect(decisions[0]?.title).toBe(`Not moving prod/web off Fargate Spot during its ${strategy} deployment`);
      expect(decisions[0]?.state).toBeUndefined();
    },
  );

  it("falls back on the next shortage once the deployment is over", () => {
    const after = on({
      deploymentStrategy: "BLUE_GREEN",
      deployments: [ecsDeployment("ecs-svc/2", { status: "PRIMARY", rolloutState: "COMPLETED" })],
    });

    expect(decide(after, 30)[0]).toMatchObject({
      key: "spot-fallback#fallback#1",
      action: { type: "capacity-fallback" },
    });
  });

  it("waits to return until the deployment is over", () => {
    const snapshot = on(
      { ...blueGreenRunning, capacityProviderStrategy: [{ capacityProvider: "FARGATE", base: 0, weight: 1 }] },
      { state: inFallback() },
    );

    expect(tick(snapshot, 45)).toEqual({ decisions: [] });
    snapshot.service!.deployments = [ecsDeployment("ecs-svc/2", { status: "PRIMARY", rolloutState: "COMPLETED" })];
    expect(tick(snapshot, 45).decisions.map((d) => d.action?.type)).toEqual(["capacity-restore"]);
  });

  it("falls back during a ROLLING deployment as before", () => {
    expect(decide(on({ ...blueGreenRunning, deploymentStrategy: "ROLLING" }))[0]?.action?.type).toBe(
      "capacity-fallback",
    );
  });
});

import { EcsServiceGateway } from "@ecs-guardrails/aws/ecs/service-gateway";
import { executeAction, ecsExecutors } from "@ecs-guardrails/core/engine/executors";
import type { Decision } from "@ecs-guardrails/core/model/decision";
import type { ActionRequest } from "@ecs-guardrails/core/registry";
import type { Snapshot } from "@ecs-guardrails/core/model/snapshot";
import { parseScheduledScalingSettings } from "@ecs-guardrails/core/capabilities/scheduled-scaling/settings";
import { scheduledScalingTick } from "@ecs-guardrails/core/capabilities/scheduled-scaling/tick";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { serviceState } from "../../support/snapshots.ts";
import { isDeploymentEvent, startWorld, webService, type World } from "./world.ts";
// The window maths, as the reconcile loads it (the tick evaluates the schedule through it).
import "@ecs-guardrails/core/time/holds";

// Scheduled scaling beside the Spot fallback on one simulated service, through the real ECS
// client: the fallback's deployment holds the schedule's scale-in back, the schedule's
// desired-count changes start no deployment (nothing for auto-rollback to judge), and a
// strategy change leaves the schedule's count alone (no drift).

const WEB = { cluster: "prod", service: "web" };
const SPOT = [{ capacityProvider: "FARGATE_SPOT", base: 0, weight: 1 }];
const ON_DEMAND = [{ capacityProvider: "FARGATE", base: 0, weight: 1 }];
// The world's clock starts on Monday 2026-03-02 at 09:00 UTC.
const settings = parseScheduledScalingSettings({
  mode: "enforce",
  windows: [{ name: "quiet", timezone: "UTC", start: "0 9 * * *", end: "0 12 * * *", desiredCount: 1 }],
});

let world: World;
let gateway: EcsServiceGateway;
let policyState: Record<string, unknown> | undefined;

beforeEach(async () => {
  world = await startWorld();
  gateway = new EcsServiceGateway(world.ecs);
  policyState = undefined;
  webService(world, { desiredCount: 3, capacityProviderStrategy: SPOT });
});
afterEach(() => world.close());

async function snapshot(): Promise<Snapshot> {
  return {
    ref: WEB,
    state: serviceState({ policies: policyState ? { "scheduled-scaling": policyState } : {} }),
    deployments: [],
    recent: [],
    service: await gateway.describeService(WEB),
  };
}

/** One scheduled-scaling tick, its action carried out through ECS as the engine would. */
async function tick(): Promise<Decision[]> {
  const snap = await snapshot();
  const { decisions } = scheduledScalingTick({
    snapshot: snap,
    settings,
    now: new Date(world.clock.now()),
    scalableTarget: undefined,
    bakeMinutes: 0,
  });
  for (const d of decisions) {
    if (d.action) await executeAction(WEB, d.action, snap.service, ecsExecutors(gateway));
    policyState = d.state?.value;
  }
  return decisions;
}

async function act(action: ActionRequest): Promise<void> {
  await executeAction(WEB, action, (await snapshot()).service, ecsExecutors(gateway));
}

const completed = () => world.sim.advanceUntil(isDeploymentEvent("SERVICE_DEPLOYMENT_COMPLETED"), 30 * 60_000);

describe("scheduled scaling with the Spot fallback on one service", () => {
  it("waits with the window's scale-in while the fallback deploys, then scales in without a deployment and keeps the fallback's strategy", async () => {
    await act({ type: "capacity-fallback", capacityProviderStrategy: ON_DEMAND, previousStrategy: SPOT });
    const [deferred] = await tick();
    expect(deferred).toMatchObject({
      key: expect.stringMatching(/^scheduled-scaling#deferred#start#/),
      action: undefined,
    });
    expect(await tick()).toEqual([]);

    expect(completed()).toBeDefined();
    const [start] = await tick();
    expect(start!.action).toEqual({ type: "scale", desiredCount: 1 });
    const after = (await gateway.describeService(WEB))!;
    expect(after.desiredCount).toBe(1);
    expect(after.capacityProviderStrategy).toEqual(ON_DEMAND);
    expect(after.deployments).toHaveLength(1); // a desired count alone starts no deployment
  });

  it("sees no drift when the Spot return changes the strategy inside a window, and restores the count over the return's deployment", async () => {
    expect((await tick())[0]!.action).toEqual({ type: "scale", desiredCount: 1 });
    await act({ type: "capacity-fallback", capacityProviderStrategy: ON_DEMAND, previousStrategy: SPOT });
    completed();
    await act({ type: "capacity-restore", capacityProviderStrategy: SPOT, previousStrategy: ON_DEMAND });
    expect(await tick()).toEqual([]);

    world.sim.runUntil("2026-03-02T12:00:00Z");
    await act({ type: "capacity-fallback", capacityProviderStrategy: ON_DEMAND, previousStrategy: SPOT });
    const [end] = await tick(); // a scale-out: it does not wait for the deployment
    expect(end!.action).toEqual({ type: "scale", desiredCount: 3 });
    expect((await gateway.describeService(WEB))!.desiredCount).toBe(3);
  });
});

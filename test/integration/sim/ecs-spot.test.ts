import { DescribeServicesCommand, DescribeTasksCommand, ListTasksCommand } from "@aws-sdk/client-ecs";
import type { ServiceActionEventModel, TaskEvent } from "@ecs-guardrails/core/events/model";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { isServiceAction, startWorld, webService } from "./world.ts";
import type { World } from "./world.ts";

// Fargate Spot: capacity outages (placement failures, no fallback to FARGATE) and interruptions
// (the two-minute warning, then STOPPED, then a replacement).

const MINUTE = 60_000;
const SPOT_HEAVY = [
  { capacityProvider: "FARGATE", base: 1, weight: 1 },
  { capacityProvider: "FARGATE_SPOT", weight: 3 },
];
let world: World;

beforeEach(async () => {
  world = await startWorld();
  webService(world, { desiredCount: 4, capacityProviderStrategy: SPOT_HEAVY });
});
afterEach(async () => {
  await world.close();
});

const placementFailures = () =>
  world
    .parsed()
    .filter(
      (e): e is ServiceActionEventModel =>
        e.kind === "service-action" && e.eventName === "SERVICE_TASK_PLACEMENT_FAILURE",
    );

describe("tasks are placed by the capacity provider strategy", () => {
  it("puts the base on FARGATE and splits the rest by weight", async () => {
    const { taskArns } = await world.ecs.send(new ListTasksCommand({ cluster: "prod", serviceName: "web" }));
    const { tasks } = await world.ecs.send(new DescribeTasksCommand({ cluster: "prod", tasks: taskArns! }));

    const providers = tasks!.map((t) => t.capacityProviderName).sort();
    expect(providers).toEqual(["FARGATE", "FARGATE_SPOT", "FARGATE_SPOT", "FARGATE_SPOT"]);
  });
});

describe("a Fargate Spot capacity outage", () => {
  it("produces SERVICE_TASK_PLACEMENT_FAILURE with reason RESOURCE:FARGATE naming FARGATE_SPOT", () => {
    const start = world.sim.now();
    world.sim.addSpotOutage({ start, end: start + 30 * MINUTE, interruptRunning: true });

    world.sim.advanceUntil(isServiceAction("SERVICE_TASK_PLACEMENT_FAILURE"), 5 * MINUTE);

    const [failure] = placementFailures();
    expect(failure).toMatchObject({
      eventType: "ERROR",
      reason: "RESOURCE:FARGATE",
      capacityProviders: ["FARGATE_SPOT"],
      cluster: "prod",
      service: "web",
    });
    expect(world.events.find(isServiceAction("SERVICE_TASK_PLACEMENT_FAILURE"))?.detail.capacityProviderArns).toEqual([
      "arn:aws:ecs:us-east-1:111122223333:capacity-provider/FARGATE_SPOT",
    ]);
  });

  it("repeats the failure periodically while Spot tasks are missing, never falling back to FARGATE", async () => {
    const start = world.sim.now();
    world.sim.addSpotOutage({ start, end: start + 30 * MINUTE, interruptRunning: true });

    world.sim.advance(29 * MINUTE);

    expect(placementFailures().length).toBeGreaterThanOrEqual(5);
    const out = await world.ecs.send(new DescribeServicesCommand({ cluster: "prod", services: ["web"] }));
    expect(out.services![0]).toMatchObject({ desiredCount: 4, runningCount: 1 });
    const launched = world.parsed().filter((e): e is TaskEvent => e.kind === "task" && e.lastStatus === "PROVISIONING");
    expect(launched).toEqual([]);
  });

  it("places the missing Spot tasks once capacity is back, and the service is steady again", () => {
    const start = world.sim.now();
    world.sim.addSpotOutage({ start, end: start + 30 * MINUTE, interruptRunning: true });

    world.sim.advance(30 * MINUTE);
    const steady = world.sim.advanceUntil(isServiceAction("SERVICE_STEADY_STATE"), 15 * MINUTE);

    expect(steady).toBeDefined();
    const failuresAfterEnd = placementFailures().filter((e) => Date.parse(e.time) >= start + 30 * MINUTE);
    expect(failuresAfterEnd).toEqual([]);
  });
});

describe("a Fargate Spot interruption", () => {
  it("sends the two-minute warning, then STOPPED with a higher version, both classified as spot-interruption", () => {
    const [taskArn] = world.sim.interruptSpotTasks({ service: "web", count: 1 });

    world.sim.advance(3 * MINUTE);

    const events = world.parsed().filter((e): e is TaskEvent => e.kind === "task" && e.taskArn === taskArn);
    expect(events.map((e) => [e.lastStatus, e.desiredStatus])).toEqual([
      ["RUNNING", "STOPPED"],
      ["STOPPED", "STOPPED"],
    ]);
    const [warning, stopped] = events;
    expect(warning!.stop).toMatchObject({
      class: "spot-interruption",
      code: "SpotInterruption",
      reason: "Your Spot Task was interrupted.",
    });
    expect(stopped!.stop).toMatchObject({ class: "spot-interruption", code: "SpotInterruption" });
    expect(stopped!.version!).toBeGreaterThan(warning!.version!);
    expect(Date.parse(stopped!.time) - Date.parse(warning!.time)).toBe(2 * MINUTE);
  });

  it("lets the scheduler start a replacement on Spot as soon as the warning arrives", async () => {
    const warnedAt = world.sim.now();
    world.sim.interruptSpotTasks({ service: "web", count: 1 });

    world.sim.advance(5 * MINUTE);

    const replacement = world
      .parsed()
      .find((e): e is TaskEvent => e.kind === "task" && e.lastStatus === "PROVISIONING");
    expect(replacement).toMatchObject({ capacityProviderName: "FARGATE_SPOT", time: new Date(warnedAt).toISOString() });
    const out = await world.ecs.send(new DescribeServicesCommand({ cluster: "prod", services: ["web"] }));
    expect(out.services![0]!.runningCount).toBe(4);
  });
});

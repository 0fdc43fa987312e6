import {
  DescribeServicesCommand,
  DescribeTasksCommand,
  InvalidParameterException,
  ListTasksCommand,
  UpdateServiceCommand,
} from "@aws-sdk/client-ecs";
import type { CapacityProviderStrategyItem, Service } from "@aws-sdk/client-ecs";
import type { ServiceActionEventModel, TaskEvent } from "@ecs-guardrails/core/events/model";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { isDeploymentEvent, startWorld, webService } from "./world.ts";
import type { World } from "./world.ts";

// What a Fargate Spot fallback policy relies on, through the real ECS SDK client: moving a
// service between FARGATE_SPOT and FARGATE with UpdateService (capacityProviderStrategy +
// forceNewDeployment), during and after a Spot capacity outage, and Spot interruption storms.

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const SPOT_ONLY = [{ capacityProvider: "FARGATE_SPOT", weight: 1 }];
const ON_DEMAND = [{ capacityProvider: "FARGATE", weight: 1 }];
const MIXED = [
  { capacityProvider: "FARGATE", base: 1, weight: 1 },
  { capacityProvider: "FARGATE_SPOT", weight: 3 },
];

let world: World;

beforeEach(async () => {
  world = await startWorld();
});
afterEach(async () => {
  await world.close();
});

async function describeWeb(): Promise<Service> {
  const out = await world.ecs.send(new DescribeServicesCommand({ cluster: "prod", services: ["web"] }));
  return out.services![0]!;
}

/** UpdateService with a new strategy and forceNewDeployment; returns the new and the previous PRIMARY deployment ids. */
async function switchTo(strategy: CapacityProviderStrategyItem[]): Promise<{ newId: string; oldId: string }> {
  const oldId = world.sim.primaryDeploymentId("prod", "web");
  const out = await world.ecs.send(
    new UpdateServiceCommand({
      cluster: "prod",
      service: "web",
      capacityProviderStrategy: strategy,
      forceNewDeployment: true,
    }),
  );
  return { newId: out.service!.deployments![0]!.id!, oldId };
}

/** The service's tasks that should be running, as DescribeTasks shows them. */
async function liveTasks() {
  const { taskArns } = await world.ecs.send(new ListTasksCommand({ cluster: "prod", serviceName: "web" }));
  if (taskArns!.length === 0) return [];
  const { tasks } = await world.ecs.send(new DescribeTasksCommand({ cluster: "prod", tasks: taskArns! }));
  return tasks!;
}

const providersOf = (tasks: readonly { capacityProviderName?: string | undefined }[]) =>
  tasks.map((t) => t.capacityProviderName).sort();
const taskEvents = () => world.parsed().filter((e): e is TaskEvent => e.kind === "task");
const taskEventsOf = (deploymentId: string) => taskEvents().filter((e) => e.deploymentId === deploymentId);
const placementFailures = () =>
  world
    .parsed()
    .filter(
      (e): e is ServiceActionEventModel =>
        e.kind === "service-action" && e.eventName === "SERVICE_TASK_PLACEMENT_FAILURE",
    );
const completion = () => world.sim.advanceUntil(isDeploymentEvent("SERVICE_DEPLOYMENT_COMPLETED"), HOUR);

describe("moving a Spot service to on-demand FARGATE with UpdateService and forceNewDeployment", () => {
  beforeEach(() => webService(world, { desiredCount: 3, capacityProviderStrategy: SPOT_ONLY }));

  it("places the new deployment's tasks on FARGATE, completes it, and stops the Spot tasks as scaling activity", async () => {
    const { newId, oldId } = await switchTo(ON_DEMAND);

    const completed = completion();

    expect(completed?.detail.deploymentId).toBe(newId);
    const started = taskEventsOf(newId).filter((e) => e.lastStatus === "RUNNING");
    expect(providersOf(started)).toEqual(["FARGATE", "FARGATE", "FARGATE"]);
    const oldStops = taskEventsOf(oldId).filter((e) => e.lastStatus === "STOPPED");
    expect(providersOf(oldStops)).toEqual(["FARGATE_SPOT", "FARGATE_SPOT", "FARGATE_SPOT"]);
    for (const stop of oldStops) {
      expect(stop.stop).toMatchObject({
        class: "expected",
        code: "ServiceSchedulerInitiated",
        reason: `Scaling activity initiated by (deployment ${oldId})`,
      });
    }
    const tasks = await liveTasks();
    expect(tasks.map((t) => [t.capacityProviderName, t.launchType, t.startedBy, t.lastStatus])).toEqual(
      Array(3).fill(["FARGATE", "FARGATE", newId, "RUNNING"]),
    );
  });

  it("shows the new strategy on the service and its PRIMARY deployment, and the old one on the draining deployment", async () => {
    await switchTo(ON_DEMAND);

    const during = await describeWeb();

    expect(during.capacityProviderStrategy).toEqual([{ capacityProvider: "FARGATE", base: 0, weight: 1 }]);
    expect(during.launchType).toBeUndefined();
    expect(during.deployments!.map((d) => [d.status, d.rolloutState, d.capacityProviderStrategy])).toEqual([
      ["PRIMARY", "IN_PROGRESS", [{ capacityProvider: "FARGATE", base: 0, weight: 1 }]],
      ["ACTIVE", "COMPLETED", [{ capacityProvider: "FARGATE_SPOT", base: 0, weight: 1 }]],
    ]);
    completion();
    const after = await describeWeb();
    expect(
      after.deployments!.map((d) => [
        d.status,
        d.rolloutState,
        d.runningCount,
        d.capacityProviderStrategy?.[0]?.capacityProvider,
      ]),
    ).toEqual([["PRIMARY", "COMPLETED", 3, "FARGATE"]]);
  });

  it("keeps the Spot tasks running until the FARGATE ones are up, so the service never runs short", async () => {
    await switchTo(ON_DEMAND);
    let lowest = Number.POSITIVE_INFINITY;
    const until = world.sim.now() + 6 * MINUTE;

    while (world.sim.now() < until) {
      world.sim.advance(10_000);
      lowest = Math.min(lowest, (await describeWeb()).runningCount!);
    }

    expect(lowest).toBe(3);
    expect(world.events.some(isDeploymentEvent("SERVICE_DEPLOYMENT_COMPLETED"))).toBe(true);
  });
});

describe("a Spot capacity outage on a Spot-only service", () => {
  beforeEach(() => webService(world, { desiredCount: 3, capacityProviderStrategy: SPOT_ONLY }));

  it("cannot replace interrupted tasks: placement fails with RESOURCE:FARGATE for FARGATE_SPOT, again and again, and the service stays short", async () => {
    const start = world.sim.now();
    world.sim.addSpotOutage({ start, end: start + HOUR });
    world.sim.interruptSpotTasks({ cluster: "prod", service: "web", count: 2 });

    world.sim.advance(30 * MINUTE);

    const failures = placementFailures();
    expect(failures.length).toBeGreaterThanOrEqual(6);
    for (const failure of failures)
      expect(failure).toMatchObject({
        eventType: "ERROR",
        reason: "RESOURCE:FARGATE",
        capacityProviders: ["FARGATE_SPOT"],
        service: "web",
      });
    const gaps = failures.slice(1).map((f, i) => Date.parse(f.time) - Date.parse(failures[i]!.time));
    expect(new Set(gaps).size).toBe(1);
    expect(taskEvents().filter((e) => e.lastStatus === "PROVISIONING")).toEqual([]);
    expect(await describeWeb()).toMatchObject({ desiredCount: 3, runningCount: 1, pendingCount: 0 });
  });

  it("recovers to the desired count on FARGATE once switched, while the outage still lasts", async () => {
    const start = world.sim.now();
    const end = start + HOUR;
    world.sim.addSpotOutage({ start, end, interruptRunning: true });
    world.sim.advance(10 * MINUTE);
    expect((await describeWeb()).runningCount).toBe(0);

    const failuresBefore = placementFailures().length;
    const { newId } = await switchTo(ON_DEMAND);
    const completed = completion();

    expect(completed?.detail.deploymentId).toBe(newId);
    expect(world.sim.now()).toBeLessThan(end);
    expect(await describeWeb()).toMatchObject({ desiredCount: 3, runningCount: 3 });
    expect(providersOf(await liveTasks())).toEqual(["FARGATE", "FARGATE", "FARGATE"]);
    world.sim.advance(20 * MINUTE);
    expect(placementFailures().slice(failuresBefore)).toEqual([]);
  });
});

describe("returning to Spot", () => {
  beforeEach(() => webService(world, { desiredCount: 3, capacityProviderStrategy: SPOT_ONLY }));

  async function fallBackDuringOutage(): Promise<number> {
    const start = world.sim.now();
    world.sim.addSpotOutage({ start, end: start + HOUR, interruptRunning: true });
    world.sim.advance(MINUTE);
    await switchTo(ON_DEMAND);
    completion();
    return start + HOUR;
  }

  it("restoring the original strategy after the outage moves the tasks back to FARGATE_SPOT", async () => {
    const end = await fallBackDuringOutage();
    world.sim.runUntil(end);

    const { newId, oldId } = await switchTo(SPOT_ONLY);
    const completed = completion();

    expect(completed?.detail.deploymentId).toBe(newId);
    expect(providersOf(await liveTasks())).toEqual(["FARGATE_SPOT", "FARGATE_SPOT", "FARGATE_SPOT"]);
    const onDemandStops = taskEventsOf(oldId).filter((e) => e.lastStatus === "STOPPED");
    expect(providersOf(onDemandStops)).toEqual(["FARGATE", "FARGATE", "FARGATE"]);
    for (const stop of onDemandStops)
      expect(stop.stop?.reason).toBe(`Scaling activity initiated by (deployment ${oldId})`);
    const service = await describeWeb();
    expect(service.capacityProviderStrategy).toEqual([{ capacityProvider: "FARGATE_SPOT", base: 0, weight: 1 }]);
    expect(service.deployments!.map((d) => [d.id, d.status, d.rolloutState])).toEqual([
      [newId, "PRIMARY", "COMPLETED"],
    ]);
  });

  it("restoring too early, while the outage lasts, keeps the FARGATE tasks running and reports placement failures", async () => {
    const end = await fallBackDuringOutage();
    const failuresBefore = placementFailures().length;

    const { newId, oldId } = await switchTo(SPOT_ONLY);
    world.sim.advance(15 * MINUTE);

    expect(world.sim.now()).toBeLessThan(end);
    expect(placementFailures().length).toBeGreaterThan(failuresBefore);
    const service = await describeWeb();
    expect(service.runningCount).toBe(3);
    expect(service.deployments!.map((d) => [d.id, d.status, d.rolloutState, d.runningCount])).toEqual([
      [newId, "PRIMARY", "IN_PROGRESS", 0],
      [oldId, "ACTIVE", "COMPLETED", 3],
    ]);
    // Once Spot capacity is back, the restored deployment places its tasks and completes.
    world.sim.runUntil(end);
    expect(completion()?.detail.deploymentId).toBe(newId);
    expect(providersOf(await liveTasks())).toEqual(["FARGATE_SPOT", "FARGATE_SPOT", "FARGATE_SPOT"]);
  });
});

describe("a mixed strategy: base 1 on FARGATE, then FARGATE and FARGATE_SPOT weighted 1:3", () => {
  it.each([
    { desiredCount: 1, fargate: 1, spot: 0 },
    { desiredCount: 5, fargate: 2, spot: 3 },
    { desiredCount: 9, fargate: 3, spot: 6 },
  ])(
    "places $fargate of $desiredCount tasks on FARGATE and $spot on FARGATE_SPOT",
    async ({ desiredCount, fargate, spot }) => {
      webService(world, { desiredCount, capacityProviderStrategy: SPOT_ONLY });

      const { newId } = await switchTo(MIXED);
      completion();

      const tasks = await liveTasks();
      expect(tasks.every((t) => t.startedBy === newId)).toBe(true);
      expect(providersOf(tasks)).toEqual([
        ...Array<string>(fargate).fill("FARGATE"),
        ...Array<string>(spot).fill("FARGATE_SPOT"),
      ]);
      const service = await describeWeb();
      expect(service.capacityProviderStrategy).toEqual([
        { capacityProvider: "FARGATE", base: 1, weight: 1 },
        { capacityProvider: "FARGATE_SPOT", base: 0, weight: 3 },
      ]);
    },
  );

  it("during a Spot outage, places the FARGATE share and reports the Spot share as a placement failure, never falling back", async () => {
    webService(world, { desiredCount: 5, capacityProviderStrategy: ON_DEMAND });
    const start = world.sim.now();
    world.sim.addSpotOutage({ start, end: start + HOUR });

    const { newId } = await switchTo(MIXED);
    world.sim.advance(10 * MINUTE);

    const launched = taskEventsOf(newId).filter((e) => e.lastStatus === "PROVISIONING");
    expect(providersOf(launched)).toEqual(["FARGATE", "FARGATE"]);
    expect(placementFailures()[0]).toMatchObject({ reason: "RESOURCE:FARGATE", capacityProviders: ["FARGATE_SPOT"] });
    expect((await describeWeb()).runningCount).toBe(5);
  });
});

describe("UpdateService with a capacity provider strategy but without forceNewDeployment", () => {
  it("is rejected with InvalidParameterException, and the service is left as it was", async () => {
    webService(world, { desiredCount: 2, capacityProviderStrategy: SPOT_ONLY });

    const call = world.ecs.send(
      new UpdateServiceCommand({
        cluster: "prod",
        service: "web",
        capacityProviderStrategy: ON_DEMAND,
        desiredCount: 4,
      }),
    );

    await expect(call).rejects.toBeInstanceOf(InvalidParameterException);
    await expect(call).rejects.toMatchObject({
      message:
        "When switching from launch type to capacity provider strategy on an existing service, or making a change to a capacity provider strategy on a service that is already using one, you must force a new deployment.",
    });
    world.sim.advance(10 * MINUTE);
    const service = await describeWeb();
    expect(service).toMatchObject({
      desiredCount: 2,
      capacityProviderStrategy: [{ capacityProvider: "FARGATE_SPOT", base: 0, weight: 1 }],
    });
    expect(service.deployments).toHaveLength(1);
    expect(world.events).toEqual([]);
  });

  it("is rejected too when a launch-type service would get its first strategy", async () => {
    webService(world, { desiredCount: 2 });
    expect((await describeWeb()).launchType).toBe("FARGATE");

    const call = world.ecs.send(
      new UpdateServiceCommand({ cluster: "prod", service: "web", capacityProviderStrategy: SPOT_ONLY }),
    );

    await expect(call).rejects.toMatchObject({
      name: "InvalidParameterException",
      message: expect.stringMatching(/force a new deployment/),
    });
  });

  it("is accepted when the strategy is the one the service already has, and starts no deployment", async () => {
    webService(world, { desiredCount: 2, capacityProviderStrategy: SPOT_ONLY });
    const before = world.sim.primaryDeploymentId("prod", "web");

    const out = await world.ecs.send(
      new UpdateServiceCommand({
        cluster: "prod",
        service: "web",
        capacityProviderStrategy: SPOT_ONLY,
        desiredCount: 3,
      }),
    );

    expect(out.service!.deployments!.map((d) => d.id)).toEqual([before]);
    expect(out.service!.desiredCount).toBe(3);
  });
});

describe("an interruption storm", () => {
  it("warns three tasks, stops them two minutes later with higher versions, and the scheduler replaces them on Spot", async () => {
    webService(world, { desiredCount: 4, capacityProviderStrategy: SPOT_ONLY });
    const warnedAt = world.sim.now();

    const interrupted = world.sim.interruptSpotTasks({ cluster: "prod", service: "web", count: 3 });
    world.sim.advance(10 * MINUTE);

    expect(interrupted).toHaveLength(3);
    const ofInterrupted = taskEvents().filter((e) => interrupted.includes(e.taskArn));
    const warnings = ofInterrupted.filter((e) => e.lastStatus === "RUNNING");
    const stopped = ofInterrupted.filter((e) => e.lastStatus === "STOPPED");
    expect(warnings).toHaveLength(3);
    expect(stopped).toHaveLength(3);
    for (const warning of warnings) {
      expect(warning).toMatchObject({
        desiredStatus: "STOPPED",
        capacityProviderName: "FARGATE_SPOT",
        time: new Date(warnedAt).toISOString(),
      });
      expect(warning.stop).toMatchObject({ class: "spot-interruption", code: "SpotInterruption" });
      const stop = stopped.find((s) => s.taskArn === warning.taskArn)!;
      expect(stop.version!).toBeGreaterThan(warning.version!);
      expect(stop.stop).toMatchObject({ class: "spot-interruption", code: "SpotInterruption" });
      expect(Date.parse(stop.time) - Date.parse(warning.time)).toBe(2 * MINUTE);
    }
    expect(ofInterrupted.findIndex((e) => e.lastStatus === "STOPPED")).toBe(3);
    const replacements = taskEvents().filter((e) => e.lastStatus === "PROVISIONING");
    expect(replacements.map((e) => [e.capacityProviderName, e.time])).toEqual(
      Array(3).fill(["FARGATE_SPOT", new Date(warnedAt).toISOString()]),
    );
    const tasks = await liveTasks();
    expect(tasks).toHaveLength(4);
    expect(tasks.filter((t) => interrupted.includes(t.taskArn!))).toEqual([]);
    expect(await describeWeb()).toMatchObject({ desiredCount: 4, runningCount: 4 });
  });

  it("interrupts only the service asked for, and no more tasks than it runs", async () => {
    webService(world, { desiredCount: 2, capacityProviderStrategy: SPOT_ONLY });
    world.sim.addService({
      cluster: "prod",
      name: "api",
      taskDefinition: "web:1",
      desiredCount: 2,
      capacityProviderStrategy: SPOT_ONLY,
    });

    const interrupted = world.sim.interruptSpotTasks({ cluster: "prod", service: "api", count: 5 });

    expect(interrupted).toHaveLength(2);
    const warned = world.parsed().filter((e): e is TaskEvent => e.kind === "task");
    expect(new Set(warned.map((e) => e.service))).toEqual(new Set(["api"]));
  });
});

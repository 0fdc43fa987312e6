import type { DeploymentEvent, TaskEvent } from "@ecs-guardrails/core/events/model";
import { parseEvent } from "@ecs-guardrails/core/events/parse";
import { EcsSimulator } from "@ecs-guardrails/sim/api";
import type { ServiceSpec } from "@ecs-guardrails/sim/api";
import { createManualClock } from "@ecs-guardrails/sim/clock";
import type { Fault, SimEvent } from "@ecs-guardrails/sim/types";
import { describe, expect, it } from "vitest";

// The simulator on its own (no HTTP): fault kinds, circuit-breaker settings, determinism, speed.

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

function setup(service: Partial<ServiceSpec> = {}, seed?: string) {
  const events: SimEvent[] = [];
  const sim = new EcsSimulator({
    clock: createManualClock("2026-03-02T09:00:00Z"),
    emit: (e) => events.push(e),
    ...(seed ? { seed } : {}),
  });
  sim.registerTaskDefinition({ family: "web" });
  sim.registerTaskDefinition({ family: "web" });
  sim.addService({ cluster: "prod", name: "web", taskDefinition: "web:1", desiredCount: 2, ...service });
  const parsed = () => events.map((e) => parseEvent(e));
  const deployments = () => parsed().filter((e): e is DeploymentEvent => e.kind === "deployment");
  const stopsOf = (deploymentId: string) =>
    parsed().filter(
      (e): e is TaskEvent => e.kind === "task" && e.deploymentId === deploymentId && e.lastStatus === "STOPPED",
    );
  return { sim, events, parsed, deployments, stopsOf };
}

function deployBroken(world: ReturnType<typeof setup>, fault: Fault): string {
  world.sim.setFault({ taskDefinition: "web:2" }, fault);
  const out = world.sim.updateService({ cluster: "prod", service: "web", taskDefinition: "web:2" });
  return out.service.deployments[0]!.id;
}

describe("faults", () => {
  it("out-of-memory stops carry exit code 137 and the OOM reason, and classify as out-of-memory", () => {
    const world = setup();
    const id = deployBroken(world, { kind: "out-of-memory", afterSeconds: 30 });

    world.sim.advance(10 * MINUTE);

    const stops = world.stopsOf(id);
    expect(stops.length).toBeGreaterThanOrEqual(3);
    for (const s of stops)
      expect(s.stop).toMatchObject({
        class: "out-of-memory",
        containers: [{ exitCode: 137, reason: "OutOfMemoryError: Container killed due to memory usage" }],
      });
  });

  it("failing ELB health checks stop the task through the scheduler and count towards the circuit breaker", () => {
    const world = setup();
    const id = deployBroken(world, { kind: "health-check", afterSeconds: 60 });

    world.sim.advance(30 * MINUTE);

    // After the rollback starts, the failed deployment's remaining tasks are scaled in ("expected").
    const parsed = world.parsed();
    const failedAt = parsed.findIndex((e) => e.kind === "deployment" && e.eventName === "SERVICE_DEPLOYMENT_FAILED");
    const stops = parsed
      .slice(0, failedAt)
      .filter((e): e is TaskEvent => e.kind === "task" && e.deploymentId === id && e.lastStatus === "STOPPED");
    expect(stops).toHaveLength(3);
    for (const s of stops)
      expect(s.stop).toMatchObject({
        class: "health-check",
        code: "ServiceSchedulerInitiated",
        containers: [{ exitCode: 143 }],
      });
  });

  it("a service fault hits new tasks of whatever revision the service runs", () => {
    const world = setup();
    world.sim.setFault({ cluster: "prod", service: "web" }, { kind: "crash", afterSeconds: 5 });
    const id = world.sim.updateService({ cluster: "prod", service: "web", forceNewDeployment: true }).service
      .deployments[0]!.id;

    world.sim.advance(10 * MINUTE);

    expect(world.stopsOf(id).every((s) => s.stop?.class === "crash")).toBe(true);
    expect(world.stopsOf(id).length).toBeGreaterThanOrEqual(3);
  });
});

describe("circuit breaker settings", () => {
  it("with the circuit breaker off, a deployment whose tasks never start never fails and keeps replacing tasks", () => {
    const world = setup({ deploymentConfiguration: { deploymentCircuitBreaker: { enable: false, rollback: false } } });
    const id = deployBroken(world, { kind: "image-pull" });

    world.sim.advance(HOUR);

    expect(world.deployments().map((d) => d.eventName)).toEqual(["SERVICE_DEPLOYMENT_IN_PROGRESS"]);
    expect(world.stopsOf(id).length).toBeGreaterThan(20);
    const [service] = world.sim.describeServices({ cluster: "prod", services: ["web"] }).services;
    expect(service!.deployments[0]).toMatchObject({
      id,
      rolloutState: "IN_PROGRESS",
      failedTasks: world.stopsOf(id).length,
    });
  });

  it("without rollback, the deployment fails and launches nothing more", () => {
    const world = setup({ deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: false } } });
    const id = deployBroken(world, { kind: "image-pull" });

    world.sim.advance(HOUR);

    expect(world.deployments().map((d) => d.eventName)).toEqual([
      "SERVICE_DEPLOYMENT_IN_PROGRESS",
      "SERVICE_DEPLOYMENT_FAILED",
    ]);
    const failedAt = Date.parse(world.deployments()[1]!.time);
    const launchedAfter = world
      .parsed()
      .filter((e) => e.kind === "task" && e.lastStatus === "PROVISIONING" && Date.parse(e.time) > failedAt);
    expect(launchedAfter).toEqual([]);
    expect(
      world.sim.describeServices({ cluster: "prod", services: ["web"] }).services[0]!.deployments[0],
    ).toMatchObject({ id, rolloutState: "FAILED" });
  });

  it("a failing first deployment has nothing to roll back to, so it stalls after failing", () => {
    const events: SimEvent[] = [];
    const sim = new EcsSimulator({ clock: createManualClock("2026-03-02T09:00:00Z"), emit: (e) => events.push(e) });
    sim.registerTaskDefinition({ family: "new" });
    sim.setFault({ taskDefinition: "new:1" }, { kind: "image-pull" });
    sim.addService({ cluster: "prod", name: "new", taskDefinition: "new:1", desiredCount: 1, initial: "deploying" });

    sim.advance(HOUR);

    const names = events
      .filter((e) => e["detail-type"] === "ECS Deployment State Change")
      .map((e) => e.detail.eventName);
    expect(names).toEqual(["SERVICE_DEPLOYMENT_IN_PROGRESS", "SERVICE_DEPLOYMENT_FAILED"]);
  });

  it("does not see a crash after the stabilization window: the deployment completes (ECS's blind spot)", () => {
    const world = setup();
    const id = deployBroken(world, { kind: "crash", afterSeconds: 10 * 60 });

    world.sim.advance(HOUR);

    const names = world.deployments().map((d) => d.eventName);
    expect(names).toEqual(["SERVICE_DEPLOYMENT_IN_PROGRESS", "SERVICE_DEPLOYMENT_COMPLETED"]);
    expect(world.stopsOf(id).filter((s) => s.stop?.class === "crash").length).toBeGreaterThanOrEqual(3);
  });
});

describe("capacity provider changes", () => {
  it("moves the service onto the new strategy with a forced deployment", () => {
    const world = setup();
    const out = world.sim.updateService({
      cluster: "prod",
      service: "web",
      forceNewDeployment: true,
      capacityProviderStrategy: [{ capacityProvider: "FARGATE_SPOT", weight: 1 }],
    });
    const id = out.service.deployments[0]!.id;

    world.sim.advance(10 * MINUTE);

    const running = world
      .parsed()
      .filter((e): e is TaskEvent => e.kind === "task" && e.deploymentId === id && e.lastStatus === "RUNNING");
    expect(running.map((e) => e.capacityProviderName)).toEqual(["FARGATE_SPOT", "FARGATE_SPOT"]);
    const [service] = world.sim.describeServices({ cluster: "prod", services: ["web"] }).services;
    expect(service).toMatchObject({
      capacityProviderStrategy: [{ capacityProvider: "FARGATE_SPOT", base: 0, weight: 1 }],
    });
  });
});

describe("the simulation as a whole", () => {
  it("gives the same events, ids included, for the same seed", () => {
    const run = () => {
      const world = setup({}, "seed-1");
      deployBroken(world, { kind: "crash", afterSeconds: 10 });
      world.sim.advance(HOUR);
      return world.events;
    };

    expect(run()).toEqual(run());
  });

  it("runs a day of a busy service in well under a second of real time", () => {
    const world = setup({
      desiredCount: 50,
      capacityProviderStrategy: [
        { capacityProvider: "FARGATE", base: 5, weight: 1 },
        { capacityProvider: "FARGATE_SPOT", weight: 4 },
      ],
    });
    for (let h = 1; h < 24; h += 3)
      world.sim.at(Date.parse("2026-03-02T09:00:00Z") + h * HOUR, () => world.sim.interruptSpotTasks({ count: 10 }));
    const started = performance.now();

    world.sim.advance(24 * HOUR);

    expect(performance.now() - started).toBeLessThan(1000);
    expect(world.events.length).toBeGreaterThan(200);
  });

  it("forgets stopped tasks after an hour, as ECS does", () => {
    const world = setup();
    deployBroken(world, { kind: "crash", afterSeconds: 10 });
    world.sim.advance(10 * MINUTE);
    const stopped = world.sim.listTasks({ cluster: "prod", desiredStatus: "STOPPED" }).taskArns;
    expect(stopped.length).toBeGreaterThan(0);

    world.sim.advance(2 * HOUR);

    expect(world.sim.describeTasks({ cluster: "prod", tasks: stopped }).failures.map((f) => f.reason)).toEqual(
      stopped.map(() => "MISSING"),
    );
  });
});

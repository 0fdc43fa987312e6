import { DescribeServicesCommand, UpdateServiceCommand } from "@aws-sdk/client-ecs";
import type { DeploymentEvent, TaskEvent } from "@ecs-guardrails/core/events/model";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { isDeploymentEvent, isServiceAction, startWorld, webService } from "./world.ts";
import type { World } from "./world.ts";

// Deployments through the real ECS SDK client against the local endpoints: what ECS reports
// (DescribeServices) and what it emits (EventBridge events the project's parser accepts).

const HOUR = 3_600_000;
let world: World;

beforeEach(async () => {
  world = await startWorld();
});
afterEach(async () => {
  await world.close();
});

async function deploy(taskDefinition: string): Promise<{ newId: string; oldId: string }> {
  const before = await world.ecs.send(new DescribeServicesCommand({ cluster: "prod", services: ["web"] }));
  const out = await world.ecs.send(new UpdateServiceCommand({ cluster: "prod", service: "web", taskDefinition }));
  return { newId: out.service!.deployments![0]!.id!, oldId: before.services![0]!.deployments![0]!.id! };
}

const tasksOf = (world: World, deploymentId: string) =>
  world.parsed().filter((e): e is TaskEvent => e.kind === "task" && e.deploymentId === deploymentId);

describe("DescribeServices through the SDK", () => {
  it("returns the deployments with their task definition, rollout state and a Date createdAt", async () => {
    webService(world, { desiredCount: 2 });

    const out = await world.ecs.send(new DescribeServicesCommand({ cluster: "prod", services: ["web"] }));

    const service = out.services![0]!;
    expect(service.serviceName).toBe("web");
    expect(service.taskDefinition).toBe("arn:aws:ecs:us-east-1:111122223333:task-definition/web:1");
    expect(service.runningCount).toBe(2);
    const [deployment] = service.deployments!;
    expect(deployment).toMatchObject({
      status: "PRIMARY",
      taskDefinition: service.taskDefinition,
      rolloutState: "COMPLETED",
      runningCount: 2,
    });
    expect(deployment!.id).toMatch(/^ecs-svc\/\d{19}$/);
    expect(deployment!.createdAt).toBeInstanceOf(Date);
    expect(deployment!.createdAt!.toISOString()).toBe("2026-03-02T09:00:00.000Z");
  });

  it("shows the new deployment as PRIMARY and IN_PROGRESS right after UpdateService", async () => {
    webService(world, { desiredCount: 2 });

    const out = await world.ecs.send(
      new UpdateServiceCommand({ cluster: "prod", service: "web", taskDefinition: "web:2" }),
    );

    const deployments = out.service!.deployments!;
    expect(deployments.map((d) => [d.status, d.rolloutState, d.taskDefinition?.split("/")[1]])).toEqual([
      ["PRIMARY", "IN_PROGRESS", "web:2"],
      ["ACTIVE", "COMPLETED", "web:1"],
    ]);
  });
});

describe("a healthy deployment", () => {
  it("starts new tasks, stops the old ones as scaling activity, and emits SERVICE_DEPLOYMENT_COMPLETED then SERVICE_STEADY_STATE", async () => {
    webService(world, { desiredCount: 2 });
    const { newId, oldId } = await deploy("web:2");

    const completed = world.sim.advanceUntil(isDeploymentEvent("SERVICE_DEPLOYMENT_COMPLETED"), HOUR);

    expect(completed?.detail.deploymentId).toBe(newId);
    const names = world
      .parsed()
      .filter((e) => e.kind !== "task")
      .map((e) => (e as DeploymentEvent).eventName);
    expect(names).toEqual(["SERVICE_DEPLOYMENT_IN_PROGRESS", "SERVICE_DEPLOYMENT_COMPLETED", "SERVICE_STEADY_STATE"]);
    const oldStops = tasksOf(world, oldId).filter((e) => e.lastStatus === "STOPPED");
    expect(oldStops).toHaveLength(2);
    for (const stop of oldStops) {
      expect(stop.stop).toMatchObject({
        class: "expected",
        code: "ServiceSchedulerInitiated",
        reason: `Scaling activity initiated by (deployment ${oldId})`,
      });
    }
    const after = await world.ecs.send(new DescribeServicesCommand({ cluster: "prod", services: ["web"] }));
    expect(after.services![0]!.deployments!.map((d) => [d.id, d.rolloutState, d.runningCount])).toEqual([
      [newId, "COMPLETED", 2],
    ]);
  });

  it("reports each task of the new deployment as PROVISIONING, PENDING and RUNNING with growing versions", async () => {
    webService(world, { desiredCount: 1 });
    const { newId } = await deploy("web:2");

    world.sim.advanceUntil(isDeploymentEvent("SERVICE_DEPLOYMENT_COMPLETED"), HOUR);

    const lifecycle = tasksOf(world, newId).map((e) => [e.lastStatus, e.version]);
    expect(lifecycle.map(([s]) => s)).toEqual(["PROVISIONING", "PENDING", "RUNNING"]);
    const versions = lifecycle.map(([, v]) => v as number);
    expect([...versions].sort((a, b) => a - b)).toEqual(versions);
    expect(new Set(versions).size).toBe(versions.length);
  });
});

// ECS's breaker counts tasks that never reach RUNNING (here: the image cannot be pulled) and
// failed health checks; a task that runs and then crashes is its blind spot (below).
describe("the circuit breaker on a revision whose tasks never start", () => {
  it.each([
    { desiredCount: 1, threshold: 3 },
    { desiredCount: 2, threshold: 3 },
    { desiredCount: 10, threshold: 5 },
    { desiredCount: 13, threshold: 7 },
  ])(
    "fails and rolls back after exactly $threshold launch failures when the desired count is $desiredCount",
    async ({ desiredCount, threshold }) => {
      webService(world, { desiredCount });
      world.sim.setFault({ taskDefinition: "web:2" }, { kind: "image-pull" });
      const { newId, oldId } = await deploy("web:2");

      const failed = world.sim.advanceUntil(isDeploymentEvent("SERVICE_DEPLOYMENT_FAILED"), 2 * HOUR);

      expect(failed?.detail).toMatchObject({ deploymentId: newId, eventType: "ERROR" });
      expect(String(failed?.detail.reason)).toMatch(/^ECS deployment circuit breaker:/);
      const parsed = world.parsed();
      const failedAt = parsed.findIndex((e) => e.kind === "deployment" && e.eventName === "SERVICE_DEPLOYMENT_FAILED");
      const failuresBefore = parsed
        .slice(0, failedAt)
        .filter((e) => e.kind === "task" && e.deploymentId === newId && e.stop?.class === "failed-to-start");
      expect(failuresBefore).toHaveLength(threshold);
      const rollback = parsed[failedAt + 1] as DeploymentEvent;
      expect(rollback).toMatchObject({
        kind: "deployment",
        eventName: "SERVICE_DEPLOYMENT_IN_PROGRESS",
        rollbackTo: oldId,
      });
      expect(rollback.reason).toBe(`ECS deployment circuit breaker: rolling back to deploymentId ${oldId}.`);
    },
  );

  it("never fails a revision whose tasks run and then crash; their STOPPED events classify as crash", async () => {
    webService(world, { desiredCount: 2 });
    world.sim.setFault({ taskDefinition: "web:2" }, { kind: "crash", afterSeconds: 10, exitCode: 3 });
    const { newId } = await deploy("web:2");

    expect(world.sim.advanceUntil(isDeploymentEvent("SERVICE_DEPLOYMENT_FAILED"), HOUR)).toBeUndefined();

    const stopped = tasksOf(world, newId).filter((e) => e.lastStatus === "STOPPED");
    expect(stopped.length).toBeGreaterThanOrEqual(3);
    for (const e of stopped) {
      expect(e.stop).toMatchObject({
        class: "crash",
        code: "EssentialContainerExited",
        containers: [{ name: "app", exitCode: 3 }],
      });
      expect(e.taskDefinitionArn).toMatch(/web:2$/);
    }
  });

  it("brings the service back to the last completed revision, which then completes", async () => {
    webService(world, { desiredCount: 2 });
    world.sim.setFault({ taskDefinition: "web:2" }, { kind: "image-pull" });
    await deploy("web:2");
    world.sim.advanceUntil(isDeploymentEvent("SERVICE_DEPLOYMENT_FAILED"), HOUR);
    const rollbackId = world.events.at(-1)!.detail.deploymentId;

    const completed = world.sim.advanceUntil(isDeploymentEvent("SERVICE_DEPLOYMENT_COMPLETED"), HOUR);

    expect(completed?.detail.deploymentId).toBe(rollbackId);
    const out = await world.ecs.send(new DescribeServicesCommand({ cluster: "prod", services: ["web"] }));
    const service = out.services![0]!;
    expect(service.taskDefinition).toMatch(/web:1$/);
    expect(service.deployments!.map((d) => [d.id, d.status, d.rolloutState])).toEqual([
      [rollbackId, "PRIMARY", "COMPLETED"],
    ]);
  });

  it("counts image pull failures, which never reach RUNNING and carry no exit code", async () => {
    webService(world, { desiredCount: 2 });
    world.sim.setFault({ taskDefinition: "web:2" }, { kind: "image-pull" });
    const { newId } = await deploy("web:2");

    world.sim.advanceUntil(isDeploymentEvent("SERVICE_DEPLOYMENT_FAILED"), HOUR);

    const events = tasksOf(world, newId);
    expect(events.some((e) => e.lastStatus === "RUNNING")).toBe(false);
    const stopped = events.filter((e) => e.lastStatus === "STOPPED");
    expect(stopped).toHaveLength(3);
    for (const e of stopped) {
      expect(e.stop).toMatchObject({ class: "failed-to-start", code: "TaskFailedToStart" });
      expect(e.stop!.reason).toMatch(/^CannotPullContainerError/);
      expect(e.stop!.containers[0]!.exitCode).toBeUndefined();
    }
  });
});

describe("steady state", () => {
  it("is reported again periodically while the service stays steady", async () => {
    webService(world, { desiredCount: 2 });

    world.sim.advance(13 * HOUR);

    const steady = world.events.filter(isServiceAction("SERVICE_STEADY_STATE"));
    expect(steady.map((e) => e.time)).toEqual(["2026-03-02T15:00:00Z", "2026-03-02T21:00:00Z"]);
  });

  it("follows a desired count change without a new deployment", async () => {
    webService(world, { desiredCount: 2 });

    await world.ecs.send(new UpdateServiceCommand({ cluster: "prod", service: "web", desiredCount: 4 }));
    const steady = world.sim.advanceUntil(isServiceAction("SERVICE_STEADY_STATE"), HOUR);

    expect(steady).toBeDefined();
    expect(world.events.filter((e) => e["detail-type"] === "ECS Deployment State Change")).toEqual([]);
    const out = await world.ecs.send(new DescribeServicesCommand({ cluster: "prod", services: ["web"] }));
    expect(out.services![0]).toMatchObject({ desiredCount: 4, runningCount: 4 });
    expect(out.services![0]!.deployments).toHaveLength(1);
  });
});

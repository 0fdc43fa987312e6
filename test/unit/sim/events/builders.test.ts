import { describe, it, expect } from "vitest";
import {
  alarmStateChange,
  deploymentStateChange,
  serviceAction,
  stops,
  taskStateChange,
} from "@ecs-guardrails/sim/events/builders";
import type { TaskSpec } from "@ecs-guardrails/sim/events/builders";
import { parseEvent } from "@ecs-guardrails/core/events/parse";
import type { TaskEvent } from "@ecs-guardrails/core/events/model";
import { loadFixture } from "../../../support/fixtures.ts";
import type { Fixture } from "../../../support/fixtures.ts";

const keys = (o: object) => Object.keys(o).sort();
/** The builders type `detail` as a plain object; tests read into it. */
const detailOf = (e: { detail: object }) => e.detail as Fixture;

const running: TaskSpec = {
  cluster: "prod",
  service: "web",
  taskId: "0123456789abcdef0123456789abcdef",
  deploymentId: "ecs-svc/1234567890123456789",
  taskDefinition: "web:42",
  version: 3,
  lastStatus: "RUNNING",
  time: "2025-03-01T10:00:05.123Z",
  createdAt: "2025-03-01T09:59:40.5Z",
  startedAt: "2025-03-01T10:00:05.123Z",
  cpu: "512",
  memory: "1024",
};
const stopped = (stop: TaskSpec["stop"], patch: Partial<TaskSpec> = {}): TaskSpec => ({
  ...running,
  version: 6,
  lastStatus: "STOPPED",
  time: "2025-03-01T11:00:00Z",
  stop,
  ...patch,
});

// The detail keys a consumer relies on in the real stopped-task sample.
const IMPORTANT_TASK_KEYS = [
  "attachments",
  "availabilityZone",
  "clusterArn",
  "containers",
  "cpu",
  "createdAt",
  "desiredStatus",
  "executionStoppedAt",
  "group",
  "launchType",
  "lastStatus",
  "memory",
  "platformVersion",
  "startedAt",
  "startedBy",
  "stopCode",
  "stoppedAt",
  "stoppedReason",
  "stoppingAt",
  "taskArn",
  "taskDefinitionArn",
  "updatedAt",
  "version",
];
const IMPORTANT_CONTAINER_KEYS = [
  "containerArn",
  "cpu",
  "exitCode",
  "image",
  "lastStatus",
  "name",
  "networkInterfaces",
  "taskArn",
];

// Behind a hub (a different home), the parsed event keeps the account and Region it came from.
const HUB = { account: "000011112222", region: "us-west-2" };

describe("taskStateChange", () => {
  it("builds a running task that parses to the intended normalized values", () => {
    const event = parseEvent(taskStateChange(running), HUB);

    expect(event).toMatchObject({
      kind: "task",
      time: "2025-03-01T10:00:05.000Z",
      account: "111122223333",
      region: "us-east-1",
      cluster: "prod",
      service: "web",
      taskId: running.taskId,
      taskArn: `arn:aws:ecs:us-east-1:111122223333:task/prod/${running.taskId}`,
      deploymentId: "ecs-svc/1234567890123456789",
      taskDefinitionArn: "arn:aws:ecs:us-east-1:111122223333:task-definition/web:42",
      version: 3,
      lastStatus: "RUNNING",
      desiredStatus: "RUNNING",
      capacityProviderName: "FARGATE",
      cpu: 512,
      memory: 1024,
      startedAt: "2025-03-01T10:00:05.123Z",
      stop: undefined,
    });
  });

  it("uses the given account and region in every ARN", () => {
    const raw = taskStateChange({ ...running, account: "999988887777", region: "eu-west-1" });

    const event = parseEvent(raw, HUB) as TaskEvent;

    expect(event).toMatchObject({ account: "999988887777", region: "eu-west-1" });
    expect([raw.resources[0], detailOf(raw).clusterArn, detailOf(raw).taskDefinitionArn]).toEqual([
      expect.stringMatching(/^arn:aws:ecs:eu-west-1:999988887777:task\//),
      "arn:aws:ecs:eu-west-1:999988887777:cluster/prod",
      "arn:aws:ecs:eu-west-1:999988887777:task-definition/web:42",
    ]);
  });

  it("prints the envelope time with whole seconds, as EventBridge does", () => {
    const raw = taskStateChange(running);

    expect(raw.time).toBe("2025-03-01T10:00:05Z");
  });

  it("has exactly the envelope keys of the real stopped-task sample", () => {
    const raw = taskStateChange(stopped(stops.scaleIn(running.deploymentId)));

    expect(keys(raw)).toEqual(keys(loadFixture("ecs-task-stopped-service-scaling-fargate-real")));
  });

  it("has the important detail and container keys of the real stopped-task sample", () => {
    const real = loadFixture("ecs-task-stopped-service-scaling-fargate-real");
    const raw = taskStateChange(stopped(stops.scaleIn(running.deploymentId)));

    expect(IMPORTANT_TASK_KEYS.filter((k) => !(k in real.detail))).toEqual([]);
    expect(IMPORTANT_TASK_KEYS.filter((k) => !(k in raw.detail))).toEqual([]);
    expect(IMPORTANT_CONTAINER_KEYS.filter((k) => !(k in real.detail.containers[0]))).toEqual([]);
    expect(IMPORTANT_CONTAINER_KEYS.filter((k) => !(k in detailOf(raw).containers[0]))).toEqual([]);
  });

  it.each([
    ["crash", stops.crash(2), "crash", 2],
    ["outOfMemory", stops.outOfMemory(), "out-of-memory", 137],
    ["elbHealthCheck", stops.elbHealthCheck(), "health-check", 143],
    ["containerHealthCheck", stops.containerHealthCheck(), "health-check", 143],
    ["scaleIn", stops.scaleIn("ecs-svc/1234567890123456789"), "expected", 137],
    ["user", stops.user(), "user-stopped", 143],
  ] as const)("builds a stopped task from stops.%s that classifies as %s", (_name, stop, expected, exitCode) => {
    const event = parseEvent(taskStateChange(stopped(stop))) as TaskEvent;

    expect(event).toMatchObject({ lastStatus: "STOPPED", desiredStatus: "STOPPED", version: 6 });
    expect(event.stop).toMatchObject({ code: stop.stopCode, reason: stop.stoppedReason, class: expected });
    expect(event.stop?.containers[0]?.exitCode).toBe(exitCode);
  });

  it("builds an image-pull failure that classifies as failed-to-start", () => {
    const event = parseEvent(
      taskStateChange(stopped(stops.imagePull("example/app:missing"), { startedAt: undefined })),
    ) as TaskEvent;

    expect(event.stop).toMatchObject({
      code: "TaskFailedToStart",
      class: "failed-to-start",
      explanation: expect.stringContaining("example/app:missing"),
    });
    expect(event.startedAt).toBeUndefined();
  });

  it("builds the Spot two-minute warning as a running task asked to stop", () => {
    const event = parseEvent(
      taskStateChange({ ...running, version: 4, desiredStatus: "STOPPED", stop: stops.spot() }),
    ) as TaskEvent;

    expect(event).toMatchObject({
      lastStatus: "RUNNING",
      desiredStatus: "STOPPED",
      stop: { code: "SpotInterruption", class: "spot-interruption" },
    });
    expect(event.stop?.containers[0]?.exitCode).toBeUndefined();
  });

  it("adds the stop's other containers next to the main one", () => {
    const stop = {
      ...stops.crash(1),
      containers: [
        { name: "app", exitCode: 0 },
        { name: "sidecar", exitCode: 1 },
      ],
    };

    const event = parseEvent(taskStateChange(stopped(stop))) as TaskEvent;

    expect(event.stop?.containers).toEqual([
      { name: "app", exitCode: 0, reason: undefined },
      { name: "sidecar", exitCode: 1, reason: undefined },
    ]);
    expect(event.stop?.class).toBe("crash");
  });
});

describe("event ids", () => {
  it("gives the same id to the same spec built twice, like a redelivery", () => {
    const first = taskStateChange(stopped(stops.crash()));
    const second = taskStateChange(stopped(stops.crash()));

    expect(second.id).toBe(first.id);
    expect(first.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });

  it("gives a different id to a different version of the same task", () => {
    const v6 = taskStateChange(stopped(stops.crash()));
    const v7 = taskStateChange(stopped(stops.crash(), { version: 7 }));

    expect(v7.id).not.toBe(v6.id);
  });

  it("uses an explicit id when one is given", () => {
    const raw = taskStateChange({ ...running, id: "11111111-2222-3333-4444-555555555555" });

    expect(parseEvent(raw).eventId).toBe("11111111-2222-3333-4444-555555555555");
  });

  it("gives different ids to deployment events that differ only in eventName", () => {
    const base = { cluster: "prod", service: "web", deploymentId: "ecs-svc/1", time: "2025-03-01T10:00:00Z" };

    const ids = ["SERVICE_DEPLOYMENT_IN_PROGRESS", "SERVICE_DEPLOYMENT_COMPLETED"].map(
      (eventName) => deploymentStateChange({ ...base, eventName }).id,
    );

    expect(new Set(ids).size).toBe(2);
  });
});

describe("deploymentStateChange", () => {
  const spec = { cluster: "prod", service: "web", deploymentId: "ecs-svc/2", time: "2025-03-01T10:00:00.250Z" };

  it("has the envelope and detail keys of the real deployment samples", () => {
    const raw = deploymentStateChange({ ...spec, eventName: "SERVICE_DEPLOYMENT_COMPLETED" });
    const real = loadFixture("ecs-deployment-completed");

    expect(keys(raw)).toEqual(keys(real));
    expect(keys(raw.detail)).toEqual(keys(real.detail));
  });

  it.each([
    ["SERVICE_DEPLOYMENT_IN_PROGRESS", "INFO", "ECS deployment ecs-svc/2 in progress."],
    ["SERVICE_DEPLOYMENT_COMPLETED", "INFO", "ECS deployment ecs-svc/2 completed."],
    ["SERVICE_DEPLOYMENT_FAILED", "ERROR", "ECS deployment circuit breaker: task failed to start."],
  ])("builds %s as %s with the documented reason", (eventName, eventType, reason) => {
    const event = parseEvent(deploymentStateChange({ ...spec, eventName }));

    expect(event).toMatchObject({
      kind: "deployment",
      cluster: "prod",
      service: "web",
      deploymentId: "ecs-svc/2",
      eventName,
      eventType,
      reason,
      updatedAt: "2025-03-01T10:00:00.250Z",
      rollbackTo: undefined,
    });
  });

  it("builds a circuit-breaker rollback that names the deployment rolled back to", () => {
    const raw = deploymentStateChange({
      ...spec,
      eventName: "SERVICE_DEPLOYMENT_IN_PROGRESS",
      reason: "ECS deployment circuit breaker: rolling back to deploymentId ecs-svc/1.",
    });

    expect(parseEvent(raw)).toMatchObject({ rollbackTo: "ecs-svc/1" });
  });
});

describe("serviceAction", () => {
  it("builds a Fargate Spot placement failure shaped like the documented one", () => {
    const raw = serviceAction({
      cluster: "default",
      service: "servicetest",
      eventName: "SERVICE_TASK_PLACEMENT_FAILURE",
      reason: "RESOURCE:FARGATE",
      capacityProviders: ["FARGATE_SPOT"],
      time: "2025-03-01T10:00:00Z",
    });
    const real = loadFixture("ecs-service-action-placement-failure-fargate-spot");

    expect(keys(raw)).toEqual(keys(real));
    expect(keys(raw.detail)).toEqual(keys(real.detail));
    expect(parseEvent(raw)).toMatchObject({
      kind: "service-action",
      cluster: "default",
      service: "servicetest",
      eventType: "ERROR",
      reason: "RESOURCE:FARGATE",
      capacityProviders: ["FARGATE_SPOT"],
    });
  });

  it("builds a steady-state event with the keys of the documented one", () => {
    const raw = serviceAction({
      cluster: "default",
      service: "servicetest",
      eventName: "SERVICE_STEADY_STATE",
      time: "2025-03-01T10:00:00Z",
    });
    const real = loadFixture("ecs-service-action-steady-state");

    expect(keys(raw.detail)).toEqual(keys(real.detail));
    expect(parseEvent(raw)).toMatchObject({
      eventType: "INFO",
      capacityProviders: [],
      createdAt: "2025-03-01T10:00:00.000Z",
    });
  });
});

describe("alarmStateChange", () => {
  it("builds an alarm event with the keys of the documented one that parses to its states", () => {
    const raw = alarmStateChange({ alarmName: "web-5xx", state: "ALARM", time: "2025-03-01T10:00:00.989Z" });
    const real = loadFixture("cloudwatch-alarm-state-change-single-metric");

    expect(keys(raw)).toEqual(keys(real));
    expect(keys(raw.detail)).toEqual(keys(real.detail));
    expect(detailOf(raw).state.timestamp).toBe("2025-03-01T10:00:00.989+0000");
    expect(parseEvent(raw)).toMatchObject({
      kind: "alarm",
      alarmName: "web-5xx",
      state: "ALARM",
      previousState: "OK",
      alarmArn: "arn:aws:cloudwatch:us-east-1:111122223333:alarm:web-5xx",
    });
  });
});

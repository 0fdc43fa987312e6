import { EcsSimulator } from "@ecs-guardrails/sim/api";
import { createManualClock } from "@ecs-guardrails/sim/clock";
import type { StreamFact } from "@ecs-guardrails/sim/follow";
import { describe, expect, it } from "vitest";

const T0 = Date.parse("2026-11-20T10:00:00Z");
const ref = { cluster: "prod", service: "web" };
const taskArn = (id: string) => `arn:aws:ecs:us-east-1:111122223333:task/prod/${id}`;

/** web:41 steady as ecs-svc/1 with two running tasks; web:42 and web:43 registered. */
function world() {
  const sim = new EcsSimulator({ clock: createManualClock(T0), emit: () => undefined });
  for (const revision of [41, 42, 43]) sim.registerTaskDefinition({ family: "web", revision });
  sim.addService({
    ...ref,
    name: "web",
    taskDefinition: "web:41",
    desiredCount: 2,
    deployments: [{ id: "ecs-svc/1", taskDefinition: "web:41", rolloutState: "COMPLETED" }],
  });
  const describe = () => sim.describeServices({ cluster: "prod", services: ["web"] }).services[0]!;
  const deployments = () =>
    describe().deployments.map((d) => [
      d.id,
      d.status,
      d.rolloutState,
      d.taskDefinition.split("/").pop(),
      d.runningCount,
    ]);
  return { sim, describe, deployments };
}

const deployment = (
  deploymentId: string,
  state: "IN_PROGRESS" | "COMPLETED" | "FAILED",
  s: number,
  extra: Partial<StreamFact> = {},
): StreamFact => ({ kind: "deployment", ...ref, deploymentId, state, time: T0 + s * 1000, ...extra }) as StreamFact;
const task = (
  id: string,
  deploymentId: string,
  lastStatus: string,
  version: number,
  s: number,
  taskDefinition = "web:42",
): StreamFact => ({
  kind: "task",
  ...ref,
  taskArn: taskArn(id),
  deploymentId,
  taskDefinition,
  lastStatus,
  desiredStatus: lastStatus === "STOPPED" ? "STOPPED" : "RUNNING",
  version,
  startedAt: T0 + (s - 5) * 1000,
  time: T0 + s * 1000,
});

describe("the simulator following a recorded stream", () => {
  it("creates a deployment the state did not list, with the revision its tasks name, and makes it PRIMARY", () => {
    const { sim, deployments } = world();

    sim.follow(deployment("ecs-svc/2", "IN_PROGRESS", 60, { taskDefinition: "web:42" }));

    expect(deployments()).toEqual([
      ["ecs-svc/2", "PRIMARY", "IN_PROGRESS", "web:42", 0],
      ["ecs-svc/1", "ACTIVE", "COMPLETED", "web:41", 2],
    ]);
  });

  it("learns an unknown revision from the first task event whose startedBy names the deployment", () => {
    const { sim, deployments } = world();
    sim.follow(deployment("ecs-svc/2", "IN_PROGRESS", 60));

    sim.follow(task("t1", "ecs-svc/2", "RUNNING", 3, 90, "web:43"));

    expect(deployments()[0]).toEqual(["ecs-svc/2", "PRIMARY", "IN_PROGRESS", "web:43", 1]);
  });

  it("completes a deployment on COMPLETED: the others are drained, so DescribeServices no longer says IN_PROGRESS", () => {
    const { sim, deployments, describe } = world();
    sim.follow(deployment("ecs-svc/2", "IN_PROGRESS", 60, { taskDefinition: "web:42" }));
    sim.follow(task("t1", "ecs-svc/2", "RUNNING", 3, 90));
    sim.follow(task("t2", "ecs-svc/2", "RUNNING", 3, 95));

    sim.follow(deployment("ecs-svc/2", "COMPLETED", 300));

    expect(deployments()).toEqual([["ecs-svc/2", "PRIMARY", "COMPLETED", "web:42", 2]]);
    expect(describe()).toMatchObject({ runningCount: 2, taskDefinition: expect.stringMatching(/web:42$/) });
  });

  it("ends a seeded deployment's service deployment SUCCESSFUL on COMPLETED, so ECS's history lists it finished", () => {
    const sim = new EcsSimulator({ clock: createManualClock(T0 + 300_000), emit: () => undefined });
    for (const revision of [41, 42]) sim.registerTaskDefinition({ family: "web", revision });
    sim.addService({
      ...ref,
      name: "web",
      taskDefinition: "web:42",
      desiredCount: 2,
      deployments: [
        {
          id: "ecs-svc/2",
          taskDefinition: "web:42",
          status: "PRIMARY",
          rolloutState: "IN_PROGRESS",
          createdAt: new Date(T0).toISOString(),
        },
        {
          id: "ecs-svc/1",
          taskDefinition: "web:41",
          status: "ACTIVE",
          rolloutState: "COMPLETED",
          createdAt: "2026-11-02T10:00:00Z",
        },
      ],
    });

    sim.follow(deployment("ecs-svc/2", "COMPLETED", 300));
    sim.follow(deployment("ecs-svc/2", "COMPLETED", 300));

    const listed = sim.listServiceDeployments({ cluster: "prod", service: "web" }).serviceDeployments;
    expect(listed.map((d) => [d.status, d.finishedAt?.toISOString()])).toEqual([
      ["SUCCESSFUL", "2026-11-20T10:05:00.000Z"],
      ["SUCCESSFUL", "2026-11-02T10:00:00.000Z"],
    ]);
  });

  it("never moves a deployment backwards on a late or repeated event", () => {
    const { sim, deployments } = world();
    sim.follow(deployment("ecs-svc/2", "IN_PROGRESS", 60, { taskDefinition: "web:42" }));
    sim.follow(deployment("ecs-svc/2", "COMPLETED", 300));

    sim.follow(deployment("ecs-svc/2", "IN_PROGRESS", 60, { taskDefinition: "web:42" }));
    sim.follow(deployment("ecs-svc/2", "COMPLETED", 300));

    expect(deployments()).toEqual([["ecs-svc/2", "PRIMARY", "COMPLETED", "web:42", 0]]);
  });

  it("marks a failed deployment FAILED and starts the circuit breaker's rollback on the revision it returns to", () => {
    const { sim, deployments } = world();
    sim.follow(deployment("ecs-svc/2", "IN_PROGRESS", 60, { taskDefinition: "web:42" }));

    sim.follow(
      deployment("ecs-svc/2", "FAILED", 200, { reason: "ECS deployment circuit breaker: task failed to start." }),
    );
    expect(deployments()[0]).toEqual(["ecs-svc/2", "PRIMARY", "FAILED", "web:42", 0]);

    sim.follow(deployment("ecs-svc/3", "IN_PROGRESS", 201, { rollbackTo: "ecs-svc/1" }));
    expect(deployments().map((d) => d.slice(0, 4))).toEqual([
      ["ecs-svc/3", "PRIMARY", "IN_PROGRESS", "web:41"],
      ["ecs-svc/2", "ACTIVE", "FAILED", "web:42"],
      ["ecs-svc/1", "ACTIVE", "COMPLETED", "web:41"],
    ]);
  });

  it("moves running counts with task events, a stale version changing nothing", () => {
    const { sim, describe } = world();
    sim.follow(deployment("ecs-svc/2", "IN_PROGRESS", 60, { taskDefinition: "web:42" }));
    sim.follow(task("t1", "ecs-svc/2", "RUNNING", 3, 90));
    expect(describe().runningCount).toBe(3);

    sim.follow(task("t1", "ecs-svc/2", "STOPPED", 7, 120));
    sim.follow(task("t1", "ecs-svc/2", "RUNNING", 3, 90));

    expect(describe().runningCount).toBe(2);
  });

  it("lets the stop of an unknown task of a seeded deployment stand for one of its seeded tasks", () => {
    const { sim, describe } = world();

    sim.follow(task("old1", "ecs-svc/1", "STOPPED", 9, 30, "web:41"));

    expect(describe().runningCount).toBe(1);
  });

  it("keeps ECS's breaker count from the stream: counted stops add up, a task first RUNNING resets it, a duplicate counts once", () => {
    const { sim, describe } = world();
    const failed = (id: string, s: number) => ({ ...task(id, "ecs-svc/2", "STOPPED", 3, s), breakerFailure: true });
    const failedTasks = () => describe().deployments.find((d) => d.id === "ecs-svc/2")?.failedTasks;
    sim.follow(deployment("ecs-svc/2", "IN_PROGRESS", 60, { taskDefinition: "web:42" }));

    sim.follow(failed("a", 70));
    sim.follow(failed("a", 70));
    sim.follow(failed("b", 80));
    expect(failedTasks()).toBe(2);

    sim.follow(task("c", "ecs-svc/2", "RUNNING", 3, 90));
    sim.follow(failed("d", 100));
    expect(failedTasks()).toBe(1);

    // A crash after RUNNING is not counted.
    sim.follow(task("c", "ecs-svc/2", "STOPPED", 7, 120));
    expect(failedTasks()).toBe(1);
  });

  it("applies a desired-count change to the service and its PRIMARY deployment", () => {
    const { sim, describe } = world();

    sim.follow({ kind: "desired-count", ...ref, desiredCount: 5, time: T0 });

    expect(describe()).toMatchObject({ desiredCount: 5, deployments: [expect.objectContaining({ desiredCount: 5 })] });
  });
});

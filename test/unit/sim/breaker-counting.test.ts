import type { DeploymentEvent, TaskEvent } from "@ecs-guardrails/core/events/model";
import { parseEvent } from "@ecs-guardrails/core/events/parse";
import { EcsSimulator } from "@ecs-guardrails/sim/api";
import type { ServiceSpec } from "@ecs-guardrails/sim/api";
import { createManualClock } from "@ecs-guardrails/sim/clock";
import type { Fault, SimEvent } from "@ecs-guardrails/sim/types";
import { describe, expect, it } from "vitest";

// What the simulated circuit breaker counts, as ECS documents it: tasks that fail to launch or
// never reach RUNNING, and tasks stopped for failing health checks; never a task that reached
// RUNNING and then exited. A healthy task zeroes the count unless resetOnHealthyTask is false;
// the threshold follows thresholdConfiguration; only the ECS controller's deployments are watched.

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

function setup(service: Partial<ServiceSpec> = {}) {
  const events: SimEvent[] = [];
  const sim = new EcsSimulator({ clock: createManualClock("2026-03-02T09:00:00Z"), emit: (e) => events.push(e) });
  sim.registerTaskDefinition({ family: "web" });
  sim.registerTaskDefinition({ family: "web" });
  sim.addService({ cluster: "prod", name: "web", taskDefinition: "web:1", desiredCount: 2, ...service });
  const parsed = () => events.map((e) => parseEvent(e));
  const failedAt = () =>
    parsed().findIndex((e) => e.kind === "deployment" && e.eventName === "SERVICE_DEPLOYMENT_FAILED");
  const stopsBefore = (id: string, end: number) =>
    parsed()
      .slice(0, end < 0 ? undefined : end)
      .filter((e): e is TaskEvent => e.kind === "task" && e.deploymentId === id && e.lastStatus === "STOPPED");
  const deploymentEvents = () =>
    parsed()
      .filter((e): e is DeploymentEvent => e.kind === "deployment")
      .map((e) => e.eventName);
  const ecsView = (id: string) =>
    sim.describeServices({ cluster: "prod", services: ["web"] }).services[0]!.deployments.find((d) => d.id === id);
  const deploy = (fault: Fault | undefined) => {
    sim.setFault({ taskDefinition: "web:2" }, fault);
    return sim.updateService({ cluster: "prod", service: "web", taskDefinition: "web:2" }).service.deployments[0]!.id;
  };
  return { sim, failedAt, stopsBefore, deploymentEvents, ecsView, deploy };
}

const breaker = (patch: object = {}) => ({
  deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: true, ...patch } },
});

describe("what the breaker counts", () => {
  it("never counts a task that reached RUNNING and then crashed: the deployment crash-loops without failing", () => {
    const world = setup(breaker());
    const id = world.deploy({ kind: "crash", afterSeconds: 10 });

    world.sim.advance(HOUR);

    expect(world.deploymentEvents()).toEqual(["SERVICE_DEPLOYMENT_IN_PROGRESS"]);
    expect(world.stopsBefore(id, -1).length).toBeGreaterThan(20);
    expect(world.ecsView(id)).toMatchObject({ rolloutState: "IN_PROGRESS", failedTasks: 0 });
  });

  it("counts tasks that never reach RUNNING and fails the deployment at the threshold (3 at desired 2)", () => {
    const world = setup(breaker());
    const id = world.deploy({ kind: "image-pull" });

    world.sim.advance(HOUR);

    expect(world.deploymentEvents().slice(0, 2)).toEqual([
      "SERVICE_DEPLOYMENT_IN_PROGRESS",
      "SERVICE_DEPLOYMENT_FAILED",
    ]);
    expect(world.stopsBefore(id, world.failedAt())).toHaveLength(3);
  });

  it("honours thresholdConfiguration COUNT 2", () => {
    const world = setup(breaker({ thresholdConfiguration: { type: "COUNT", value: 2 } }));
    const id = world.deploy({ kind: "image-pull" });

    world.sim.advance(HOUR);

    expect(world.stopsBefore(id, world.failedAt())).toHaveLength(2);
  });

  it("honours UNBOUNDED_PERCENT at the latest desired count (25 % of 4 is 1)", () => {
    const world = setup({
      desiredCount: 4,
      ...breaker({ thresholdConfiguration: { type: "UNBOUNDED_PERCENT", value: 25 } }),
    });
    const id = world.deploy({ kind: "image-pull" });

    world.sim.advance(HOUR);

    expect(world.stopsBefore(id, world.failedAt())).toHaveLength(1);
  });

  it("runs only for the ECS controller", () => {
    const world = setup({ deploymentController: { type: "CODE_DEPLOY" }, initial: "deploying", ...breaker() });
    world.sim.setFault({ cluster: "prod", service: "web" }, { kind: "image-pull" });
    world.sim.advance(HOUR);

    expect(world.deploymentEvents()).not.toContain("SERVICE_DEPLOYMENT_FAILED");
  });
});

describe("resetting on a healthy task", () => {
  /** COUNT 2: one launch failure, then a healthy task, then launch failures again. */
  function failHealFail(resetOnHealthyTask: boolean | undefined) {
    const world = setup({
      desiredCount: 1,
      deploymentConfiguration: {
        deploymentCircuitBreaker: {
          enable: true,
          rollback: true,
          thresholdConfiguration: { type: "COUNT", value: 2 },
          ...(resetOnHealthyTask === undefined ? {} : { resetOnHealthyTask }),
        },
        // One task at a time: the healthy one must stop before the next launches.
        minimumHealthyPercent: 0,
        maximumPercent: 100,
      },
    });
    // A task's fault is fixed at launch: the first task fails its pull (5 s provisioning, 25 s
    // pulling, so at 30 s); the one launched then runs at 60 s (healthy) and crashes at 120 s,
    // uncounted; every task after it fails its pull again.
    const id = world.deploy({ kind: "image-pull" });
    world.sim.advance(20_000);
    world.sim.setFault({ taskDefinition: "web:2" }, { kind: "crash", afterSeconds: 60 });
    world.sim.advance(45_000);
    world.sim.setFault({ taskDefinition: "web:2" }, { kind: "image-pull" });
    world.sim.advance(HOUR);
    return { world, id };
  }

  it("by default a healthy task zeroes the count: failures after it start from 0", () => {
    const { world, id } = failHealFail(undefined);

    // 1 pull failure, a crash (not counted), then 2 more pull failures: the second trips it.
    const stops = world.stopsBefore(id, world.failedAt()).map((s) => s.stop?.class);
    expect(stops).toEqual(["failed-to-start", "crash", "failed-to-start", "failed-to-start"]);
  });

  it("shows the reset in the service deployment's failureCount too, as DescribeServiceDeployments does", () => {
    const world = setup({
      desiredCount: 1,
      deploymentConfiguration: {
        deploymentCircuitBreaker: { enable: true, rollback: true, thresholdConfiguration: { type: "COUNT", value: 2 } },
        minimumHealthyPercent: 0,
        maximumPercent: 100,
      },
    });
    const failureCount = () => {
      const [newest] = world.sim.listServiceDeployments({ cluster: "prod", service: "web" }).serviceDeployments;
      const arn = newest!.serviceDeploymentArn!;
      return world.sim.describeServiceDeployments({ serviceDeploymentArns: [arn] }).serviceDeployments[0]!
        .deploymentCircuitBreaker?.failureCount;
    };
    world.deploy({ kind: "image-pull" });
    world.sim.advance(20_000);
    world.sim.setFault({ taskDefinition: "web:2" }, { kind: "crash", afterSeconds: 60 });
    world.sim.advance(20_000);
    const afterPullFailure = failureCount();
    world.sim.advance(30_000);

    // The pull failed at 30 s (1); the task launched then ran healthy at 60 s (back to 0).
    expect([afterPullFailure, failureCount()]).toEqual([1, 0]);
  });

  it("cumulative (resetOnHealthyTask false): the failure after the healthy task is the second, and trips it", () => {
    const { world, id } = failHealFail(false);

    const stops = world.stopsBefore(id, world.failedAt()).map((s) => s.stop?.class);
    expect(stops).toEqual(["failed-to-start", "crash", "failed-to-start"]);
  });
});

describe("the breaker's settings through the API", () => {
  it("DescribeServices shows the threshold and reset settings as set, and leaves them out by default", () => {
    const configured = setup(
      breaker({ thresholdConfiguration: { type: "COUNT", value: 2 }, resetOnHealthyTask: false }),
    );
    const plain = setup();
    const describe = (world: ReturnType<typeof setup>) =>
      world.sim.describeServices({ cluster: "prod", services: ["web"] }).services[0]!.deploymentConfiguration;

    expect(describe(configured).deploymentCircuitBreaker).toEqual({
      enable: true,
      rollback: true,
      thresholdConfiguration: { type: "COUNT", value: 2 },
      resetOnHealthyTask: false,
    });
    expect(describe(plain).deploymentCircuitBreaker).toEqual({ enable: true, rollback: true });
  });

  it.each([
    [
      { type: "PERCENT", value: 2 },
      /thresholdConfiguration.type must be one of BOUNDED_PERCENT, UNBOUNDED_PERCENT, COUNT/,
    ],
    [{ type: "COUNT", value: 0 }, /thresholdConfiguration.value must be a positive integer/],
  ])("rejects %o", (thresholdConfiguration, message) => {
    const world = setup();

    expect(() =>
      world.sim.updateService({
        cluster: "prod",
        service: "web",
        deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: true, thresholdConfiguration } },
      }),
    ).toThrow(message);
  });
});

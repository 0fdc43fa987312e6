import { EcsSimulator } from "@ecs-guardrails/sim/api";
import { createManualClock } from "@ecs-guardrails/sim/clock";
import { describe, expect, it } from "vitest";

// Deployment controllers, ECS-native strategies and capacity providers as ECS answers them.

function sim() {
  const s = new EcsSimulator({ clock: createManualClock("2026-11-20T10:00:00Z"), emit: () => undefined });
  for (let i = 0; i < 2; i += 1) s.registerTaskDefinition({ family: "web" });
  return s;
}

const update = (s: EcsSimulator, input: object) => {
  try {
    s.updateService({ cluster: "prod", service: "web", ...input });
    return "accepted";
  } catch (error) {
    return `${(error as Error).name}: ${(error as Error).message}`;
  }
};

describe("deployment controllers", () => {
  it.each([
    [
      "CODE_DEPLOY",
      { taskDefinition: "web:2" },
      "InvalidParameterException: Unable to update task definition on services with a CODE_DEPLOY deployment controller. Use AWS CodeDeploy to trigger a new deployment.",
    ],
    [
      "CODE_DEPLOY",
      { capacityProviderStrategy: [{ capacityProvider: "FARGATE", weight: 1 }], forceNewDeployment: true },
      "InvalidParameterException: Unable to update capacity provider strategy on services with a CODE_DEPLOY deployment controller. Use AWS CodeDeploy to trigger a new deployment.",
    ],
    [
      "CODE_DEPLOY",
      { forceNewDeployment: true },
      "InvalidParameterException: Cannot force a new deployment on services with a CODE_DEPLOY deployment controller. Use AWS CodeDeploy to trigger a new deployment.",
    ],
    [
      "EXTERNAL",
      { taskDefinition: "web:2" },
      "InvalidParameterException: Unable to update task definition on services with a EXTERNAL deployment controller. Use a task set to deploy a new revision.",
    ],
    [
      "EXTERNAL",
      { capacityProviderStrategy: [{ capacityProvider: "FARGATE", weight: 1 }], forceNewDeployment: true },
      expect.stringContaining("Unable to update capacity provider strategy on services with a EXTERNAL"),
    ],
    ["CODE_DEPLOY", { desiredCount: 4 }, "accepted"],
    ["EXTERNAL", { desiredCount: 4 }, "accepted"],
    ["ECS", { taskDefinition: "web:2" }, "accepted"],
  ])("on %s, UpdateService %j answers as ECS does", (type, input, expected) => {
    const s = sim();
    s.addService({
      cluster: "prod",
      name: "web",
      taskDefinition: "web:1",
      desiredCount: 2,
      deploymentController: { type },
    });

    expect(update(s, input)).toEqual(expected);
  });

  it.each(["CODE_DEPLOY", "EXTERNAL"])(
    "describes a %s service with task sets: no deployments, no rollout state, no circuit breaker",
    (type) => {
      const s = sim();
      s.addService({
        cluster: "prod",
        name: "web",
        taskDefinition: "web:1",
        desiredCount: 2,
        deploymentController: { type },
      });

      const described = s.describeServices({ cluster: "prod", services: ["web"] }).services[0]!;

      expect(described.deployments).toEqual([]);
      expect(described.deploymentConfiguration).toEqual({ maximumPercent: 200, minimumHealthyPercent: 100 });
      expect(described.taskSets).toEqual([
        {
          id: expect.stringMatching(/^ecs-svc\/\d+$/),
          taskSetArn: expect.stringMatching(/^arn:aws:ecs:us-east-1:\d{12}:task-set\/prod\/web\/ecs-svc\/\d+$/),
          serviceArn: described.serviceArn,
          clusterArn: described.clusterArn,
          status: "PRIMARY",
          taskDefinition: expect.stringMatching(/task-definition\/web:1$/),
          computedDesiredCount: 2,
          pendingCount: 0,
          runningCount: 2,
          createdAt: expect.any(Date),
          updatedAt: expect.any(Date),
          launchType: "FARGATE",
          platformVersion: "1.4.0",
          platformFamily: "Linux",
          scale: { value: 100, unit: "PERCENT" },
          stabilityStatus: "STEADY_STATE",
          stabilityStatusAt: expect.any(Date),
        },
      ]);
      expect(JSON.stringify(described)).not.toContain("rolloutState");
    },
  );

  it.each(["CODE_DEPLOY", "EXTERNAL"])("runs no circuit breaker on a %s service whose tasks keep failing", (type) => {
    const events: string[] = [];
    const s = new EcsSimulator({
      clock: createManualClock("2026-11-20T10:00:00Z"),
      emit: (e) => void events.push(String(e.detail["eventName"] ?? "")),
    });
    s.registerTaskDefinition({ family: "web" });
    s.setFault({ taskDefinition: "web:1" }, { kind: "crash", afterSeconds: 10, exitCode: 1 });
    s.addService({
      cluster: "prod",
      name: "web",
      taskDefinition: "web:1",
      desiredCount: 4,
      initial: "deploying",
      deploymentController: { type },
      deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: true } },
    });

    s.advance(15 * 60_000);

    expect(events).not.toContain("SERVICE_DEPLOYMENT_FAILED");
  });

  it("describes the controller and the strategy, with the step strategy's defaults", () => {
    const s = sim();
    s.addService({
      cluster: "prod",
      name: "web",
      taskDefinition: "web:1",
      desiredCount: 2,
      deploymentConfiguration: {
        strategy: "CANARY",
        alarms: { alarmNames: ["web-5xx"], enable: true, rollback: false },
      },
    });

    const described = s.describeServices({ cluster: "prod", services: ["web"] }).services[0]!;

    expect(described.deploymentController).toEqual({ type: "ECS" });
    expect(described.deploymentConfiguration).toEqual({
      deploymentCircuitBreaker: { enable: true, rollback: true },
      maximumPercent: 200,
      minimumHealthyPercent: 100,
      strategy: "CANARY",
      alarms: { alarmNames: ["web-5xx"], enable: true, rollback: false },
      canaryConfiguration: { canaryPercent: 5, canaryBakeTimeInMinutes: 10 },
    });
  });

  it.each([
    [{ deploymentController: { type: "ARGO" } }, /deploymentController.type must be one of ECS, CODE_DEPLOY, EXTERNAL/],
    [
      { deploymentConfiguration: { strategy: "BIG_BANG" } },
      /strategy must be one of ROLLING, BLUE_GREEN, LINEAR, CANARY/,
    ],
  ])("refuses an unknown controller or strategy (%j)", (extra, message) => {
    expect(() =>
      sim().addService({ cluster: "prod", name: "web", taskDefinition: "web:1", desiredCount: 1, ...extra }),
    ).toThrow(message);
  });
});

describe("capacity providers of a cluster", () => {
  it("places a service on an Auto Scaling group provider the cluster has, and reports its tasks on EC2", () => {
    const s = sim();
    s.addCluster("batch", {}, ["asg-large"]);
    s.addService({
      cluster: "batch",
      name: "web",
      taskDefinition: "web:1",
      desiredCount: 2,
      capacityProviderStrategy: [{ capacityProvider: "asg-large", weight: 1 }],
    });

    const arns = s.listTasks({ cluster: "batch" }).taskArns;
    const tasks = s.describeTasks({ cluster: "batch", tasks: arns }).tasks;

    expect(tasks.map((t) => [t.capacityProviderName, t.launchType])).toEqual([
      ["asg-large", "EC2"],
      ["asg-large", "EC2"],
    ]);
  });

  it("refuses a provider that is not associated with the cluster, with ECS's message", () => {
    const s = sim();
    s.addCluster("batch", {}, ["asg-large"]);

    expect(() =>
      s.addService({
        cluster: "batch",
        name: "web",
        taskDefinition: "web:1",
        desiredCount: 1,
        capacityProviderStrategy: [{ capacityProvider: "FARGATE_SPOT", weight: 1 }],
      }),
    ).toThrow(/not associated with the cluster/);
  });
});

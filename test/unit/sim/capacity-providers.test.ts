import type { ServiceActionEventModel, TaskEvent } from "@ecs-guardrails/core/events/model";
import { parseEvent } from "@ecs-guardrails/core/events/parse";
import { EcsSimulator } from "@ecs-guardrails/sim/api";
import { createManualClock } from "@ecs-guardrails/sim/clock";
import type { SimEvent } from "@ecs-guardrails/sim/types";
import { describe, expect, it } from "vitest";

// The simulator on its own: capacity provider strategies under Spot interruptions and outages,
// UpdateService's strategy rule, and ListClusters.

const MINUTE = 60_000;
const MIXED = [
  { capacityProvider: "FARGATE", base: 1, weight: 1 },
  { capacityProvider: "FARGATE_SPOT", weight: 3 },
];

function setup(capacityProviderStrategy = MIXED, desiredCount = 5) {
  const events: SimEvent[] = [];
  const sim = new EcsSimulator({ clock: createManualClock("2026-03-02T09:00:00Z"), emit: (e) => events.push(e) });
  sim.registerTaskDefinition({ family: "web" });
  sim.addService({ cluster: "prod", name: "web", taskDefinition: "web:1", desiredCount, capacityProviderStrategy });
  const parsed = () => events.map((e) => parseEvent(e));
  const launched = () => parsed().filter((e): e is TaskEvent => e.kind === "task" && e.lastStatus === "PROVISIONING");
  const placementFailures = () =>
    parsed().filter(
      (e): e is ServiceActionEventModel =>
        e.kind === "service-action" && e.eventName === "SERVICE_TASK_PLACEMENT_FAILURE",
    );
  const providers = () => {
    const { taskArns } = sim.listTasks({ cluster: "prod", serviceName: "web" });
    return taskArns.length === 0
      ? []
      : sim
          .describeTasks({ cluster: "prod", tasks: taskArns })
          .tasks.map((t) => t.capacityProviderName)
          .sort();
  };
  return { sim, events, launched, placementFailures, providers };
}

describe("a mixed strategy under Spot interruptions", () => {
  it("replaces interrupted Spot tasks on FARGATE_SPOT, keeping FARGATE at its base and weighted share", () => {
    const world = setup();
    expect(world.providers()).toEqual(["FARGATE", "FARGATE", "FARGATE_SPOT", "FARGATE_SPOT", "FARGATE_SPOT"]);

    world.sim.interruptSpotTasks({ cluster: "prod", service: "web", count: 2 });
    world.sim.advance(10 * MINUTE);

    expect(world.launched().map((e) => e.capacityProviderName)).toEqual(["FARGATE_SPOT", "FARGATE_SPOT"]);
    expect(world.providers()).toEqual(["FARGATE", "FARGATE", "FARGATE_SPOT", "FARGATE_SPOT", "FARGATE_SPOT"]);
  });

  it("during an outage, launches nothing on FARGATE for the lost Spot share and reports a placement failure", () => {
    const world = setup();
    const start = world.sim.now();

    world.sim.addSpotOutage({ start, end: start + 30 * MINUTE, interruptRunning: true });
    world.sim.advance(20 * MINUTE);

    expect(world.launched()).toEqual([]);
    expect(world.providers()).toEqual(["FARGATE", "FARGATE"]);
    expect(world.placementFailures().length).toBeGreaterThanOrEqual(4);
    expect(world.sim.describeServices({ cluster: "prod", services: ["web"] }).services[0]).toMatchObject({
      desiredCount: 5,
      runningCount: 2,
    });
  });
});

describe("UpdateService and the capacity provider strategy", () => {
  it("rejects a strategy change without forceNewDeployment before changing anything else in the request", () => {
    const world = setup();

    const update = () =>
      world.sim.updateService({
        cluster: "prod",
        service: "web",
        desiredCount: 9,
        deploymentConfiguration: { minimumHealthyPercent: 50 },
        capacityProviderStrategy: [{ capacityProvider: "FARGATE", weight: 1 }],
      });

    expect(update).toThrow(
      expect.objectContaining({
        name: "InvalidParameterException",
        message: expect.stringMatching(/you must force a new deployment\.$/),
      }),
    );
    const [service] = world.sim.describeServices({ cluster: "prod", services: ["web"] }).services;
    expect(service).toMatchObject({ desiredCount: 5, deploymentConfiguration: { minimumHealthyPercent: 100 } });
    expect(service!.deployments).toHaveLength(1);
  });

  it("with forceNewDeployment and the same strategy, still starts a deployment on that strategy", () => {
    const world = setup();
    const before = world.sim.primaryDeploymentId("prod", "web");

    const out = world.sim.updateService({
      cluster: "prod",
      service: "web",
      forceNewDeployment: true,
      capacityProviderStrategy: MIXED,
    });

    expect(out.service.deployments.map((d) => [d.status, d.id === before])).toEqual([
      ["PRIMARY", false],
      ["ACTIVE", true],
    ]);
    expect(out.service.deployments[0]!.capacityProviderStrategy).toEqual(
      out.service.deployments[1]!.capacityProviderStrategy,
    );
  });

  it("rejects a strategy with a capacity provider the cluster does not have, even with forceNewDeployment", () => {
    const world = setup();

    const update = () =>
      world.sim.updateService({
        cluster: "prod",
        service: "web",
        forceNewDeployment: true,
        capacityProviderStrategy: [{ capacityProvider: "EC2_SPOT", weight: 1 }],
      });

    expect(update).toThrow(expect.objectContaining({ name: "InvalidParameterException" }));
  });
});

describe("listClusters", () => {
  it("lists nothing before a cluster exists, then every cluster once", () => {
    const sim = new EcsSimulator({ clock: createManualClock(), emit: () => {} });
    expect(sim.listClusters()).toEqual({ clusterArns: [] });

    sim.addCluster("prod");
    sim.addCluster("prod");
    sim.addCluster("staging");

    expect(sim.listClusters({})).toEqual({
      clusterArns: [
        "arn:aws:ecs:us-east-1:111122223333:cluster/prod",
        "arn:aws:ecs:us-east-1:111122223333:cluster/staging",
      ],
    });
  });

  it("pages with maxResults, and the last page has no nextToken", () => {
    const sim = new EcsSimulator({
      clock: createManualClock(),
      emit: () => {},
      account: "444455556666",
      region: "eu-west-1",
    });
    for (const name of ["a", "b", "c", "d", "e"]) sim.addCluster(name);

    const pages: string[][] = [];
    let nextToken: string | undefined;
    do {
      const page = sim.listClusters({ maxResults: 2, ...(nextToken ? { nextToken } : {}) });
      pages.push(page.clusterArns.map((a) => a.slice(a.lastIndexOf("/") + 1)));
      nextToken = page.nextToken;
    } while (nextToken);

    expect(pages).toEqual([["a", "b"], ["c", "d"], ["e"]]);
    expect(sim.listClusters({ maxResults: 1 }).clusterArns).toEqual(["arn:aws:ecs:eu-west-1:444455556666:cluster/a"]);
  });
});

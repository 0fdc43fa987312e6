import { describe, expect, it } from "vitest";
import { serviceSeed } from "../../../../packages/cli/src/replay/service-seed.ts";
import { scenarioService } from "../../../../packages/cli/src/replay/input.ts";
import type { KnownGoodRevision } from "../../../../packages/core/src/model/known-good.ts";
import { revision } from "../../../support/ecs-history.ts";
import { at, ecsDeployment, serviceDescription, td } from "../../../support/snapshots.ts";

const described = serviceDescription({
  circuitBreaker: { enable: true, rollback: false },
  tags: { team: "shop" },
  deployments: [
    ecsDeployment("ecs-svc/2", { status: "PRIMARY", taskDefinition: td(42), rolloutState: "IN_PROGRESS" }),
    ecsDeployment("ecs-svc/1", { createdAt: at(0) }),
    ecsDeployment("ecs-svc/0", { status: "INACTIVE", taskDefinition: td(40) }),
  ],
});
const { serviceRevisionArn: _, createdAt: __, ...config } = revision("arn:rev/1", td(41), at(0));
const knownGood: KnownGoodRevision = {
  serviceRevisionArn: "arn:rev/1",
  serviceDeploymentArn: "arn:sd/1",
  deploymentId: "ecs-svc/1",
  finishedAt: at(60),
  config,
  source: "ecs-history",
};

describe("a service's seed (its state at first sight, for replay)", () => {
  it("is a scenario service replay accepts: revision, count, strategy, breaker, controller, tags, live deployments", () => {
    const seed = serviceSeed(described, undefined);

    expect(scenarioService.parse(seed)).toEqual(seed);
    expect(seed).toMatchObject({
      cluster: "prod",
      name: "web",
      taskDefinition: td(42),
      desiredCount: 4,
      capacityProviderStrategy: [{ capacityProvider: "FARGATE", base: 0, weight: 1 }],
      deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: false } },
      deploymentController: { type: "ECS" },
      tags: { team: "shop" },
    });
    // An INACTIVE deployment is no longer the service's: ECS would not list it to replay.
    expect(seed.deployments.map((d) => [d.id, d.status, d.rolloutState])).toEqual([
      ["ecs-svc/2", "PRIMARY", "IN_PROGRESS"],
      ["ecs-svc/1", "ACTIVE", "COMPLETED"],
    ]);
  });

  it("gives the known-good deployment its whole revision, what a rollback returns to", () => {
    const seed = serviceSeed(described, knownGood);

    expect(seed.deployments[1]).toMatchObject({
      id: "ecs-svc/1",
      capacityProviderStrategy: config.capacityProviderStrategy,
      networkConfiguration: config.networkConfiguration,
    });
    expect(seed.deployments[0]).not.toHaveProperty("networkConfiguration");
  });

  it("carries the success ECS no longer lists (only its history) as an INACTIVE deployment with its revision", () => {
    const { serviceRevisionArn: _r, createdAt: _c, ...old } = revision("arn:rev/0", td(40), at(0));
    const drained: KnownGoodRevision = {
      ...knownGood,
      serviceRevisionArn: "arn:rev/0",
      serviceDeploymentArn: "arn:sd/0",
      deploymentId: undefined,
      config: { ...old, launchType: "FARGATE" },
    };

    const seed = serviceSeed(described, knownGood, drained);

    expect(scenarioService.parse(seed)).toEqual(seed);
    expect(seed.deployments.map((d) => [d.id, d.status])).toEqual([
      ["ecs-svc/2", "PRIMARY"],
      ["ecs-svc/1", "ACTIVE"],
      ["arn:sd/0", "INACTIVE"],
    ]);
    expect(seed.deployments[2]).toEqual({
      id: "arn:sd/0",
      taskDefinition: td(40),
      status: "INACTIVE",
      rolloutState: "COMPLETED",
      createdAt: knownGood.finishedAt,
      capacityProviderStrategy: old.capacityProviderStrategy,
      networkConfiguration: old.networkConfiguration,
      launchType: "FARGATE",
    });
  });

  it("takes a known-good ECS no longer lists as the drained one from a seed kept before it carried one", () => {
    const unlisted = { ...knownGood, deploymentId: undefined };

    const seed = serviceSeed({ ...described, deployments: described.deployments.slice(0, 1) }, unlisted);

    expect(seed.deployments.map((d) => [d.id, d.taskDefinition, d.status])).toEqual([
      ["ecs-svc/2", td(42), "PRIMARY"],
      ["arn:sd/1", td(41), "INACTIVE"],
    ]);
  });

  it("adds no INACTIVE deployment when the drained one is still listed", () => {
    const seed = serviceSeed(described, knownGood, knownGood);

    expect(seed.deployments.map((d) => d.status)).toEqual(["PRIMARY", "ACTIVE"]);
  });
});

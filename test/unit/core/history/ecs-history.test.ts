import { describe, expect, it } from "vitest";
import {
  importCalls,
  newestDeployments,
  resolveDeploymentId,
  summarizeHistory,
} from "../../../../packages/core/src/history/ecs-history.ts";
import type { ListedDeployment } from "../../../../packages/core/src/history/observed.ts";
import { deployment, deploymentArn, revision, revisionArn, td } from "../../../support/ecs-history.ts";

const rev = (id: string) => revisionArn("prod", "web", id);
const dep = (id: string) => deploymentArn("prod", "web", id);

/** Five releases: one ECS rolled back, then a bad one a person undid by deploying the one before it again. */
const deployments = [
  deployment(dep("D1aaaaaaaaaaaaaaaaaaa"), rev("1000000000000000001"), "SUCCESSFUL", "2026-10-01T09:00:00.000Z"),
  deployment(
    dep("D2aaaaaaaaaaaaaaaaaaa"),
    rev("1000000000000000002"),
    "ROLLBACK_SUCCESSFUL",
    "2026-10-10T09:00:00.000Z",
    {
      statusReason: "Service deployment rolled back because the circuit breaker threshold was exceeded.",
      rollback: {
        reason: "Service deployment rolled back because the circuit breaker threshold was exceeded.",
        startedAt: "2026-10-10T09:07:00.000Z",
        serviceRevisionArn: rev("1000000000000000001"),
      },
    },
  ),
  deployment(dep("D3aaaaaaaaaaaaaaaaaaa"), rev("1000000000000000003"), "SUCCESSFUL", "2026-10-20T09:00:00.000Z"),
  deployment(dep("D4aaaaaaaaaaaaaaaaaaa"), rev("1000000000000000004"), "STOPPED", "2026-11-01T09:00:00.000Z"),
  deployment(dep("D5aaaaaaaaaaaaaaaaaaa"), rev("1000000000000000005"), "SUCCESSFUL", "2026-11-01T09:20:00.000Z"),
];
const revisions = [
  revision(rev("1000000000000000001"), td("web", 40), "2026-10-01T09:00:00.000Z"),
  revision(rev("1000000000000000002"), td("web", 41), "2026-10-10T09:00:00.000Z"),
  revision(rev("1000000000000000003"), td("web", 42), "2026-10-20T09:00:00.000Z"),
  revision(rev("1000000000000000004"), td("web", 43), "2026-11-01T09:00:00.000Z"),
  revision(rev("1000000000000000005"), td("web", 42), "2026-11-01T09:20:00.000Z"),
];
const listed = (id: string, taskDefinition: string, createdAt: string): ListedDeployment => ({
  id,
  status: "PRIMARY",
  taskDefinition,
  rolloutState: "COMPLETED",
  createdAt,
  desiredCount: 2,
  runningCount: 2,
  failedTasks: 0,
});

describe("what ECS's deployment history tells about a service", () => {
  it("takes the newest successful deployment nobody rolled back as known-good, with its revision's whole configuration", () => {
    const { knownGood } = summarizeHistory(deployments, revisions, []);
    expect(knownGood).toEqual({
      serviceRevisionArn: rev("1000000000000000005"),
      serviceDeploymentArn: dep("D5aaaaaaaaaaaaaaaaaaa"),
      deploymentId: undefined,
      finishedAt: "2026-11-01T09:30:00.000Z",
      config: {
        taskDefinition: td("web", 42),
        capacityProviderStrategy: [{ capacityProvider: "FARGATE", base: 1, weight: 1 }],
        launchType: undefined,
        platformVersion: "1.4.0",
        networkConfiguration: revisions[4]!.networkConfiguration,
        loadBalancers: revisions[4]!.loadBalancers,
        serviceRegistries: [],
        serviceConnectConfiguration: undefined,
        volumeConfigurations: [],
      },
      source: "ecs-history",
    });
  });

  it("keeps the newest success ECS no longer lists (what the listed deployments replaced) for replay's seed", () => {
    // D5 (web:42) is still listed, the deployment running; D3, D1 drained: only ECS's history names them.
    const running = [listed("ecs-svc/5", td("web", 42), "2026-11-01T09:20:00.000Z")];

    const { knownGood, drained } = summarizeHistory(deployments, revisions, running);

    expect(knownGood?.deploymentId).toBe("ecs-svc/5");
    expect(drained).toMatchObject({
      serviceRevisionArn: rev("1000000000000000003"),
      serviceDeploymentArn: dep("D3aaaaaaaaaaaaaaaaaaa"),
      deploymentId: undefined,
      config: { taskDefinition: td("web", 42), networkConfiguration: revisions[2]!.networkConfiguration },
    });
    // Listed INACTIVE is drained too: DescribeServices keeps it only for a while.
    const inactive = [{ ...running[0]!, status: "INACTIVE" }];
    expect(summarizeHistory(deployments, revisions, inactive).drained?.deploymentId).toBe("ecs-svc/5");
    // Nothing listed: the known-good itself has drained.
    expect(summarizeHistory(deployments, revisions, []).drained?.serviceDeploymentArn).toBe(
      dep("D5aaaaaaaaaaaaaaaaaaa"),
    );
  });

  it("tells ECS's rollbacks (its rollback field) from a person's (an UpdateService back to an earlier revision)", () => {
    const { deployments: records } = summarizeHistory(deployments, revisions, []);
    const byArn = new Map(records.map((r) => [r.serviceDeploymentArn, r]));
    expect(byArn.get(dep("D2aaaaaaaaaaaaaaaaaaa"))).toMatchObject({
      rolledBackBy: "ecs",
      rolledBackAt: "2026-10-10T09:07:00.000Z",
      completedAt: undefined,
      reasons: [expect.stringContaining("circuit breaker"), expect.stringContaining("circuit breaker")],
    });
    expect(byArn.get(dep("D4aaaaaaaaaaaaaaaaaaa"))).toMatchObject({
      rolledBackBy: "person",
      rolledBackAt: "2026-11-01T09:20:00.000Z",
    });
    expect(byArn.get(dep("D5aaaaaaaaaaaaaaaaaaa"))).toMatchObject({ rollbackOf: dep("D4aaaaaaaaaaaaaaaaaaa") });
    expect(byArn.get(dep("D3aaaaaaaaaaaaaaaaaaa"))).toMatchObject({
      rolledBackBy: undefined,
      completedAt: expect.any(String),
    });
    expect(records.map((r) => r.serviceDeploymentArn)[0]).toBe(dep("D5aaaaaaaaaaaaaaaaaaa"));
  });

  it("never takes as known-good a success a person rolled back, even when the rollback itself did not finish", () => {
    const undone = [
      ...deployments.slice(0, 3),
      deployment(dep("D4aaaaaaaaaaaaaaaaaaa"), rev("1000000000000000004"), "SUCCESSFUL", "2026-11-01T09:00:00.000Z"),
      deployment(dep("D5aaaaaaaaaaaaaaaaaaa"), rev("1000000000000000005"), "STOPPED", "2026-11-01T09:20:00.000Z"),
    ];
    expect(summarizeHistory(undone, revisions, []).knownGood?.serviceRevisionArn).toBe(rev("1000000000000000003"));
  });

  it("takes the one that finished last as newest when two deployments were created in the same instant", () => {
    const sameInstant = [
      deployment(dep("B"), rev("2"), "SUCCESSFUL", "2026-11-01T09:00:00.000Z", {
        finishedAt: "2026-11-01T09:05:00.000Z",
      }),
      deployment(dep("A"), rev("1"), "SUCCESSFUL", "2026-11-01T09:00:00.000Z", {
        finishedAt: "2026-11-01T09:00:00.000Z",
      }),
    ];
    const revs = [
      revision(rev("1"), td("web", 1), "2026-11-01T09:00:00.000Z"),
      revision(rev("2"), td("web", 2), "2026-11-01T09:00:00.000Z"),
    ];
    expect(summarizeHistory(sameInstant, revs, []).knownGood?.config.taskDefinition).toBe(td("web", 2));
    expect(summarizeHistory([...sameInstant].reverse(), revs, []).knownGood?.config.taskDefinition).toBe(td("web", 2));
  });

  it("never takes a deployment still rolling out, and finds no known-good in a history without a success", () => {
    const live = [deployment(dep("L"), rev("9"), "IN_PROGRESS", "2026-11-02T09:00:00.000Z")];
    expect(summarizeHistory(live, [revision(rev("9"), td("web", 50), "2026-11-02T09:00:00.000Z")], [])).toEqual({
      deployments: [],
      knownGood: undefined,
    });
  });

  it("resolves a deployment to the ecs-svc id DescribeServices lists by task definition and creation time, not by its ids", () => {
    // The revision's id and the ecs-svc id share nothing; a listed deployment whose number
    // equals the revision id, on another task definition, is not it.
    const found = summarizeHistory(deployments, revisions, [
      listed("ecs-svc/1000000000000000005", td("web", 43), "2026-11-01T09:20:01.000Z"),
      listed("ecs-svc/4482019347711030281", td("web", 42), "2026-11-01T09:20:02.000Z"),
    ]);
    expect(found.knownGood?.deploymentId).toBe("ecs-svc/4482019347711030281");
    expect(found.deployments[0]?.deploymentId).toBe("ecs-svc/4482019347711030281");
    // Not listed any more: keyed by its service deployment ARN.
    expect(found.deployments[1]?.deploymentId).toBe(dep("D4aaaaaaaaaaaaaaaaaaa"));
  });

  it("leaves a deployment unresolved when two listed deployments fit it equally well, or none is close in time", () => {
    const target = { taskDefinition: td("web", 42), createdAt: "2026-11-01T09:20:00.000Z" };
    expect(
      resolveDeploymentId(target, [
        listed("ecs-svc/1", td("web", 42), "2026-11-01T09:19:00.000Z"),
        listed("ecs-svc/2", td("web", 42), "2026-11-01T09:21:00.000Z"),
      ]),
    ).toBeUndefined();
    expect(
      resolveDeploymentId(target, [listed("ecs-svc/1", td("web", 42), "2026-11-01T10:20:00.000Z")]),
    ).toBeUndefined();
  });

  it("keeps the newest deployments whatever order ECS lists them in, and counts the calls an import costs", () => {
    const briefs = deployments.map((d) => ({ ...d })).reverse();
    expect(newestDeployments([...briefs].reverse(), 2).map((d) => d.serviceDeploymentArn)).toEqual([
      dep("D5aaaaaaaaaaaaaaaaaaa"),
      dep("D4aaaaaaaaaaaaaaaaaaa"),
    ]);
    expect(importCalls(1, 20, 20)).toBe(3);
    expect(importCalls(3, 20, 21)).toBe(6);
  });
});

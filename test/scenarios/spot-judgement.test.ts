import { describe, expect, it } from "vitest";
import {
  deploymentStateChange,
  serviceAction,
  stops,
  taskStateChange,
} from "../../packages/sim/src/events/builders.ts";
import { guardrails } from "../support/engine.ts";
import type { FakeService } from "../support/fake-ecs.ts";

// The Spot fallback's judgement end to end (DynamoDB Local, real adapters, ECS in memory): it
// does not hide a person's release, falls back only for a Spot shortfall, and leaves services it
// may not change to a person.

const ref = { cluster: "prod", service: "queue" };
const td = (rev: number) => `arn:aws:ecs:us-east-1:111122223333:task-definition/queue:${rev}`;
const T0 = Date.parse("2026-11-20T10:00:00Z");
const at = (m: number) => new Date(T0 + m * 60_000).toISOString();
const SPOT = [{ capacityProvider: "FARGATE_SPOT", base: 0, weight: 1 }];
const both = {
  policies: { "spot-fallback": { mode: "enforce" as const }, "auto-rollback": { mode: "enforce" as const } },
};

const placementFailure = (m: number) =>
  serviceAction({
    ...ref,
    eventName: "SERVICE_TASK_PLACEMENT_FAILURE",
    reason: "RESOURCE:FARGATE",
    capacityProviders: ["FARGATE_SPOT"],
    time: at(m),
  });
const crash = (task: string, deploymentId: string, rev: number, m: number) =>
  taskStateChange({
    ...ref,
    taskId: task,
    deploymentId,
    taskDefinition: `queue:${rev}`,
    version: 5,
    lastStatus: "STOPPED",
    time: at(m),
    capacityProviderName: "FARGATE",
    stop: stops.crash(1),
  });
const started = (deploymentId: string, m: number) =>
  deploymentStateChange({ ...ref, deploymentId, eventName: "SERVICE_DEPLOYMENT_IN_PROGRESS", time: at(m) });
const completed = (deploymentId: string, m: number) =>
  deploymentStateChange({ ...ref, deploymentId, eventName: "SERVICE_DEPLOYMENT_COMPLETED", time: at(m) });
const strategyUpdates = (g: Awaited<ReturnType<typeof guardrails>>) =>
  g.ecs.updates.filter((u) => u.capacityProviderStrategy);

async function replay(g: Awaited<ReturnType<typeof guardrails>>, events: object[]) {
  for (const e of events) await g.send(e);
}

describe("a Spot fallback during someone's rollout", () => {
  it("does not hide the release: the revision's crashes across both deployments roll it back", async () => {
    // queue:7 completed; a person is rolling out queue:8 (ecs-svc/2) when Spot capacity runs out.
    const service: FakeService = {
      ...ref,
      desiredCount: 4,
      capacityProviderStrategy: SPOT,
      deployments: [
        {
          id: "ecs-svc/2",
          status: "PRIMARY",
          taskDefinition: td(8),
          rolloutState: "IN_PROGRESS",
          createdAt: new Date(at(10)),
        },
        {
          id: "ecs-svc/1",
          status: "ACTIVE",
          taskDefinition: td(7),
          rolloutState: "COMPLETED",
          createdAt: new Date(at(0)),
        },
      ],
    };
    const g = await guardrails({ config: both, service });
    await replay(g, [
      started("ecs-svc/1", 0),
      completed("ecs-svc/1", 5),
      started("ecs-svc/2", 10),
      crash("c1", "ecs-svc/2", 8, 11),
    ]);
    await g.send(placementFailure(12));
    const ours = g.ecs.state.deployments[0]!;
    expect(ours).toMatchObject({ taskDefinition: td(8), status: "PRIMARY" });
    expect(strategyUpdates(g)).toHaveLength(1);

    await replay(g, [started(ours.id, 12), crash("c2", ours.id, 8, 13)]);
    expect(g.rollbacks()).toEqual([]);
    await g.send(crash("c3", ours.id, 8, 14));

    expect(g.rollbacks()).toEqual([
      { cluster: "prod", service: "queue", taskDefinition: td(7), forceNewDeployment: true },
    ]);
    expect(await g.history.getDeployment(ref, ours.id)).toMatchObject({
      initiatedBy: "guardrails:spot-fallback",
      outcome: "rolled-back",
      rolledBackBy: "guardrails:auto-rollback",
    });
    const rollbackThread = g
      .messages()
      .filter((m) => m.MessageAttributes?.["policy"]?.StringValue === "auto-rollback")
      .map((m) => m.body.metadata.threadId);
    expect(rollbackThread).toEqual(["prod/queue/ecs-svc/2", "prod/queue/ecs-svc/2"]);
  });
});

describe("a Spot service below its desired count", () => {
  it("does not fall back for a crash loop, however long it lasts", async () => {
    const service: FakeService = {
      ...ref,
      desiredCount: 4,
      runningCount: 1,
      capacityProviderStrategy: SPOT,
      deployments: [
        {
          id: "ecs-svc/1",
          status: "PRIMARY",
          taskDefinition: td(7),
          rolloutState: "COMPLETED",
          createdAt: new Date(at(-60)),
        },
      ],
    };
    const g = await guardrails({ config: { policies: { "spot-fallback": { mode: "enforce" as const } } }, service });
    for (let m = 0; m <= 30; m += 5) {
      await g.send(crash(`c${m}`, "ecs-svc/1", 7, m + 1));
      await g.tick(at(m + 2));
    }

    expect(strategyUpdates(g)).toEqual([]);
    expect(g.messages().filter((m) => m.MessageAttributes?.["policy"]?.StringValue === "spot-fallback")).toEqual([]);
  });
});

describe("a Spot shortage on a CodeDeploy service", () => {
  it("tells a person to move it to on-demand by hand, once per cool-down, and changes nothing", async () => {
    const service: FakeService = {
      ...ref,
      desiredCount: 4,
      deploymentController: "CODE_DEPLOY",
      capacityProviderStrategy: SPOT,
      deployments: [
        {
          id: "ecs-svc/1",
          status: "PRIMARY",
          taskDefinition: td(7),
          rolloutState: "COMPLETED",
          createdAt: new Date(at(-60)),
        },
      ],
    };
    const g = await guardrails({ config: { policies: { "spot-fallback": { mode: "enforce" as const } } }, service });

    for (const m of [1, 2, 3, 10, 20]) await g.send(placementFailure(m));

    expect(g.ecs.updates).toEqual([]);
    expect(g.messages().map((m) => m.body.content.title)).toEqual([
      ":warning: Move prod/queue from Fargate Spot to on-demand Fargate by hand",
    ]);
    // Still short of Spot after the 30-minute cool-down: told again, as a new incident.
    await g.send(placementFailure(32));
    expect(g.messages().map((m) => m.body.metadata.threadId)).toEqual(["prod/queue/spot-1", "prod/queue/spot-2"]);
    expect(g.ecs.updates).toEqual([]);
  });
});

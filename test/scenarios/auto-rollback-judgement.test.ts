import { describe, expect, it } from "vitest";
import { deploymentStateChange, stops, taskStateChange } from "../../packages/sim/src/events/builders.ts";
import { guardrails } from "../support/engine.ts";
import type { FakeService } from "../support/fake-ecs.ts";

// Auto-rollback's judgement end to end (DynamoDB Local, real adapters, ECS answered in memory):
// deployment controllers, a restart of the known-good revision, ECS's own rollbacks.

const ref = { cluster: "prod", service: "web" };
const td = (rev: number) => `arn:aws:ecs:us-east-1:111122223333:task-definition/web:${rev}`;
const T0 = Date.parse("2026-11-20T10:00:00Z");
const at = (s: number) => new Date(T0 + s * 1000).toISOString();
const enforce = { policies: { "auto-rollback": { mode: "enforce" as const } } };
type Deployment = FakeService["deployments"][number];
const listed = (
  id: string,
  rev: number,
  rolloutState: Deployment["rolloutState"],
  status: Deployment["status"],
  s: number,
): Deployment => ({ id, status, taskDefinition: td(rev), rolloutState, createdAt: new Date(at(s)) });

const started = (deploymentId: string, s: number, reason?: string) =>
  deploymentStateChange({
    ...ref,
    deploymentId,
    eventName: "SERVICE_DEPLOYMENT_IN_PROGRESS",
    time: at(s),
    ...(reason ? { reason } : {}),
  });
const completed = (deploymentId: string, s: number) =>
  deploymentStateChange({ ...ref, deploymentId, eventName: "SERVICE_DEPLOYMENT_COMPLETED", time: at(s) });
const crash = (n: number, deploymentId: string, rev: number) =>
  taskStateChange({
    ...ref,
    taskId: `crash-${deploymentId.slice(8)}-${n}`,
    deploymentId,
    taskDefinition: `web:${rev}`,
    version: 5,
    lastStatus: "STOPPED",
    time: at(400 + n * 10),
    stop: stops.crash(1),
  });
const titles = (g: Awaited<ReturnType<typeof guardrails>>) =>
  g.messages().map((m) => `${m.MessageAttributes?.["severity"]?.StringValue} ${m.body.content.title}`);

async function replay(g: Awaited<ReturnType<typeof guardrails>>, events: object[]) {
  for (const e of events) await g.send(e);
}

describe("auto-rollback on a CodeDeploy service", () => {
  it("never calls UpdateService with a task definition: the decision is recorded and a person told what to do, without retries", async () => {
    const service: FakeService = {
      ...ref,
      desiredCount: 4,
      deploymentController: "CODE_DEPLOY",
      deployments: [
        listed("ecs-svc/2", 42, "IN_PROGRESS", "PRIMARY", 100),
        listed("ecs-svc/1", 41, "COMPLETED", "ACTIVE", 0),
      ],
    };
    const g = await guardrails({ config: enforce, service });
    await replay(g, [started("ecs-svc/1", 0), completed("ecs-svc/1", 60), started("ecs-svc/2", 100)]);

    // Every send resolves: nothing is thrown for Lambda to retry into the dead-letter queue.
    await replay(
      g,
      [1, 2, 3, 4, 5].map((n) => crash(n, "ecs-svc/2", 42)),
    );

    expect(g.ecs.updates).toEqual([]);
    expect(titles(g)).toEqual([
      "warning :warning: First task failure in the deployment of prod/web (web:42)",
      "critical :rotating_light: Roll back prod/web from web:42 to web:41 by hand",
    ]);
    const decision = (await g.history.timeline(ref, { limit: 50 })).items.find(
      (e) => e.type === "decision" && e.summary.includes("by hand"),
    );
    expect(decision).toMatchObject({
      data: { verdict: "noted", facts: { deploymentController: "CODE_DEPLOY", toTaskDefinition: td(41) } },
    });
  });
});

describe("a restart of the known-good revision", () => {
  it("is not rolled back to an older release when its tasks crash: one critical notice", async () => {
    // web:40 then web:41 completed; someone forces a new deployment of web:41 (ecs-svc/3).
    const service: FakeService = {
      ...ref,
      desiredCount: 4,
      deployments: [
        listed("ecs-svc/3", 41, "IN_PROGRESS", "PRIMARY", 300),
        listed("ecs-svc/2", 41, "COMPLETED", "ACTIVE", 100),
        listed("ecs-svc/1", 40, "COMPLETED", "ACTIVE", 0),
      ],
    };
    const g = await guardrails({ config: enforce, service });
    await replay(g, [
      started("ecs-svc/1", 0),
      completed("ecs-svc/1", 60),
      started("ecs-svc/2", 100),
      completed("ecs-svc/2", 160),
      started("ecs-svc/3", 300),
    ]);
    expect(await g.history.getDeployment(ref, "ecs-svc/1")).toMatchObject({
      taskDefinitionArn: td(40),
      outcome: "completed",
    });
    // ECS no longer lists the oldest deployment; the history remembers it.
    g.ecs.state.deployments.pop();

    await replay(
      g,
      [1, 2, 3, 4].map((n) => crash(n, "ecs-svc/3", 41)),
    );

    expect(g.rollbacks()).toEqual([]);
    expect(titles(g)).toEqual([
      "warning :warning: First task failure in the deployment of prod/web (web:41)",
      "critical :rotating_light: The known-good revision prod/web (web:41) itself fails",
    ]);
  });
});

describe("ECS's own rollback", () => {
  const rollingBack = (): FakeService => ({
    ...ref,
    desiredCount: 4,
    circuitBreaker: { enable: true, rollback: true },
    // By the time the FAILED event is handled, ECS lists its rollback (ecs-svc/3) as PRIMARY.
    deployments: [
      listed("ecs-svc/3", 41, "IN_PROGRESS", "PRIMARY", 300),
      listed("ecs-svc/2", 42, "FAILED", "ACTIVE", 100),
      listed("ecs-svc/1", 41, "COMPLETED", "ACTIVE", 0),
    ],
  });
  const history = [started("ecs-svc/1", 0), completed("ecs-svc/1", 60), started("ecs-svc/2", 100)];
  const failed = deploymentStateChange({
    ...ref,
    deploymentId: "ecs-svc/2",
    eventName: "SERVICE_DEPLOYMENT_FAILED",
    time: at(290),
  });

  it("is announced when SERVICE_DEPLOYMENT_FAILED arrives after ECS already made it PRIMARY, and not doubled", async () => {
    const g = await guardrails({ config: enforce, service: rollingBack() });
    await replay(g, [...history, failed, failed, ...[1, 2, 3, 4].map((n) => crash(n, "ecs-svc/2", 42))]);

    expect(g.ecs.updates).toEqual([]);
    expect(titles(g)).toEqual(["warning :warning: ECS is rolling back the deployment of prod/web (web:42)"]);
  });

  it("gives one critical notice when it fails in its turn, and is never rolled back", async () => {
    const g = await guardrails({ config: enforce, service: rollingBack() });
    await replay(g, [
      ...history,
      failed,
      started("ecs-svc/3", 300, "ECS deployment circuit breaker: rolling back to deploymentId ecs-svc/1."),
    ]);

    await replay(
      g,
      [1, 2, 3, 4, 5].map((n) => crash(n, "ecs-svc/3", 41)),
    );

    expect(g.ecs.updates).toEqual([]);
    expect(titles(g)).toEqual([
      "warning :warning: ECS is rolling back the deployment of prod/web (web:42)",
      "critical :rotating_light: The rollback of prod/web to web:41 fails too",
    ]);
  });
});

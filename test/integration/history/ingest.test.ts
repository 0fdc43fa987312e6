import { describe, expect, it } from "vitest";
import { deploymentStateChange, stops, taskStateChange } from "../../../packages/sim/src/events/builders.ts";
import { InvalidEventError } from "../../../packages/core/src/errors.ts";
import { ingestEvent } from "../../../packages/core/src/engine/ingest.ts";
import { fixedResolver, freshStore, snapshotOf } from "../../support/history.ts";
import { DynamoHistoryStore } from "../../../packages/aws/src/history/dynamo-history-store.ts";
import { HistoryUnavailableError } from "../../../packages/aws/src/errors.ts";

const svc = { cluster: "prod", service: "web" };
const T0 = Date.parse("2026-11-20T10:00:00Z");
const at = (s: number) => new Date(T0 + s * 1000).toISOString();
const deps = async (retention?: { timelineDays: number }) => {
  const { store } = await freshStore(retention);
  return {
    store,
    deps: {
      history: store,
      deployments: fixedResolver({
        "ecs-svc/1": "arn:aws:ecs:us-east-1:111122223333:task-definition/web:7",
        "ecs-svc/2": "arn:aws:ecs:us-east-1:111122223333:task-definition/web:8",
      }),
    },
  };
};
const crashed = (taskId: string, version = 5, s = 60) =>
  taskStateChange({
    ...svc,
    taskId,
    deploymentId: "ecs-svc/2",
    taskDefinition: "web:8",
    version,
    lastStatus: "STOPPED",
    time: at(s),
    stop: stops.crash(1),
  });

describe("ingesting ECS events into the service history", () => {
  it("records a crashed task in the service timeline and counts it against its deployment", async () => {
    const { store, deps: d } = await deps();
    const { outcome } = await ingestEvent(crashed("t1"), d);
    expect(outcome).toEqual({ status: "recorded" });
    const { items } = await store.timeline(svc);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      type: "task-stopped",
      stopClass: "crash",
      taskId: "t1",
      deploymentId: "ecs-svc/2",
    });
    const dep = await store.getDeployment(svc, "ecs-svc/2");
    expect(dep).toMatchObject({
      failureCount: 1,
      failures: { crash: 1 },
      taskDefinitionArn: expect.stringContaining("web:8"),
    });
    expect(await store.deploymentFailures(svc, "ecs-svc/2", "crash")).toHaveLength(1);
    expect(await store.deploymentFailures(svc, "ecs-svc/2", "out-of-memory")).toHaveLength(0);
  });

  it("changes nothing when the same event is delivered again", async () => {
    const { store, deps: d } = await deps();
    await ingestEvent(crashed("t1"), d);
    const before = await snapshotOf(store, svc);
    const again = await ingestEvent(crashed("t1"), d);
    expect(again.outcome).toEqual({ status: "duplicate" });
    expect(await snapshotOf(store, svc)).toEqual(before);
  });

  it("ignores a task event older than the version already stored for that task", async () => {
    const { store, deps: d } = await deps();
    await ingestEvent(crashed("t1", 6), d);
    const late = taskStateChange({
      ...svc,
      taskId: "t1",
      deploymentId: "ecs-svc/2",
      taskDefinition: "web:8",
      version: 3,
      lastStatus: "RUNNING",
      time: at(10),
    });
    const { outcome } = await ingestEvent(late, d);
    expect(outcome).toEqual({ status: "stale", storedVersion: 6 });
    expect((await store.getDeployment(svc, "ecs-svc/2"))?.failureCount).toBe(1);
  });

  it("counts a task's stop once even when a later STOPPED event carries a higher version", async () => {
    const { store, deps: d } = await deps();
    await ingestEvent(crashed("t1", 6), d);
    await ingestEvent(crashed("t1", 7, 61), d);
    expect((await store.getDeployment(svc, "ecs-svc/2"))?.failureCount).toBe(1);
  });

  it("resolves the deployment's task definition and keeps the last completed one as known-good", async () => {
    const { store, deps: d } = await deps();
    await ingestEvent(
      deploymentStateChange({
        ...svc,
        deploymentId: "ecs-svc/1",
        eventName: "SERVICE_DEPLOYMENT_IN_PROGRESS",
        time: at(0),
      }),
      d,
    );
    await ingestEvent(
      deploymentStateChange({
        ...svc,
        deploymentId: "ecs-svc/1",
        eventName: "SERVICE_DEPLOYMENT_COMPLETED",
        time: at(100),
      }),
      d,
    );
    await ingestEvent(
      deploymentStateChange({
        ...svc,
        deploymentId: "ecs-svc/2",
        eventName: "SERVICE_DEPLOYMENT_IN_PROGRESS",
        time: at(200),
      }),
      d,
    );
    const state = await store.getServiceState(svc);
    expect(state).toMatchObject({
      currentDeploymentId: "ecs-svc/2",
      lastKnownGoodDeploymentId: "ecs-svc/1",
      lastKnownGoodTaskDefinition: expect.stringContaining("web:7"),
    });
    const deployments = await store.listDeployments(svc);
    expect(deployments.map((x) => [x.deploymentId, x.outcome])).toEqual([
      ["ecs-svc/2", "in-progress"],
      ["ecs-svc/1", "completed"],
    ]);
  });

  it("marks the failed deployment rolled back by ECS, not the one the breaker returns to", async () => {
    const { store, deps: d } = await deps();
    const at100 = { ...svc, time: at(100) };
    await ingestEvent(
      deploymentStateChange({ ...at100, deploymentId: "ecs-svc/1", eventName: "SERVICE_DEPLOYMENT_COMPLETED" }),
      d,
    );
    await ingestEvent(
      deploymentStateChange({
        ...svc,
        deploymentId: "ecs-svc/2",
        eventName: "SERVICE_DEPLOYMENT_IN_PROGRESS",
        time: at(200),
      }),
      d,
    );
    await ingestEvent(
      deploymentStateChange({
        ...svc,
        deploymentId: "ecs-svc/2",
        eventName: "SERVICE_DEPLOYMENT_FAILED",
        time: at(300),
      }),
      d,
    );
    const rollback = deploymentStateChange({
      ...svc,
      deploymentId: "ecs-svc/3",
      eventName: "SERVICE_DEPLOYMENT_IN_PROGRESS",
      time: at(301),
      reason: "ECS deployment circuit breaker: rolling back to deploymentId ecs-svc/1.",
    });
    await ingestEvent(rollback, d);
    await ingestEvent(rollback, d);
    expect(await store.getDeployment(svc, "ecs-svc/2")).toMatchObject({
      outcome: "rolled-back",
      rolledBackBy: "ecs-circuit-breaker",
      reasons: ["ECS deployment circuit breaker: task failed to start."],
    });
    expect(await store.getDeployment(svc, "ecs-svc/1")).toMatchObject({
      outcome: "completed",
      rolledBackAt: undefined,
    });
    expect(await store.getDeployment(svc, "ecs-svc/3")).toMatchObject({
      rollbackTo: "ecs-svc/1",
      rollbackOf: "ecs-svc/2",
    });
  });

  it("marks nothing rolled back when the history never saw the deployment the breaker replaced", async () => {
    const { store, deps: d } = await deps();
    await ingestEvent(
      deploymentStateChange({
        ...svc,
        deploymentId: "ecs-svc/3",
        eventName: "SERVICE_DEPLOYMENT_IN_PROGRESS",
        time: at(301),
        reason: "ECS deployment circuit breaker: rolling back to deploymentId ecs-svc/1.",
      }),
      d,
    );
    expect(
      (await store.listDeployments(svc)).map((r) => [r.deploymentId, r.outcome, r.rollbackTo, r.rollbackOf]),
    ).toEqual([["ecs-svc/3", "in-progress", "ecs-svc/1", undefined]]);
  });

  it("rejects an event that fails validation with an error naming the field, writing nothing", async () => {
    const { store, deps: d } = await deps();
    const bad = crashed("t1") as { detail: Record<string, unknown> };
    delete bad.detail["taskArn"];
    await expect(ingestEvent(bad, d)).rejects.toThrow(InvalidEventError);
    await expect(ingestEvent(bad, d)).rejects.toThrow(/detail\.taskArn/);
    expect((await store.timeline(svc)).items).toHaveLength(0);
  });

  it("names the table when it does not exist, instead of a bare SDK error", async () => {
    const { client } = await freshStore();
    const missing = new DynamoHistoryStore({ client, tableName: "no-such-table" });
    await expect(missing.timeline(svc)).rejects.toThrow(/history table "no-such-table" not found in region us-east-1/);
    await expect(missing.getServiceState(svc)).rejects.toBeInstanceOf(HistoryUnavailableError);
  });

  it("expires timeline entries after the configured number of days", async () => {
    const { store, deps: d } = await deps({ timelineDays: 30 });
    await ingestEvent(crashed("t1"), d);
    const raw = await store.deploymentFailures(svc, "ecs-svc/2");
    expect(raw).toHaveLength(1);
    const { items } = await store.timeline(svc);
    expect(items[0]).not.toHaveProperty("expiresAt");
    const item = await (store as unknown as { get(pk: string, sk: string): Promise<Record<string, unknown>> }).get(
      `SVC#prod#web`,
      `T#${at(60)}#${crashed("t1").id}`,
    );
    expect(item["expiresAt"]).toBe(Math.floor((T0 + 60_000) / 1000) + 30 * 86_400);
  });
});

import { describe, expect, it } from "vitest";
import { deploymentStateChange } from "../../../packages/sim/src/events/builders.ts";
import { ingestEvent } from "../../../packages/core/src/engine/ingest.ts";
import { fixedResolver, freshStore } from "../../support/history.ts";

const svc = { cluster: "prod", service: "web" };
const td = (rev: number) => `arn:aws:ecs:us-east-1:111122223333:task-definition/web:${rev}`;
const seen = {
  deploymentId: "ecs-svc/1",
  taskDefinitionArn: td(41),
  startedAt: "2026-11-20T09:00:00.000Z",
  completedAt: "2026-11-20T09:05:00.000Z",
};
const AT = "2026-11-20T10:00:00.000Z";

describe("recording a deployment seen in DescribeServices", () => {
  it("writes it once as a completed, observed deployment with one timeline entry, however often it is seen", async () => {
    const { store } = await freshStore();
    await store.recordObserved(svc, [seen], AT);
    await store.recordObserved(svc, [seen], "2026-11-20T10:05:00.000Z");
    expect(await store.getDeployment(svc, "ecs-svc/1")).toMatchObject({
      outcome: "completed",
      taskDefinitionArn: td(41),
      completedAt: seen.completedAt,
      source: "observed",
    });
    const { items } = await store.timeline(svc);
    expect(items.map((e) => e.summary)).toEqual([
      expect.stringContaining("ecs-svc/1 (web:41) seen completed in DescribeServices"),
    ]);
  });

  it("never overwrites what the deployment's own events recorded", async () => {
    const { store } = await freshStore();
    await ingestEvent(
      deploymentStateChange({
        ...svc,
        deploymentId: "ecs-svc/1",
        eventName: "SERVICE_DEPLOYMENT_IN_PROGRESS",
        time: "2026-11-20T09:00:00Z",
      }),
      { history: store, deployments: fixedResolver({ "ecs-svc/1": td(41) }) },
    );
    await store.recordObserved(svc, [seen], AT);
    const record = await store.getDeployment(svc, "ecs-svc/1");
    expect(record).toMatchObject({ outcome: "in-progress", completedAt: undefined });
    expect(record?.source).toBeUndefined();
  });
});

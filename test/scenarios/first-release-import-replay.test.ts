import { deploymentStateChange, stops, taskStateChange } from "@ecs-guardrails/sim/events/builders";
import { parseReplayInput } from "@ecs-guardrails/cli/replay/input";
import { describe, expect, it } from "vitest";
import { HistoryReads } from "@ecs-guardrails/aws/history/history-reads";
import type { ImportSummary } from "@ecs-guardrails/core/model/known-good";
import { live, replayed, type Outcome } from "../support/replay.ts";

// The guardrails are installed on prod/web while its release web:42 (ecs-svc/42) rolls out:
// web:41 (ecs-svc/41) completed days before, so no event of it ever reaches them, and the first
// event they get is web:42's completion, when ECS has already drained ecs-svc/41 and
// DescribeServices lists web:42 alone. Inside the 10-minute bake window web:42's tasks are
// killed for memory after running (the guardrails' own rollback; ECS's breaker is off).
// Only ECS's deployment history, imported at first sight from the simulated ECS (the scenario's
// seeded deployments are its service deployments and revisions), still names web:41.

const T = (m: number, s = 0) => new Date(Date.parse("2026-11-20T10:00:00Z") + (m * 60 + s) * 1000).toISOString();
const ref = { cluster: "prod", service: "web" };

const oom = (n: number, time: string) =>
  taskStateChange({
    ...ref,
    taskId: `oom${n}`,
    deploymentId: "ecs-svc/42",
    taskDefinition: "web:42",
    version: 5,
    lastStatus: "STOPPED",
    startedAt: T(-4),
    time,
    stop: stops.outOfMemory(),
  });

/** `previousAt`: when web:41's deployment was created and completed (ECS keeps 90 days of them). */
function scenario(previousAt: string) {
  return parseReplayInput(
    JSON.stringify({
      config: { policies: { "auto-rollback": { mode: "enforce" } } },
      services: [
        {
          ...{ cluster: ref.cluster, name: ref.service },
          taskDefinition: "web:42",
          desiredCount: 2,
          deploymentConfiguration: { deploymentCircuitBreaker: { enable: false, rollback: false } },
          deployments: [
            {
              id: "ecs-svc/42",
              taskDefinition: "web:42",
              status: "PRIMARY",
              rolloutState: "IN_PROGRESS",
              createdAt: T(-5),
            },
            {
              id: "ecs-svc/41",
              taskDefinition: "web:41",
              status: "ACTIVE",
              rolloutState: "COMPLETED",
              createdAt: previousAt,
            },
          ],
        },
      ],
      events: [
        deploymentStateChange({
          ...ref,
          deploymentId: "ecs-svc/42",
          eventName: "SERVICE_DEPLOYMENT_COMPLETED",
          time: T(0),
        }),
        oom(1, T(2)),
        oom(2, T(2, 30)),
        oom(3, T(3)),
      ],
    }),
    "first-release",
  );
}

/** web:41 completed 18 days before: inside ECS's 90 days. */
const IMPORTABLE = scenario("2026-11-02T10:00:00.000Z");
/** web:41 completed 120 days before: ECS no longer lists it, so the history holds web:42 alone. */
const FORGOTTEN = scenario("2026-07-23T10:00:00.000Z");

const rollbacks = (actions: { action: string; at: string; taskDefinition?: unknown }[]) =>
  actions.filter((a) => a.action === "rollback").map((a) => `${String(a.taskDefinition).split("/").at(-1)} ${a.at}`);

/** The replay's outcome and what it recorded of the import (read from the replayed history). */
async function replayedWithImport(input: typeof IMPORTABLE): Promise<Outcome & { imported?: ImportSummary }> {
  let imported: ImportSummary | undefined;
  const out = await replayed(input, {
    beforeStop: async ({ stack, tableName }) => {
      imported = (await new HistoryReads(stack.dynamo.client, tableName).getServiceState(ref))?.imported;
    },
  });
  return { ...out, imported };
}

describe("a first release after install, replayed", () => {
  it("is rolled back to web:41, known from ECS's deployment history imported at first sight", async () => {
    const out = await replayedWithImport(IMPORTABLE);

    // Imported once, through the simulated ECS, at the first event a policy judges (the first
    // OOM kill: a deployment's completion loads no snapshot), both releases listed SUCCESSFUL.
    expect(out.imported).toMatchObject({ status: "imported", deployments: 2, at: "2026-11-20T10:02:00.000Z" });
    expect(rollbacks(out.actions)).toEqual(["web:41 2026-11-20T10:03:00.000Z"]);
    expect(out.notifications).toContain("critical Roll back prod/web from web:42 to web:41");
    expect(out.notifications.some((n) => /no known-good revision/.test(n))).toBe(false);
  });

  it("has no known-good revision when ECS's history no longer holds web:41, and says so", async () => {
    const out = await replayedWithImport(FORGOTTEN);

    expect(out.imported).toMatchObject({ status: "imported", deployments: 1 });
    expect(rollbacks(out.actions)).toEqual([]);
    expect(out.notifications).toContainEqual(expect.stringMatching(/no known-good revision/));
  });

  it.each([
    ["imported", IMPORTABLE],
    ["forgotten", FORGOTTEN],
  ])(
    "decides live as in replay (%s)",
    async (_, input) => {
      const [inLive, inReplay] = [await live(input), await replayed(input)];

      expect(inReplay.actions).toEqual(inLive.actions);
      expect(inReplay.notifications).toEqual(inLive.notifications);
      expect(rollbacks(inLive.actions)).toEqual(input === IMPORTABLE ? ["web:41 2026-11-20T10:03:00.000Z"] : []);
    },
    120_000,
  );
});

import { HistoryReads } from "@ecs-guardrails/aws/history/history-reads";
import { parseReplayInput, type ReplayInput } from "@ecs-guardrails/cli/replay/input";
import type { ImportSummary } from "@ecs-guardrails/core/model/known-good";
import { serviceAction } from "@ecs-guardrails/sim/events/builders";
import { describe, expect, it } from "vitest";
import { FIRST_RELEASE_FIXTURE, firstReleaseScenario } from "../support/first-release-import.ts";
import { fixture, live, replayed, type Outcome } from "../support/replay.ts";

// A first release after install, rolled back to the revision only ECS's deployment history
// still names (the story: test/support/first-release-import.ts). The import at first sight reads
// the simulated ECS's ListServiceDeployments, DescribeServiceDeployments and
// DescribeServiceRevisions, over the deployments the scenario seeds; live and replay both build
// the engine's ports with the functions' own builders, imports included.

const ref = { cluster: "prod", service: "web" };
const IMPORTABLE = fixture(FIRST_RELEASE_FIXTURE);
/** web:41 completed 120 days before: past ECS's 90 days, so the history holds web:42 alone. */
const FORGOTTEN = parseReplayInput(JSON.stringify(firstReleaseScenario("2026-07-23T10:00:00.000Z")), "forgotten");

const rollbacks = (actions: Outcome["actions"]) =>
  actions.filter((a) => a.action === "rollback").map((a) => `${a.taskDefinition?.split("/").at(-1)} ${a.at}`);

/** The replay's outcome and what it recorded of the import (read from the replayed history). */
async function replayedWithImport(input: ReplayInput): Promise<Outcome & { imported?: ImportSummary }> {
  let imported: ImportSummary | undefined;
  const out = await replayed(input, {
    beforeStop: async ({ stack, tableName }) => {
      imported = (await new HistoryReads(stack.dynamo.client, tableName).getServiceState(ref))?.imported;
    },
  });
  return { ...out, imported };
}

describe("a first release after install, replayed", () => {
  it("is the committed fixture, as its generator builds it", () => {
    expect(IMPORTABLE).toEqual(parseReplayInput(JSON.stringify(firstReleaseScenario()), "generated"));
  });

  it("is rolled back to web:41, known from ECS's deployment history imported at first sight", async () => {
    const out = await replayedWithImport(IMPORTABLE);

    // Imported once, at the first event a policy judges (the first OOM kill: a deployment's
    // completion loads no snapshot), both releases listed SUCCESSFUL.
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
    ["imported", IMPORTABLE, ["web:41 2026-11-20T10:03:00.000Z"]],
    ["forgotten", FORGOTTEN, []],
  ])(
    "decides live as in replay (%s)",
    async (_, input, rolledBack) => {
      const [inLive, inReplay] = [await live(input), await replayed(input)];

      expect(inReplay.actions).toEqual(inLive.actions);
      expect(inReplay.notifications).toEqual(inLive.notifications);
      expect(rollbacks(inLive.actions)).toEqual(rolledBack);
    },
    120_000,
  );
});

describe("an import at a reconcile tick, replayed", () => {
  it("happens at the same slot whether replay ticks every 5 minutes, only where needed, or live", async () => {
    // prod/queue runs on Spot (the reconcile looks at it) and is first seen at a tick, 30
    // minutes before its first event; its only release is past ECS's 90 days, so the import
    // finds no history and says so in one notice.
    const steady = (service: string, time: string) =>
      serviceAction({ cluster: "prod", service, eventName: "SERVICE_STEADY_STATE", time });
    const input: ReplayInput = {
      config: { policies: { "spot-fallback": { mode: "enforce" } } },
      clusters: [],
      services: [
        { cluster: "prod", name: "api", taskDefinition: "api:3", desiredCount: 1 },
        {
          cluster: "prod",
          name: "queue",
          taskDefinition: "queue:7",
          desiredCount: 2,
          capacityProviderStrategy: [{ capacityProvider: "FARGATE_SPOT", weight: 1 }],
          deployments: [{ id: "ecs-svc/7", taskDefinition: "queue:7", createdAt: "2026-07-01T10:00:00.000Z" }],
        },
      ],
      events: [steady("api", "2026-11-20T10:00:00Z"), steady("queue", "2026-11-20T10:30:00Z")],
      until: undefined,
    };

    const every = await replayed(input, { everySlot: true });
    const needed = await replayed(input);

    expect(every.lines.filter((l) => l.type === "notification")).toEqual([
      expect.objectContaining({ title: "No deployment history imported for prod/queue" }),
    ]);
    expect(needed.lines).toEqual(every.lines);
    expect(needed.notifications).toEqual((await live(input)).notifications);
  }, 120_000);
});

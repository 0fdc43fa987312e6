import { HistoryReads } from "@ecs-guardrails/aws/history/history-reads";
import { parseReplayInput, type ReplayInput } from "@ecs-guardrails/cli/replay/input";
import type { ImportSummary } from "@ecs-guardrails/core/model/known-good";
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

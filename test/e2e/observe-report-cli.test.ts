import { beforeAll, describe, expect, inject, it } from "vitest";
import { fixture, movedToNow, replayed, shared } from "../support/replay.ts";
import { jsonLines, runCli } from "../support/cli.ts";

// `guardrails observe-report` as a user runs it: a spawned process reading a "deployed" table
// (the shared DynamoDB Local, named with --table) that a replay in observe mode filled. The
// scenario's times are moved to two days ago, so the default period (14 days) holds them.

let tableName: string;
let env: Record<string, string>;

beforeAll(async () => {
  const dynamo = shared();
  tableName = dynamo.tableName;
  const input = movedToNow(fixture("spot-rate-limited-scenario.json"), 2 * 86_400_000);
  await replayed(
    { ...input, config: { guards: { maxActionsPerService: 2 }, policies: { "spot-fallback": { mode: "observe" } } } },
    { sharedDynamo: dynamo },
  );
  env = {
    AWS_REGION: "us-east-1",
    AWS_ACCESS_KEY_ID: "local",
    AWS_SECRET_ACCESS_KEY: "local",
    AWS_ENDPOINT_URL_DYNAMODB: inject("dynamoEndpoint"),
  };
}, 60_000);

describe("guardrails observe-report", () => {
  it("prints, per service, what observe would have done, what happened next and a verdict, with the caveats on their lines", async () => {
    const run = await runCli(["observe-report", "--table", tableName], { env });

    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const text = run.stdout;
    expect(text).toMatch(
      /^prod\/batch since .*: 3 observed action\(s\): 1 agreed, 0 observe would have been wrong, 2 unknown$/m,
    );
    expect(text).toContain(
      "next: the Spot shortage cleared by itself: observe would have returned to Spot 34 minutes later",
    );
    expect(text).toMatch(/would have: .*\(enforce's guard would have blocked it\)/);
    expect(text).toContain(
      "note: enforce would be blocked here: rate limit: 2 automatic actions on this service in the last 60 minutes (max 2)",
    );
    expect(text).toContain("note: observe cannot know: a person's change to a strategy it never set");
  });

  it("prints one JSON object per service with --json", async () => {
    const run = await runCli(["observe-report", "--table", tableName, "--json", "--cluster", "prod"], { env });

    const [service] = jsonLines(run.stdout);
    expect(service).toMatchObject({
      cluster: "prod",
      service: "batch",
      counts: { agreed: 1, "observe would have been wrong": 0, unknown: 2 },
    });
    expect((service!["lines"] as { action: string; verdict: string }[]).map((l) => `${l.action} ${l.verdict}`)).toEqual(
      ["capacity-fallback agreed", "capacity-restore unknown", "capacity-fallback unknown"],
    );
  });

  it("says in one line that a period with nothing observed has nothing to show", async () => {
    const run = await runCli(["observe-report", "--table", tableName, "--since", "1h"], { env });

    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^No policy in observe mode would have acted since \S+\.$/m);
  });

  it("refuses a malformed --since in one line", async () => {
    const run = await runCli(["observe-report", "--table", tableName, "--since", "two weeks"], { env });

    expect(run.code).toBe(2);
    expect(run.stderr).toContain("expected an age such as 14d or 36h.");
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});

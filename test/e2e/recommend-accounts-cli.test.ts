import { beforeAll, describe, expect, inject, it } from "vitest";
import { DynamoRecommendationStore } from "@ecs-guardrails/aws/history/recommendation-store";
import { recommend } from "@ecs-guardrails/core/capabilities/right-sizing/recommend";
import { freshHistoryTable } from "../support/dynamodb.ts";
import { jsonLines, runCli } from "../support/cli.ts";
import { fargateUsage, settings } from "../support/right-sizing.ts";

// `guardrails recommend` behind a hub (issue 23): two accounts with the same prod/web, only the
// member's over-provisioned. The table names each one's account and Region, --json always
// carries them, and --account narrows the listing as `history --account` does.

const MEMBER = "444455556666";
let tableName: string;
let env: Record<string, string>;

beforeAll(async () => {
  const table = await freshHistoryTable();
  tableName = table.tableName;
  const store = new DynamoRecommendationStore({ client: table.client, tableName });
  const at = "2026-11-20T10:00:00.000Z";
  // Home's prod/web uses 90 % of its memory (memory grows); the member's a quarter (over-provisioned).
  const home = recommend(
    fargateUsage({ memoryUtilization: { periodSeconds: 60, values: Array(1440).fill(90) } }),
    settings(),
  );
  const member = recommend(
    fargateUsage({ ref: { cluster: "prod", service: "web", account: MEMBER, region: "eu-west-1" } }),
    settings(),
  );
  for (const r of [home, member])
    await store.save({ recommendation: r, at, announcedAt: at, change: ["first recommendation"] }, { announce: true });
  env = {
    AWS_REGION: "us-east-1",
    AWS_ACCESS_KEY_ID: "local",
    AWS_SECRET_ACCESS_KEY: "local",
    AWS_ENDPOINT_URL_DYNAMODB: inject("dynamoEndpoint"),
  };
});

const cells = (line: string) => line.split(/\s{2,}/);

describe("guardrails recommend across accounts", () => {
  it("adds an account column naming each service's account and Region", async () => {
    const run = await runCli(["recommend", "--table", tableName], { env });

    expect(run.stderr).toBe("");
    const lines = run.stdout.trim().split("\n");
    expect(cells(lines[0]!).slice(0, 3)).toEqual(["ACCOUNT", "SERVICE", "STATUS"]);
    expect(lines.slice(2).map((l) => cells(l).slice(0, 3))).toEqual([
      ["home", "prod/web", "under-provisioned"],
      [`${MEMBER}/eu-west-1`, "prod/web", "over-provisioned"],
    ]);
  });

  it("lists one account's services with --account, in JSON with its account and Region", async () => {
    const run = await runCli(["recommend", "--table", tableName, "--account", MEMBER, "--json"], { env });

    expect(run.code).toBe(0);
    expect(jsonLines(run.stdout)).toEqual([
      expect.objectContaining({ account: MEMBER, region: "eu-west-1", finding: "over-provisioned" }),
    ]);
    const home = jsonLines(
      (await runCli(["recommend", "--table", tableName, "--account", "home", "--json"], { env })).stdout,
    );
    expect(home).toEqual([expect.objectContaining({ account: "home", region: "home", finding: "under-provisioned" })]);
  });

  it("explains the member's service alone with --account ACCOUNT/REGION", async () => {
    const run = await runCli(
      ["recommend", "--table", tableName, "--account", `${MEMBER}/eu-west-1`, "--cluster", "prod", "--service", "web"],
      { env },
    );

    expect(run.stdout.split("\n")[0]).toBe(`${MEMBER}/eu-west-1`);
    expect(run.stdout).toContain("prod/web (web:7): over-provisioned");
    expect(run.stdout).not.toContain("under-provisioned");
  });

  it("names the known accounts in one line for an account it has nothing for", async () => {
    const run = await runCli(["recommend", "--table", tableName, "--account", "777788889999"], { env });

    expect(run.code).toBe(1);
    expect(run.stderr.trim().split("\n")).toEqual([
      expect.stringContaining(`no services in account 777788889999 (known accounts: ${MEMBER}/eu-west-1, home)`),
    ]);
  });

  it("rejects an --account that is no account as a usage mistake", async () => {
    const run = await runCli(["recommend", "--table", tableName, "--account", "payments"], { env });

    expect(run.code).toBe(2);
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
  });
});

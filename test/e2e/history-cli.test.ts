import { beforeAll, describe, expect, inject, it } from "vitest";
import { jsonLines, runCli } from "../support/cli.ts";
import { freshHistoryTable } from "../support/dynamodb.ts";
import { type SeedEntry, timelineEntries, writeTimeline } from "../support/timeline-seed.ts";

// `guardrails history` on a "deployed" table (the shared DynamoDB Local, named with --table):
// the filters, the short cursor and a table that fits the terminal.

const DAY = 86_400_000;
const ago = (days: number, minutes = 0) => new Date(Date.now() - days * DAY - minutes * 60_000).toISOString();
const TD = "arn:aws:ecs:us-east-1:123456789012:task-definition/web:41";
const LONG = `Roll back prod/web from ${TD} to arn:aws:ecs:us-east-1:123456789012:task-definition/web:40: 3 task failures of the new revision (3 out-of-memory) in 10 minutes`;

/** 40 days of history: a decision every 10 entries, the rest deployments and stopped tasks. */
const SEEDS: SeedEntry[] = Array.from({ length: 40 }, (_, i) => ({
  type: i % 10 === 3 ? "decision" : i % 2 ? "task-stopped" : "deployment",
  time: ago(i),
  summary: i % 10 === 3 ? LONG : undefined,
}));

const MEMBER = "444455556666";
let env: Record<string, string>;
let table: string;
const args = (...more: string[]) => ["history", "--cluster", "prod", "--service", "web", "--table", table, ...more];

beforeAll(async () => {
  const fresh = await freshHistoryTable();
  table = fresh.tableName;
  await writeTimeline(fresh.client, table, timelineEntries({ cluster: "prod", service: "web" }, SEEDS));
  // A member account's prod/web behind a hub: the same names, its own history.
  const member = { cluster: "prod", service: "web", account: MEMBER, region: "eu-west-1" };
  await writeTimeline(fresh.client, table, timelineEntries(member, SEEDS.slice(0, 2)));
  env = {
    AWS_REGION: "us-east-1",
    AWS_ACCESS_KEY_ID: "local",
    AWS_SECRET_ACCESS_KEY: "local",
    AWS_ENDPOINT_URL_DYNAMODB: inject("dynamoEndpoint"),
  };
});

describe("guardrails history", () => {
  it("shows only decisions with --decisions, only one kind with --type, and only recent entries with --since", async () => {
    const decisions = jsonLines((await runCli(args("--decisions", "--json"), { env })).stdout);
    const stopped = jsonLines(
      (await runCli(args("--type", "task-stopped", "--since", "10d", "--json"), { env })).stdout,
    );
    const since = jsonLines((await runCli(args("--since", ago(5, 1), "--json"), { env })).stdout);

    expect(decisions).toHaveLength(4);
    expect(decisions.every((e) => e["type"] === "decision" && e["summary"] === LONG)).toBe(true);
    expect(stopped.map((e) => e["type"])).toEqual(Array(4).fill("task-stopped"));
    expect(since).toHaveLength(6);
  });

  it("pages with a short cursor: `more: --after X` resumes right after the page's last entry", async () => {
    const all = jsonLines((await runCli(args("--all", "--json"), { env })).stdout);
    const first = await runCli(args("--limit", "15"), { env });
    const cursor = /^more: --after (\S+)$/m.exec(first.stdout)?.[1];
    const second = await runCli(args("--limit", "15", "--after", cursor ?? "", "--json"), { env });

    expect(all).toHaveLength(40);
    expect(cursor?.length).toBeLessThanOrEqual(84);
    expect(jsonLines(second.stdout)).toEqual(all.slice(15, 30));
    expect(second.stderr).toMatch(/^more: --after \S+$/m);
  });

  it("ends without a cursor when the page holds the last entry", async () => {
    const run = await runCli(args("--decisions", "--limit", "4"), { env });

    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain("more:");
  });

  it("fits a table to COLUMNS: ARNs by name, the summary cut, the whole text in --json", async () => {
    const run = await runCli(args("--decisions"), { env: { ...env, COLUMNS: "60" } });
    const lines = run.stdout.trimEnd().split("\n");

    expect(run.code).toBe(0);
    expect(lines.length).toBe(6);
    expect(lines.filter((l) => [...l].length > 60)).toEqual([]);
    expect(run.stdout).not.toContain("arn:aws");
    expect(lines[2]).toMatch(/decision\s+Roll back prod\/web.*…$/);
  });

  it("says in one line which kinds exist for a --type it does not know", async () => {
    const run = await runCli(args("--type", "deploy"), { env });

    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr.trim().split("\n")).toEqual([expect.stringContaining("expected one of: task-stopped,")]);
  });

  it("reads a member's prod/web with --account ACCOUNT/REGION, named with its account and Region", async () => {
    const member = await runCli(args("--account", `${MEMBER}/eu-west-1`, "--json"), { env });
    const text = await runCli(args("--account", `${MEMBER}/eu-west-1`), { env });
    const home = jsonLines((await runCli(args("--all", "--json"), { env })).stdout);

    expect(jsonLines(member.stdout)).toHaveLength(2);
    expect(jsonLines(member.stdout).every((e) => e["account"] === MEMBER)).toBe(true);
    expect(text.stdout).toContain(`${MEMBER}/eu-west-1 prod/web`);
    expect(home).toHaveLength(40);
  });

  it("says in one line that --account needs the member's Region", async () => {
    const run = await runCli(args("--account", MEMBER), { env });

    expect(run.code).toBe(2);
    expect(run.stderr.trim().split("\n")).toEqual([expect.stringContaining(`${MEMBER}/eu-west-1`)]);
  });
});

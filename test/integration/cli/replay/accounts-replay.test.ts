import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readReplayInput, type ReplayInput } from "@ecs-guardrails/cli/replay/input";
import type { LocalStack } from "@ecs-guardrails/cli/runtime/stack";
import { jsonLines, runCli } from "../../../support/cli.ts";
import { replayed } from "../../../support/replay.ts";

// A stream of several accounts behind one hub (issue 23): each event goes to its envelope's
// account and Region, each member's services live in its own simulated ECS, and replay acts in
// a member as live does, as the member's role (assumed through the simulator's STS).

const FIXTURES = new URL("../../../fixtures/replay-accounts/", import.meta.url).pathname;
const fixture = (name: string) => readReplayInput(`${FIXTURES}${name}`);
const PAYMENTS = "444455556666";
const SEARCH = "777788889999";

/** The simulated ECS's revision of a service, as the replay left it. */
const revisionIn = (stack: LocalStack, account: string | undefined) =>
  (account ? stack.members.get(account)! : stack.sim).describeServices({ cluster: "prod", services: ["web"] })
    .services?.[0]?.taskDefinition;

async function replayKeepingStack(input: ReplayInput, before?: (stack: LocalStack) => void) {
  let stack: LocalStack | undefined;
  const outcome = await replayed(input, {
    onStarted: (s) => {
      stack = s;
      before?.(s);
    },
  });
  return { ...outcome, stack: stack! };
}

describe("replay of a stream from two accounts with the same prod/web", () => {
  it("rolls back once, in the crash-looping member's account and Region, through that account's role", async () => {
    const { actions, notifications, stack } = await replayKeepingStack(
      fixture("two-accounts-crash-loop-scenario.json"),
    );

    expect(actions.map((a) => [a.account, a.region, a.cluster, a.service, a.policy, a.action, a.verdict])).toEqual([
      [PAYMENTS, "eu-west-1", "prod", "web", "auto-rollback", "rollback", "acted"],
    ]);
    // The member's simulated ECS was rolled back (its role's keys reach it); home's prod/web never moved.
    expect(revisionIn(stack, PAYMENTS)).toMatch(/:task-definition\/web:41$/);
    expect(stack.sim.describeServices({ cluster: "prod", services: ["web"] }).services?.[0]?.deployments).toHaveLength(
      1,
    );
    expect(notifications.some((n) => n.includes("web"))).toBe(true);
  }, 120_000);

  it("names an account that is neither home nor a member in one line", async () => {
    const input = fixture("two-accounts-crash-loop-scenario.json");

    // A hub's configuration (it names a member), without the stream's second account among its members.
    const config = {
      organization: { members: [{ account: "999988887777" }] },
      policies: { "auto-rollback": { mode: "enforce" } },
    };
    await expect(replayed(input, { config })).rejects.toThrow(
      /^the stream has events from account 444455556666, which is neither its home account \(123456789012\) nor in organization\.members/,
    );
  });
});

describe("replay of a stream whose member's role was removed", () => {
  it("gives one notice for that account while the other member is rolled back", async () => {
    // Half an hour on: the scheduled reconcile looks at each account (every 5 minutes).
    const input = { ...fixture("three-accounts-crash-loop-scenario.json"), until: "2026-11-20T10:30:00Z" };

    const { actions, lines, stack } = await replayKeepingStack(input, (s) => s.memberRoles.get(PAYMENTS)!.clear());

    expect(actions.map((a) => [a.account, a.cluster, a.service, a.action, a.verdict])).toEqual([
      [SEARCH, "prod", "web", "rollback", "acted"],
    ]);
    const unreachable = lines.filter((l) => l.type === "notification" && l.title.includes("cannot reach"));
    expect(unreachable).toEqual([
      expect.objectContaining({
        account: PAYMENTS,
        region: "eu-west-1",
        title: `The guardrails cannot reach account ${PAYMENTS} (eu-west-1); its services are not looked at`,
      }),
    ]);
    expect(revisionIn(stack, SEARCH)).toMatch(/web:41$/);
    expect(revisionIn(stack, PAYMENTS)).toMatch(/web:42$/);
    // Its events are given up on as live's ingest gives them up (AccessDenied after the retries).
    const rejected = lines.filter((l) => l.type === "rejected").map((l) => (l.type === "rejected" ? l.error : ""));
    expect(rejected.length).toBeGreaterThan(0);
    expect(rejected.every((e) => e.includes("DescribeServices failed for prod/web"))).toBe(true);
  }, 120_000);
});

describe("guardrails replay's report of several accounts", () => {
  const file = `${FIXTURES}two-accounts-crash-loop-scenario.json`;

  it("adds an account column naming each line's account and Region", async () => {
    const run = await runCli(["replay", file]);

    expect(run.code).toBe(0);
    const header = run.stdout.split("\n").find((l) => l.startsWith("AT "));
    expect(header).toMatch(/^AT\s+ACCOUNT\s+CLUSTER\s+SERVICE\s+POLICY/);
    expect(run.stdout).toMatch(/444455556666\/eu-west-1\s+prod\s+web\s+auto-rollback\s+rollback/);
  }, 120_000);

  it("names every line's account and Region in --json, and home's in the summary", async () => {
    const lines = jsonLines((await runCli(["replay", file, "--json"])).stdout);

    expect(lines.filter((l) => l["type"] === "inferred")).toEqual([]);
    const placed = lines.filter((l) => l["type"] === "action" || l["type"] === "notification");
    expect(placed.length).toBeGreaterThan(1);
    expect(placed.every((l) => l["account"] === "444455556666" && l["region"] === "eu-west-1")).toBe(true);
    expect(lines.at(-1)).toMatchObject({ type: "summary", home: { account: "123456789012", region: "us-east-1" } });
  }, 120_000);
});

describe("guardrails replay of two accounts' streams with one --config", () => {
  it("merges them and rolls back in the member's account only", async () => {
    const input = fixture("two-accounts-crash-loop-scenario.json");
    const dir = mkdtempSync(join(tmpdir(), "replay-accounts-"));
    // Each account's export: its service line, then its envelopes.
    const streamOf = (account: string | undefined) => {
      const services = input.services
        .filter((s) => s.account === account)
        .map((s) => ({ guardrails: "service", ...s }));
      const events = input.events.filter((e) => (e as { account: string }).account === (account ?? "123456789012"));
      return [...services, ...events].map((l) => JSON.stringify(l)).join("\n");
    };
    writeFileSync(join(dir, "home.jsonl"), streamOf(undefined));
    writeFileSync(join(dir, "payments.jsonl"), streamOf(PAYMENTS));
    writeFileSync(join(dir, "config.json"), JSON.stringify(input.config));

    const run = await runCli([
      "replay",
      join(dir, "home.jsonl"),
      join(dir, "payments.jsonl"),
      "--config",
      join(dir, "config.json"),
      "--json",
    ]);

    expect(run.code).toBe(0);
    const actions = jsonLines(run.stdout).filter((l) => l["type"] === "action");
    expect(actions.map((a) => [a["account"], a["region"], a["cluster"], a["service"], a["action"]])).toEqual([
      [PAYMENTS, "eu-west-1", "prod", "web", "rollback"],
    ]);
  }, 120_000);
});

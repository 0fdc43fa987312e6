import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { parseConfig } from "@ecs-guardrails/core/config/load";
import { demoOverride } from "@ecs-guardrails/cli/runtime/demo";
import { DEMO_MEMBERS, demoMembers, setUpMemberDemo } from "@ecs-guardrails/cli/runtime/demo-accounts";
import { startStack } from "@ecs-guardrails/cli/runtime/stack";
import type { EngineResult } from "@ecs-guardrails/core/engine/run";
import { freshHistoryTable } from "../../../support/dynamodb.ts";
import { jsonLines, type Run, runCli } from "../../../support/cli.ts";

// The proof of export and replay across accounts: `npm start -- --accounts 3`'s runtime (a hub
// with two simulated members, payments' new revision running out of memory) runs live into a
// history table; `guardrails export` writes every account's lines with their account and
// Region; the export replays to live's decisions, each in agreement with its recorded twin.

const [PAYMENTS, SEARCH] = [DEMO_MEMBERS[0].account, DEMO_MEMBERS[1].account];
const config = {
  overrides: [demoOverride],
  organization: { members: [{ account: PAYMENTS }, { account: SEARCH }] },
};
const pick = (l: Record<string, unknown>) => [
  l["account"],
  l["region"],
  l["cluster"],
  l["service"],
  l["policy"],
  l["action"],
  l["at"],
];

describe("export of a live run across three accounts, then replay", () => {
  const dir = mkdtempSync(join(tmpdir(), "export-accounts-"));
  const endpoint = inject("dynamoEndpoint");
  const acted: Record<string, unknown>[] = [];
  let tableName: string;
  let since: string;
  const exportWith = (...flags: string[]) =>
    runCli(["export", "--table", tableName, "--endpoint", endpoint, "--since", since, ...flags]);
  let exported: Run;

  beforeAll(async () => {
    ({ tableName } = await freshHistoryTable());
    // An hour ago, so the export's days are few.
    const start = Math.floor((Date.now() - 3_600_000) / 60_000) * 60_000;
    since = new Date(start - 60_000).toISOString();
    const record = (results: EngineResult[]) => {
      for (const r of results)
        if (!r.duplicate && r.decision.action)
          acted.push({ ...r.ref, policy: r.decision.policy, action: r.decision.action.type, at: r.record.time });
    };
    const stack = await startStack({
      config: parseConfig({ overrides: [demoOverride] }),
      members: demoMembers(3).map((m) => m.account),
      simulatorEmits: true,
      scheduleReconcile: true,
      start,
      sharedDynamo: { endpoint, tableName },
      onResult: (r) => record(r.results),
      onReconcile: (r) => record(r.results),
    });
    try {
      setUpMemberDemo(stack);
      // Payments' new revision fails while it rolls out, so the guardrails' first sight of the
      // service (kept for the export) still lists the known-good deployment beside it.
      stack.members
        .get(PAYMENTS)!
        .setFault({ taskDefinition: "orders:2" }, { kind: "out-of-memory", afterSeconds: 20 });
      await stack.advance(15 * 60_000, 5000);
    } finally {
      await stack.stop();
    }
    exported = await exportWith();
    writeFileSync(join(dir, "events.jsonl"), exported.stdout);
    writeFileSync(join(dir, "config.json"), JSON.stringify(config));
  }, 180_000);

  it("writes every account's services, envelopes and decisions with their account and Region", () => {
    expect(exported.code).toBe(0);
    expect(acted.map((a) => [a["account"], a["action"]])).toEqual([[PAYMENTS, "rollback"]]);
    const lines = jsonLines(exported.stdout);
    const services = lines.filter((l) => l["guardrails"] === "service");
    // Seeds are kept at first sight, where a decision needed the service: payments'.
    expect(services.map((s) => `${s["account"]}/${s["region"]} ${s["cluster"]}/${s["name"]}`)).toEqual([
      `${PAYMENTS}/us-east-1 demo/orders`,
    ]);
    const envelopes = lines.filter((l) => !("guardrails" in l));
    expect(new Set(envelopes.map((e) => e["account"]))).toEqual(new Set([PAYMENTS, SEARCH]));
    const decisions = lines.filter((l) => l["guardrails"] === "decision");
    expect(decisions.map(pick)).toEqual(acted.map((a) => pick({ ...a, service: a["service"] })));
  });

  it("keeps one account's lines with --account, and one Region of it with ACCOUNT/REGION", async () => {
    const [one, region, other] = await Promise.all([
      exportWith("--account", SEARCH),
      exportWith("--account", `${PAYMENTS}/us-east-1`),
      exportWith("--account", `${PAYMENTS}/eu-west-1`),
    ]);

    // The reconcile's ticks cover every account's pass: they name no account.
    const accounts = (run: Run) =>
      new Set(
        jsonLines(run.stdout)
          .filter((l) => l["guardrails"] !== "tick")
          .map((l) => l["account"]),
      );
    expect(accounts(one)).toEqual(new Set([SEARCH]));
    expect(accounts(region)).toEqual(new Set([PAYMENTS]));
    expect(jsonLines(region.stdout).filter((l) => l["guardrails"] === "decision")).toHaveLength(1);
    expect(other.stdout).toBe("");
  }, 60_000);

  it("replays the export to the live decisions, each in agreement with its recorded twin", async () => {
    const replayed = await runCli([
      "replay",
      join(dir, "events.jsonl"),
      "--config",
      join(dir, "config.json"),
      "--json",
    ]);

    expect(replayed.code).toBe(0);
    const lines = jsonLines(replayed.stdout);
    const actions = lines.filter((l) => l["type"] === "action");
    expect(actions.map((a) => [a["account"], a["cluster"], a["service"], a["action"]])).toEqual([
      [PAYMENTS, "demo", "orders", "rollback"],
    ]);
    const compared = lines.filter((l) => l["type"] === "comparison");
    expect(compared.map((c) => [c["account"], c["difference"] ?? c["verdict"]])).toEqual([[PAYMENTS, "agrees"]]);
  }, 120_000);
});

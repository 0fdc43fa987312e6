import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { jsonLines, type Run, runCli } from "../../../support/cli.ts";
import { parsed } from "@ecs-guardrails/cli/replay/facts";
import { fixture, live, type Outcome, shared } from "../../../support/replay.ts";

// The proof of `guardrails export`: a stream run live through `npm start`'s runtime (the local
// EventBridge intake, the ingest and reconcile functions, a history table in DynamoDB Local),
// the table exported with the real SDK, the export replayed: replay decides what live decided,
// and its report finds live's recorded decisions beside its own.

const pick = (a: Record<string, unknown>) => [a["policy"], a["action"], a["cluster"], a["service"], a["at"]];

// A plain stream (replay infers its service), a scenario whose service only its `services`
// describe (the known-good revision's whole configuration), and one whose known-good deployment
// has drained when the guardrails first see the service (its release completed: only ECS's
// deployment history names it): the export carries that starting state, taken at the
// guardrails' first sight of the service.
describe.each([
  "late-failure-plain-stream.json",
  "revision-rollback-scenario.json",
  "drained-known-good-scenario.json",
])("guardrails export of %s, then replay", (name) => {
  const input = fixture(name);
  const dir = mkdtempSync(join(tmpdir(), "export-"));
  let inLive: Outcome;
  let exported: Run;
  let since: string;
  const replayWith = (config: unknown) => {
    writeFileSync(join(dir, "config.json"), JSON.stringify(config));
    return runCli(["replay", join(dir, "events.jsonl"), "--config", join(dir, "config.json"), "--json"]);
  };

  beforeAll(async () => {
    const table = shared();
    inLive = await live(input, table);
    since = new Date(Date.parse((input.events[0] as { time: string }).time) - 3_600_000).toISOString();
    exported = await runCli(["export", "--table", table.tableName, "--endpoint", table.endpoint, "--since", since]);
    writeFileSync(join(dir, "events.jsonl"), exported.stdout);
  }, 180_000);

  it("exports every event live received and the decisions it recorded", () => {
    expect(exported.code).toBe(0);
    expect(exported.stderr).toBe(
      `exported 1 service, ${input.events.length} events and ${inLive.actions.length} recorded decisions since ${since}\n`,
    );
    const lines = jsonLines(exported.stdout);
    // The local intake gives each put event an envelope of its own (a new id): the same details,
    // in the order delivered (the events EventBridge would never deliver left out).
    const kept = lines.filter((l) => !("guardrails" in l));
    // The service's starting state first, as live saw it at first sight (decisions read its
    // revision: the scenario's known-good deployment keeps its whole configuration).
    const services = lines.filter((l) => l["guardrails"] === "service");
    expect(lines.slice(0, services.length)).toEqual(services);
    expect(services.map((s) => `${s["cluster"]}/${s["name"]}`)).toEqual(["shop/web"]);
    const detail = (e: unknown) => JSON.stringify((e as { detail: unknown }).detail);
    expect(kept.map(detail)).toEqual(input.events.filter((e) => parsed(e) !== undefined).map(detail));
    expect(lines.filter((l) => l["guardrails"] === "decision").map(pick)).toEqual(inLive.actions.map((a) => pick(a)));
  });

  it("replays the export to the live decisions, each in agreement with its recorded twin", async () => {
    expect(inLive.actions.length).toBeGreaterThan(0);

    const replayed = await replayWith(input.config);

    expect(replayed.code).toBe(0);
    const lines = jsonLines(replayed.stdout);
    expect(lines.filter((l) => l["type"] === "action").map(pick)).toEqual(inLive.actions.map((a) => pick(a)));
    const compared = lines.filter((l) => l["type"] === "comparison");
    // Target and reason included: a pair that differs names its difference.
    expect(compared.map((c) => c["difference"] ?? c["verdict"])).toEqual(inLive.actions.map(() => "agrees"));
  }, 120_000);

  it("reports what a candidate config would not do as a difference", async () => {
    const replayed = await replayWith({ policies: { "auto-rollback": { mode: "off" } } });

    const compared = jsonLines(replayed.stdout).filter((l) => l["type"] === "comparison");
    expect(compared.map((c) => [c["verdict"], c["difference"], c["action"]])).toEqual(
      inLive.actions.map((a) => ["differs", "only-recorded", a.action]),
    );
  }, 120_000);
});

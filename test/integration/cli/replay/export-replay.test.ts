import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { jsonLines, runCli } from "../../../support/cli.ts";
import { fixture, live, shared } from "../../../support/replay.ts";

// The proof of `guardrails export`: a stream run live through `npm start`'s runtime (the local
// EventBridge intake, the ingest and reconcile functions, a history table in DynamoDB Local),
// the table exported, the export replayed: replay decides what live decided, and its report
// finds live's recorded decisions beside its own, all in agreement.

const pick = (a: Record<string, unknown>) => [a["policy"], a["action"], a["cluster"], a["service"], a["at"]];

describe("guardrails export, then replay", () => {
  it.each(["circuit-breaker-rollback-plain-stream.json", "late-failure-plain-stream.json"])(
    "replays the exported table of a live run of %s to the live decisions",
    async (name) => {
      const input = fixture(name);
      const table = shared();
      const inLive = await live(input, table);
      expect(inLive.actions.length).toBeGreaterThan(0);
      const dir = mkdtempSync(join(tmpdir(), "export-"));
      const since = new Date(Date.parse(String((input.events[0] as { time: string }).time)) - 3_600_000).toISOString();

      const exported = await runCli([
        "export",
        ...["--table", table.tableName, "--endpoint", table.endpoint, "--since", since],
      ]);
      expect(exported.stderr).toBe("");
      expect(exported.code).toBe(0);
      writeFileSync(join(dir, "events.jsonl"), exported.stdout);
      writeFileSync(join(dir, "config.json"), JSON.stringify(input.config));
      const replayed = await runCli(["replay", join(dir, "events.jsonl"), "--config", join(dir, "config.json"), "--json"]);

      expect(replayed.code).toBe(0);
      const lines = jsonLines(replayed.stdout);
      const actions = lines.filter((l) => l["type"] === "action");
      expect(actions.map(pick)).toEqual(inLive.actions.map((a) => pick(a)));
      const compared = lines.filter((l) => l["type"] === "comparison");
      expect(compared.map((c) => c["verdict"])).toEqual(inLive.actions.map(() => "agrees"));
    },
    180_000,
  );
});

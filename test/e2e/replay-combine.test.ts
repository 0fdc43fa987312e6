import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { jsonLines, runCli } from "../support/cli.ts";

// Several streams, one configuration: the fixtures each carry their own config; --config
// stands over them, equal configs combine, and differing ones without --config are one line.

const at = (name: string) => new URL(`../fixtures/replay/${name}`, import.meta.url).pathname;
const CRASH = at("crash-loop-scenario.json");
const SPOT = at("spot-outage-scenario.json");
const LATE = at("late-failure-plain-stream.json");

describe("guardrails replay of several files", () => {
  it("refuses files whose configs differ without --config, in one line naming both", async () => {
    const run = await runCli(["replay", CRASH, SPOT, "--json"]);

    expect(run.code).toBe(1);
    expect(run.stderr.trim().split("\n")).toEqual([
      `guardrails replay: ${CRASH} and ${SPOT} carry different configs: pass the one to replay with --config`,
    ]);
  });

  it("replays them under one --config, which stands over each file's own", async () => {
    const dir = mkdtempSync(join(tmpdir(), "combine-"));
    const config = { policies: { "auto-rollback": { mode: "enforce" }, "spot-fallback": { mode: "observe" } } };
    writeFileSync(join(dir, "candidate.json"), JSON.stringify(config));

    const run = await runCli(["replay", CRASH, SPOT, "--config", join(dir, "candidate.json"), "--json"]);

    expect(run.code).toBe(0);
    const actions = jsonLines(run.stdout).filter((l) => l["type"] === "action");
    expect(actions.find((a) => a["action"] === "rollback")).toMatchObject({ service: "web", mode: "enforce" });
    expect(actions.find((a) => a["action"] === "capacity-fallback")).toMatchObject({
      service: "queue",
      mode: "observe",
    });
  }, 120_000);

  it("combines files that carry the same config", async () => {
    const run = await runCli(["replay", CRASH, LATE, "--json"]);

    expect(run.stderr).not.toContain("config");
    expect(run.code).toBe(0);
    const services = jsonLines(run.stdout)
      .filter((l) => l["type"] === "action")
      .map((a) => `${a["cluster"]}/${a["service"]}`);
    expect(new Set(services)).toEqual(new Set(["prod/web", "shop/web"]));
  }, 120_000);
});

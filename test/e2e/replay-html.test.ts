import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../support/cli.ts";

const fixture = (name: string) => new URL(`../fixtures/replay/${name}`, import.meta.url).pathname;

describe("guardrails replay --html", () => {
  it("writes one self-contained report with the rollback marked on its timeline and the threshold line", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "guardrails-report-")), "report.html");
    const run = await runCli(["replay", fixture("crash-loop-scenario.json"), "--html", file]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Report written to ${file}`);
    const html = readFileSync(file, "utf8");
    expect(html).toMatch(/<text[^>]*>rollback threshold: 3 failures<\/text>/);
    expect(html).toContain("web:42 ✕ rolled back");
    expect(html).toContain("3 task failures of the new revision (3 crash) reached the threshold of 3");
    // As of the last event (10:02:40), not the replay's start.
    expect(html).toContain("as of 2026-11-20 10:02:40Z");
    expect(html).not.toContain("as of 2026-11-20 09:59:59Z");
    // Nothing to fetch and nothing to run: no script, no external stylesheet, image or font.
    expect(html).not.toMatch(/<script|<link |src="http|url\(http/i);
    // Links go to anchors inside the file, and every anchor has its target.
    const targets = [...html.matchAll(/href="#([^"]+)"/g)].map((m) => m[1]!);
    expect(targets.length).toBeGreaterThan(0);
    for (const id of targets) expect(html).toContain(`id="${id}"`);
  });

  it("gives the Spot incidents with their durations", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "guardrails-report-")), "spot.html");
    expect((await runCli(["replay", fixture("spot-outage-scenario.json"), "--json", "--html", file])).code).toBe(0);
    const durations = [...readFileSync(file, "utf8").matchAll(/class="duration">([^<]+)</g)].map((m) => m[1]);
    expect(durations).toEqual(["1 h 05 min", "34 min"]);
  });
});

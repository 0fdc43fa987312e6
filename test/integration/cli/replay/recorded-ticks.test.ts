import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readReplayInput } from "@ecs-guardrails/cli/replay/input";
import { fixture, replayed } from "../../../support/replay.ts";

// Issue 21: live's reconcile runs on its own schedule (in AWS from when `rate(5 minutes)` was
// created), and an export carries the times it ran. Replay runs its reconcile at exactly those
// times, so a decision only a tick makes (the return from Spot fallback) comes at live's
// millisecond, and a tick live missed is missed in replay too.

const scenario = fixture("spot-outage-scenario.json");
const service = scenario.services[0]!;
const MINUTE = 60_000;
/** Live's ticks: every 5 minutes from 09:55:02.502, an odd millisecond no event carries. */
const liveTicks = (skip: (at: string) => boolean = () => false) =>
  Array.from({ length: 30 }, (_, n) =>
    new Date(Date.parse("2026-11-20T09:55:02.502Z") + n * 5 * MINUTE).toISOString(),
  ).filter((at) => !skip(at));

/** The scenario as an exported stream: the service's line, the envelopes, the tick lines. */
function exported(ticks: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), "ticks-"));
  const lines = [
    { guardrails: "service", ...service },
    ...scenario.events,
    ...ticks.map((at) => ({ guardrails: "tick", at })),
  ];
  writeFileSync(join(dir, "events.jsonl"), lines.map((l) => JSON.stringify(l)).join("\n"));
  return join(dir, "events.jsonl");
}

const restores = async (ticks: string[]) => {
  const input = readReplayInput(exported(ticks));
  const { actions } = await replayed({ ...input, config: scenario.config, until: scenario.until });
  return actions.filter((a) => a.action === "capacity-restore").map((a) => a.at);
};

describe("replay of a stream with recorded reconcile ticks", () => {
  it("returns from Spot at the millisecond of live's tick, not on a grid of its own", async () => {
    const ticks = liveTicks();

    const at = await restores(ticks);

    // The outage's two fallbacks each return at a tick of live's.
    expect(at).toHaveLength(2);
    for (const restore of at) expect(ticks).toContain(restore);
  }, 120_000);

  it("misses the tick live missed: the return waits for the next recorded one", async () => {
    const all = await restores(liveTicks());
    const missed = all[0]!;

    const at = await restores(liveTicks((t) => t === missed));

    expect(at[0]).toBe(new Date(Date.parse(missed) + 5 * MINUTE).toISOString());
  }, 120_000);
});

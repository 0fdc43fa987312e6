import { readReplayInput } from "@ecs-guardrails/cli/replay/input";
import { describe, expect, it } from "vitest";
import { replayed } from "../support/replay.ts";

// `guardrails replay --until` keeps the simulated clock and the reconcile running after the
// last event: a night window (20:00–07:00 Europe/Berlin, 1 task) over two simulated nights.

const scenario = readReplayInput(
  new URL("../fixtures/scheduled-scaling/night-scenario.json", import.meta.url).pathname,
);

describe("replay of a scheduled service", () => {
  it("shows each night's scale-down and each morning's restore, at the first tick after each transition", async () => {
    const { actions, notifications } = await replayed(scenario, { until: "2026-11-22T08:00:00Z" });

    expect(actions.map((a) => [a.at, a.policy, a.verdict, a.desiredCount])).toEqual([
      ["2026-11-20T19:04:59.000Z", "scheduled-scaling", "acted", 1],
      ["2026-11-21T06:04:59.000Z", "scheduled-scaling", "acted", 4],
      ["2026-11-21T19:04:59.000Z", "scheduled-scaling", "acted", 1],
      ["2026-11-22T06:04:59.000Z", "scheduled-scaling", "acted", 4],
    ]);
    expect(notifications).toEqual([
      'info Scale prod/batch for window "night": 1 task',
      'info Restore prod/batch after window "night"',
      'info Scale prod/batch for window "night": 1 task',
      'info Restore prod/batch after window "night"',
    ]);
  }, 120_000);
});

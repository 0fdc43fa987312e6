import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  parseScheduledScalingSettings,
  scheduledScalingSettings,
  scheduleReferenceProblems,
} from "@ecs-guardrails/core/capabilities/scheduled-scaling/settings";
import { windowsOf } from "@ecs-guardrails/core/capabilities/scheduled-scaling/windows-of";
// The window maths, as the reconcile loads it (the tick evaluates the schedule through it).
import "@ecs-guardrails/core/time/holds";

// The schedule example in docs/capabilities/scheduled-scaling.md is valid configuration (checked against the code, so the
// documentation cannot drift from the schema).

const page = readFileSync(new URL("../../../../../docs/capabilities/scheduled-scaling.md", import.meta.url), "utf8");
const section = page.slice(page.indexOf("## Schedule format"));
const example = JSON.parse(/```json\n([\s\S]*?)\n```/.exec(section)![1]!) as {
  policies: { "scheduled-scaling": unknown };
  overrides: { policies: Record<string, unknown> }[];
};

describe("the README's scheduled-scaling example", () => {
  it("parses, its overrides parse and name defined schedules", () => {
    const settings = parseScheduledScalingSettings(example.policies["scheduled-scaling"]);
    for (const o of example.overrides)
      expect(scheduledScalingSettings.override.safeParse(o.policies["scheduled-scaling"]).success).toBe(true);
    expect(scheduleReferenceProblems(settings, example.overrides as never)).toEqual([]);
    expect(windowsOf({ ...settings, schedule: "nights" }).map((w) => w.name)).toEqual(["nights", "weekend"]);
  });
});

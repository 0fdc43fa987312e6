import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  RIGHT_SIZING_DEFAULTS,
  rightSizingSettings as definition,
  rightSizingTags,
} from "@ecs-guardrails/core/capabilities/right-sizing/settings";
import { rightSizingDefinition } from "@ecs-guardrails/core/capabilities/right-sizing/index";

const rightSizingSettings = definition.full;
const rightSizingOverrides = definition.override;

describe("right-sizing settings", () => {
  it("fills every default from nothing", () => {
    expect(rightSizingSettings.parse(undefined)).toEqual(RIGHT_SIZING_DEFAULTS);
    expect(rightSizingSettings.parse({ cpuPercentile: 90 })).toMatchObject({
      mode: "observe",
      cpuPercentile: 90,
      memoryPercentile: 100,
    });
  });

  it("refuses enforce with a message naming the key", () => {
    const result = rightSizingSettings.safeParse({ mode: "enforce" });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(["mode"]);
    expect(result.error?.issues[0]?.message).toBe(
      "enforce is not supported: right-sizing only recommends (off or observe); apply a recommendation yourself",
    );
    // Overrides refuse it the same way.
    expect(rightSizingOverrides.safeParse({ mode: "enforce" }).error?.issues[0]?.message).toMatch(
      /^enforce is not supported/,
    );
  });

  it("names a wrong value other than enforce plainly", () => {
    expect(rightSizingSettings.safeParse({ mode: "on" }).error?.issues[0]?.message).toBe(
      'expected off or observe, got "on"',
    );
  });

  it.each([
    [{ cpuPercentile: 101 }, "cpuPercentile"],
    [{ minHistoryHours: 0 }, "minHistoryHours"],
    [{ oomFactor: 0.9 }, "oomFactor"],
    [{ lookbackDays: 456 }, "lookbackDays"],
    [{ prices: { "eu-west-1": { x86_64: { vcpuHour: 0.05, gbHour: 0.005 } } } }, "prices"],
    [{ spotDiscount: 70 }, ""],
  ])("rejects %j at %s", (input, key) => {
    const issues = rightSizingSettings.safeParse(input).error?.issues ?? [];
    expect(issues.length).toBeGreaterThan(0);
    expect(issues[0]!.path.join(".")).toMatch(new RegExp(`^${key}`));
  });

  it("accepts a partial override and adds no defaults to it", () => {
    expect(rightSizingOverrides.parse({ cpuMarginPercent: 25 })).toEqual({ cpuMarginPercent: 25 });
    expect(rightSizingOverrides.parse(undefined)).toBeUndefined();
  });

  it("names only numeric settings in its tags, and registers as a definition without event decisions", () => {
    const defaults = RIGHT_SIZING_DEFAULTS as Record<string, unknown>;
    for (const { key } of Object.values(rightSizingTags)) expect(typeof defaults[key], key).toBe("number");
    expect(rightSizingDefinition).toMatchObject({ id: "right-sizing", tags: rightSizingTags, policy: undefined });
  });

  it("nests into a policies object as config/schema.ts does", () => {
    const policies = z.strictObject({ "right-sizing": rightSizingSettings });
    expect(policies.parse({})["right-sizing"].mode).toBe("observe");
    // parseConfig prints "policies.right-sizing.mode: enforce is not supported: …" from this path.
    const wrong = policies.safeParse({ "right-sizing": { mode: "enforce" } }).error?.issues[0];
    expect(wrong?.path).toEqual(["right-sizing", "mode"]);
  });
});

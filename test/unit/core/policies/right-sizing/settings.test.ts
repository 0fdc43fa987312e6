import { describe, expect, it } from "vitest";
import { z } from "zod";
import { RIGHT_SIZING_DEFAULTS, rightSizingOverrides, rightSizingSettings } from "@ecs-guardrails/core/policies/right-sizing/settings";

describe("right-sizing settings", () => {
  it("fills every default from nothing", () => {
    expect(rightSizingSettings.parse(undefined)).toEqual(RIGHT_SIZING_DEFAULTS);
    expect(rightSizingSettings.parse({ cpuPercentile: 90 })).toMatchObject({ mode: "observe", cpuPercentile: 90, memoryPercentile: 100 });
  });

  it("refuses enforce with a message naming the key", () => {
    const result = rightSizingSettings.safeParse({ mode: "enforce" });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(["mode"]);
    expect(result.error?.issues[0]?.message).toBe("right-sizing only recommends: policies.right-sizing.mode must be off or observe (enforce is not supported; apply a recommendation yourself)");
    // Overrides refuse it the same way.
    expect(rightSizingOverrides.safeParse({ mode: "enforce" }).error?.issues[0]?.message).toMatch(/policies\.right-sizing\.mode must be off or observe/);
  });

  it("names a wrong value other than enforce plainly", () => {
    expect(rightSizingSettings.safeParse({ mode: "on" }).error?.issues[0]?.message).toBe('expected off or observe, got "on"');
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
  });

  it("nests into a policies object as config/schema.ts does", () => {
    const policies = z.strictObject({ "right-sizing": rightSizingSettings });
    expect(policies.parse({})["right-sizing"].mode).toBe("observe");
    const wrong = policies.safeParse({ "right-sizing": { mode: "enforce" } }).error?.issues[0];
    expect(wrong?.path).toEqual(["right-sizing", "mode"]);
  });
});

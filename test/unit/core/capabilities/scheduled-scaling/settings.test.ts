import { describe, expect, it } from "vitest";
import { InvalidConfigError } from "@ecs-guardrails/core/errors";
import {
  parseScheduledScalingSettings,
  scheduleReferenceProblems,
} from "@ecs-guardrails/core/capabilities/scheduled-scaling/settings";
import { patternsOf } from "@ecs-guardrails/core/time/holds";
import { windowsOf } from "@ecs-guardrails/core/capabilities/scheduled-scaling/windows-of";

const night = { timezone: "Europe/Berlin", days: ["mon-fri"], from: "20:00", to: "07:00", desiredCount: 1 };

function problemsOf(input: unknown): string[] {
  try {
    parseScheduledScalingSettings(input);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidConfigError);
    return (error as InvalidConfigError).context["problems"] as string[];
  }
  throw new Error("expected the settings to be rejected");
}

describe("scheduled-scaling settings", () => {
  it("fills in observe mode and no windows when nothing is configured", () => {
    expect(parseScheduledScalingSettings(undefined)).toEqual({ mode: "observe", schedules: {}, windows: [] });
  });

  it("accepts a named schedule with holidays and a service that names it", () => {
    const s = parseScheduledScalingSettings({
      schedules: { nights: { windows: [night], except: ["2026-12-24", { from: "2026-12-27", to: "2026-12-31" }] } },
      schedule: "nights",
    });
    expect(s.schedules["nights"]!.except).toHaveLength(2);
    expect(s.schedule).toBe("nights");
  });

  it("rejects a bad cron expression and names the key", () => {
    const problems = problemsOf({
      windows: [{ timezone: "UTC", start: "0 25 * * *", end: "0 7 * * *", desiredCount: 1 }],
    });
    expect(problems).toEqual([
      expect.stringMatching(
        /^policies\.scheduled-scaling\.windows\.0\.start: not a 5-field cron expression \(Invalid value for hour: 25\)$/,
      ),
    ]);
  });

  it("rejects a six-field cron expression: windows use five fields", () => {
    expect(
      problemsOf({ windows: [{ timezone: "UTC", start: "0 0 20 * * *", end: "0 7 * * *", desiredCount: 1 }] })[0],
    ).toMatch(/windows\.0\.start: not a 5-field cron/);
  });

  it("rejects an unknown time zone and names the key", () => {
    expect(problemsOf({ windows: [{ ...night, timezone: "Europe/Atlantis" }] })).toEqual([
      "policies.scheduled-scaling.windows.0.timezone: unknown time zone 'Europe/Atlantis' (expected an IANA name such as Europe/Berlin)",
    ]);
  });

  it("rejects a start equal to the end, in both forms", () => {
    expect(
      problemsOf({ windows: [{ timezone: "UTC", start: "0 20 * * 1-5", end: "0  20 * * 1-5", desiredCount: 1 }] }),
    ).toEqual([
      "policies.scheduled-scaling.windows.0.end: equals start: a window needs an end different from its start",
    ]);
    expect(problemsOf({ windows: [{ ...night, to: "20:00" }] })).toEqual([
      "policies.scheduled-scaling.windows.0.to: equals from: a window needs an end different from its start",
    ]);
  });

  it("rejects a minimum greater than the maximum and names the key", () => {
    const { desiredCount: _, ...rest } = night;
    expect(problemsOf({ schedules: { nights: { windows: [{ ...rest, minCapacity: 5, maxCapacity: 2 }] } } })).toEqual([
      "policies.scheduled-scaling.schedules.nights.windows.0.minCapacity: is greater than maxCapacity (5 > 2)",
    ]);
  });

  it("allows 0 tasks only when the window says stopped", () => {
    expect(problemsOf({ windows: [{ ...night, desiredCount: 0 }] })).toEqual([
      "policies.scheduled-scaling.windows.0.desiredCount: 0 tasks stops the service: say stopped: true instead",
    ]);
    const { desiredCount: _, ...rest } = night;
    expect(problemsOf({ windows: [{ ...rest, minCapacity: 0, maxCapacity: 0 }] })[0]).toMatch(
      /windows\.0\.maxCapacity: a maximum of 0 stops the service/,
    );
    expect(parseScheduledScalingSettings({ windows: [{ ...rest, stopped: true }] }).windows[0]!.stopped).toBe(true);
  });

  it("rejects a window that says two capacities, or none", () => {
    expect(problemsOf({ windows: [{ ...night, stopped: true }] })).toEqual([
      "policies.scheduled-scaling.windows.0.desiredCount: give one of desiredCount, minCapacity/maxCapacity, or stopped: true",
    ]);
    const { desiredCount: _, ...rest } = night;
    expect(problemsOf({ windows: [rest] })).toEqual([
      "policies.scheduled-scaling.windows.0.desiredCount: a window needs desiredCount, minCapacity/maxCapacity, or stopped: true",
    ]);
  });

  it("rejects a service naming a schedule that is not defined", () => {
    expect(problemsOf({ schedules: { nights: { windows: [night] } }, schedule: "weekends" })).toEqual([
      "policies.scheduled-scaling.schedule: names no schedule defined in schedules (nights)",
    ]);
  });

  it("rejects impossible holiday dates and backwards ranges", () => {
    expect(
      problemsOf({ windows: [{ ...night, except: ["2026-02-30", { from: "2026-12-31", to: "2026-12-24" }] }] }),
    ).toEqual([
      "policies.scheduled-scaling.windows.0.except.0: expected a calendar date YYYY-MM-DD",
      "policies.scheduled-scaling.windows.0.except.1.to: from is after to",
    ]);
  });

  it("turns days and times into cron, an overnight end falling on the next day", () => {
    expect(patternsOf(parseScheduledScalingSettings({ windows: [night] }).windows[0]!)).toEqual({
      start: "0 20 * * 1,2,3,4,5",
      end: "0 7 * * 2,3,4,5,6",
    });
    const wrapped = parseScheduledScalingSettings({
      windows: [{ ...night, days: ["fri-mon"], from: "08:00", to: "18:30" }],
    }).windows[0]!;
    expect(patternsOf(wrapped)).toEqual({ start: "0 8 * * 0,1,5,6", end: "30 18 * * 0,1,5,6" });
  });
});

describe("schedule references", () => {
  it("names an override's schedule that no schedule defines, and accepts one the override defines itself", () => {
    const overrides = [
      { policies: { "scheduled-scaling": { schedule: "weekend" } } },
      { policies: { "scheduled-scaling": { schedule: "own", schedules: { own: {} } } } },
      { policies: {} },
    ];
    expect(scheduleReferenceProblems({ schedules: { nights: {} } }, overrides)).toEqual([
      "overrides.0.policies.scheduled-scaling.schedule: names no schedule defined in schedules (nights)",
    ]);
  });

  it("holds no window for a schedule name that slipped past validation, instead of failing", () => {
    const settings = { ...parseScheduledScalingSettings({}), schedule: "missing" };
    expect(windowsOf(settings)).toEqual([]);
  });
});

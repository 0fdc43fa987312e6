import { describe, expect, it } from "vitest";
import { parseConfig } from "@ecs-guardrails/core/config/load";
import { resolveSettings, tagProblemText } from "@ecs-guardrails/core/config/resolve";
import type { ConfigInput } from "@ecs-guardrails/core/config/schema";
import { InvalidConfigError } from "@ecs-guardrails/core/errors";
import { eventPolicies } from "@ecs-guardrails/core/registry";
import { scheduledScaling } from "@ecs-guardrails/core/capabilities/scheduled-scaling/index";
import type { ScheduledScalingSettings } from "@ecs-guardrails/core/capabilities/scheduled-scaling/settings";
import { wantedByTick } from "@ecs-guardrails/core/engine/reconcile";
import { REF, serviceDescription, serviceState } from "../../../../support/snapshots.ts";

// Scheduled scaling as part of guardrails.config.json and settings resolution: its settings
// in the schema, schedule references checked at load, the schedule tag, and which services the
// reconcile looks at.

const NIGHTS = {
  windows: [
    { name: "night", timezone: "Europe/Berlin", days: ["mon-fri"], from: "20:00", to: "07:00", desiredCount: 1 },
  ],
};
const CONFIG: ConfigInput = { policies: { "scheduled-scaling": { mode: "enforce", schedules: { nights: NIGHTS } } } };
const TAG = "guardrails:scheduled-scaling:schedule";

const settingsOf = (input: ConfigInput, tags: Record<string, string> = {}) =>
  resolveSettings(parseConfig(input), REF, tags);
const scheduled = (input: ConfigInput, tags: Record<string, string> = {}) =>
  settingsOf(input, tags).policies["scheduled-scaling"] as ScheduledScalingSettings;

function problemsOf(input: unknown): string[] {
  try {
    parseConfig(input);
  } catch (error) {
    if (error instanceof InvalidConfigError) return (error.context as { problems: string[] }).problems;
    throw error;
  }
  return [];
}

describe("the configuration", () => {
  it("takes scheduled scaling's settings, with observe mode and no windows by default", () => {
    expect(parseConfig({}).policies["scheduled-scaling"]).toMatchObject({
      mode: "observe",
      schedules: {},
      windows: [],
    });
    expect(parseConfig(CONFIG).policies["scheduled-scaling"].schedules["nights"]!.windows[0]).toMatchObject({
      timezone: "Europe/Berlin",
      desiredCount: 1,
    });
  });

  it("rejects a bad window, naming its key", () => {
    const bad = {
      policies: {
        "scheduled-scaling": {
          schedules: {
            nights: {
              windows: [
                { timezone: "Europe/Atlantis", start: "0 25 * * *", end: "0 7 * * *", minCapacity: 5, maxCapacity: 2 },
              ],
            },
          },
        },
      },
    };

    expect(problemsOf(bad)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^policies\.scheduled-scaling\.schedules\.nights\.windows\.0\.timezone: unknown time zone 'Europe\/Atlantis'/,
        ),
        expect.stringMatching(
          /^policies\.scheduled-scaling\.schedules\.nights\.windows\.0\.start: not a 5-field cron expression/,
        ),
        "policies.scheduled-scaling.schedules.nights.windows.0.minCapacity: is greater than maxCapacity (5 > 2)",
      ]),
    );
  });

  it("rejects a window in an override, naming the override's key", () => {
    const bad = {
      overrides: [
        {
          cluster: "prod",
          policies: {
            "scheduled-scaling": {
              windows: [{ timezone: "UTC", start: "0 7 * * *", end: "0 7 * * *", stopped: true }],
            },
          },
        },
      ],
    };

    expect(problemsOf(bad)).toEqual([
      "overrides.0.policies.scheduled-scaling.windows.0.end: equals start: a window needs an end different from its start",
    ]);
  });

  it("rejects a schedule name that names no schedule, in the policy or an override", () => {
    expect(
      problemsOf({ policies: { "scheduled-scaling": { schedule: "nigths", schedules: { nights: NIGHTS } } } }),
    ).toEqual(["policies.scheduled-scaling.schedule: names no schedule defined in schedules (nights)"]);
    expect(
      problemsOf({
        ...CONFIG,
        overrides: [{ service: "batch-*", policies: { "scheduled-scaling": { schedule: "weekends" } } }],
      }),
    ).toEqual(["overrides.0.policies.scheduled-scaling.schedule: names no schedule defined in schedules (nights)"]);
  });
});

describe("the schedule tag", () => {
  it("picks a schedule defined in config for the service", () => {
    expect(scheduled(CONFIG).schedule).toBeUndefined();
    const resolved = settingsOf(CONFIG, { [TAG]: "Nights" });

    expect((resolved.policies["scheduled-scaling"] as ScheduledScalingSettings).schedule).toBe("nights");
    expect(resolved.problems.map(tagProblemText)).toEqual([]);
  });

  it("wins over an override's schedule, and none turns the schedule off", () => {
    const config: ConfigInput = {
      policies: { "scheduled-scaling": { schedules: { nights: NIGHTS, weekends: NIGHTS } } },
      overrides: [{ policies: { "scheduled-scaling": { schedule: "nights" } } }],
    };

    expect(scheduled(config, { [TAG]: "weekends" }).schedule).toBe("weekends");
    expect(scheduled(config, { [TAG]: "none" }).schedule).toBeUndefined();
  });

  it("naming no schedule is ignored with one warning, and the service's other tags still apply", () => {
    const resolved = settingsOf(CONFIG, { [TAG]: "weekend", "guardrails:scheduled-scaling": "observe" });

    expect(resolved.problems.map(tagProblemText)).toEqual([
      "tag guardrails:scheduled-scaling:schedule=weekend ignored: no schedule of that name in the configuration; allowed: nights or none; scheduled-scaling schedule stays unset (from the configuration)",
    ]);
    expect(resolved.policies["scheduled-scaling"].mode).toBe("observe");
    expect((resolved.policies["scheduled-scaling"] as ScheduledScalingSettings).schedule).toBeUndefined();
  });
});

describe("the reconcile", () => {
  const listed = (tags: Record<string, string> = {}) => serviceDescription({ tags });

  it("looks at a service only when a window can apply to it: by an override, or by its tag", () => {
    const withOverride = parseConfig({
      ...CONFIG,
      overrides: [
        { cluster: REF.cluster, service: REF.service, policies: { "scheduled-scaling": { schedule: "nights" } } },
      ],
    });
    const onlyTag = parseConfig(CONFIG);
    const scheduledOnly = eventPolicies.filter((p) => p.id === "scheduled-scaling");

    expect(wantedByTick(scheduledOnly, listed(), withOverride)).toBe(true);
    expect(wantedByTick(scheduledOnly, listed(), onlyTag)).toBe(false);
    expect(wantedByTick(scheduledOnly, listed({ [TAG]: "nights" }), onlyTag)).toBe(true);
  });

  it("reads the scalable target only when some window is configured", () => {
    expect(scheduledScaling.needs!(scheduled(CONFIG)).scalableTarget).toBe(true);
    expect(scheduledScaling.needs!(scheduled({})).scalableTarget).toBe(false);
  });

  it("decides nothing without Application Auto Scaling's view, rather than set a desired count an auto scaler would fight", () => {
    const settings = { ...scheduled(CONFIG, { [TAG]: "nights" }), mode: "enforce" as const };
    const snapshot = {
      ref: REF,
      state: serviceState(),
      deployments: [],
      recent: [],
      service: serviceDescription({ desiredCount: 4 }),
    };
    const night = new Date("2026-03-02T21:00:00Z");

    expect(scheduledScaling.tick!({ snapshot, settings, now: night }).decisions).toEqual([]);
    expect(
      scheduledScaling.tick!({ snapshot: { ...snapshot, autoScaling: { target: undefined } }, settings, now: night })
        .decisions[0]!.action,
    ).toEqual({ type: "scale", desiredCount: 1 });
  });
});

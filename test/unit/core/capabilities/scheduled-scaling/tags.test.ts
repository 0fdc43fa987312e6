import { describe, expect, it } from "vitest";
import { parseScheduledScalingSettings } from "@ecs-guardrails/core/capabilities/scheduled-scaling/settings";
import { applyScheduleTag, SCHEDULE_TAG } from "@ecs-guardrails/core/capabilities/scheduled-scaling/tags";

const window = { timezone: "UTC", days: ["sat-sun"], from: "00:00", to: "23:59", stopped: true };
const settings = parseScheduledScalingSettings({
  schedules: { weekends: { windows: [window] }, nights: { windows: [{ ...window, days: ["mon-fri"] }] } },
  schedule: "nights",
});

describe("the schedule tag", () => {
  it("picks a schedule defined in config, whatever its case, over the override's", () => {
    expect(applyScheduleTag(settings, { [SCHEDULE_TAG]: " Weekends " })).toEqual({
      settings: { ...settings, schedule: "weekends" },
      warning: undefined,
    });
  });

  it("ignores a tag naming an unknown schedule with one warning, keeping the configured one", () => {
    expect(applyScheduleTag(settings, { [SCHEDULE_TAG]: "holidays" })).toEqual({
      settings,
      warning:
        "tag guardrails:scheduled-scaling:schedule=holidays ignored: no schedule of that name in config (weekends, nights)",
    });
  });

  it("turns the schedule off for the service with 'none', and leaves untagged services alone", () => {
    expect(applyScheduleTag(settings, { [SCHEDULE_TAG]: "none" }).settings.schedule).toBeUndefined();
    expect(applyScheduleTag(settings, { team: "payments" }).settings).toBe(settings);
  });
});

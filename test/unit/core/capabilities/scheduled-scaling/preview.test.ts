import { describe, expect, it } from "vitest";
import {
  formatPreviewJson,
  formatPreviewText,
} from "@ecs-guardrails/core/capabilities/scheduled-scaling/preview-format";
import { dstChange, previewTransitions } from "@ecs-guardrails/core/capabilities/scheduled-scaling/preview";
import { parseScheduledScalingSettings } from "@ecs-guardrails/core/capabilities/scheduled-scaling/settings";
import { previewService } from "@ecs-guardrails/core/capabilities/scheduled-scaling/service-preview";
import { windowsOf } from "@ecs-guardrails/core/capabilities/scheduled-scaling/windows-of";

const windows = (input: unknown) => windowsOf(parseScheduledScalingSettings(input));
const weekendNights = {
  name: "nights",
  timezone: "America/New_York",
  days: ["sat-sun"],
  from: "01:30",
  to: "06:00",
  stopped: true,
};
const batch = { name: "batch", timezone: "UTC", start: "0 8 * * 0", end: "0 9 * * 0", minCapacity: 2, maxCapacity: 6 };
const from = new Date("2026-03-06T12:00:00Z");

describe("schedule preview", () => {
  it("lists each transition with local and UTC times, DST days marked, and the capacity it sets", () => {
    const t = previewTransitions(windows({ windows: [weekendNights, batch] }), from, 3);
    expect(t.map((x) => [x.local, x.offset, x.at, x.kind, x.window, x.sets, x.dst])).toEqual([
      ["2026-03-07 01:30", "-05:00", "2026-03-07T06:30:00.000Z", "start", "nights", "stopped (0 tasks)", undefined],
      [
        "2026-03-07 06:00",
        "-05:00",
        "2026-03-07T11:00:00.000Z",
        "end",
        "nights",
        "restore the values saved at the start",
        undefined,
      ],
      [
        "2026-03-08 01:30",
        "-05:00",
        "2026-03-08T06:30:00.000Z",
        "start",
        "nights",
        "stopped (0 tasks)",
        "DST day: -05:00 → -04:00",
      ],
      // The overlap: the larger capacity holds while both do, then the night window again.
      ["2026-03-08 08:00", "+00:00", "2026-03-08T08:00:00.000Z", "switch", "batch", "min 2, max 6", undefined],
      [
        "2026-03-08 05:00",
        "-04:00",
        "2026-03-08T09:00:00.000Z",
        "switch",
        "nights",
        "stopped (0 tasks)",
        "DST day: -05:00 → -04:00",
      ],
      [
        "2026-03-08 06:00",
        "-04:00",
        "2026-03-08T10:00:00.000Z",
        "end",
        "nights",
        "restore the values saved at the start",
        "DST day: -05:00 → -04:00",
      ],
    ]);
  });

  it("marks the fall-back days of both zones and no other day", () => {
    expect(dstChange("2026-11-01", "America/New_York")).toBe("DST day: -04:00 → -05:00");
    expect(dstChange("2026-10-25", "Europe/Berlin")).toBe("DST day: +02:00 → +01:00");
    expect(dstChange("2026-03-29", "Europe/Berlin")).toBe("DST day: +01:00 → +02:00");
    expect(dstChange("2026-10-26", "Europe/Berlin")).toBeUndefined();
  });

  it("starts from a window that already holds: its end is the first transition", () => {
    const t = previewTransitions(windows({ windows: [weekendNights] }), new Date("2026-03-07T08:00:00Z"), 1);
    expect(t[0]).toMatchObject({ kind: "end", at: "2026-03-07T11:00:00.000Z", capacity: undefined });
  });

  it("leaves out the occurrences a holiday skips", () => {
    const t = previewTransitions(windows({ windows: [{ ...weekendNights, except: ["2026-03-07"] }] }), from, 3);
    expect(t.map((x) => x.at)).toEqual(["2026-03-08T06:30:00.000Z", "2026-03-08T10:00:00.000Z"]);
  });

  it("formats a table per service and JSON with the same transitions", () => {
    const transitions = previewTransitions(windows({ windows: [weekendNights] }), from, 2);
    const previews = [{ cluster: "prod", service: "web", schedule: "nights", transitions, warnings: [] }];
    const text = formatPreviewText(previews, from, 2);
    expect(text).toContain("prod/web (schedule nights)");
    expect(text).toMatch(
      /2026-03-07 01:30 -05:00 +America\/New_York +2026-03-07 06:30Z +start nights +stopped \(0 tasks\)/,
    );
    expect(JSON.parse(formatPreviewJson(previews, from, 2)).services[0].transitions).toEqual(
      transitions.map((t) => JSON.parse(JSON.stringify(t))),
    );
    expect(formatPreviewText([], from, 2)).toBe("No service in scope has a schedule.");
  });

  it("previews a service by its tag, warns about observe mode and unknown schedules, and skips services without windows", () => {
    const settings = parseScheduledScalingSettings({ schedules: { nights: { windows: [weekendNights] } } });
    const ref = { cluster: "prod", service: "web" };
    const tagged = previewService(ref, settings, { "guardrails:scheduled-scaling:schedule": "nights" }, from, 2);
    expect(tagged).toMatchObject({
      schedule: "nights",
      warnings: ["observe mode: transitions are recorded, not carried out"],
    });
    expect(tagged!.transitions).toHaveLength(4); // Saturday and Sunday night
    expect(previewService(ref, settings, {}, from, 2)).toBeUndefined();
    expect(
      previewService(ref, settings, { "guardrails:scheduled-scaling:schedule": "days" }, from, 2)!.warnings[0],
    ).toMatch(/ignored: no schedule of that name/);
  });
});

import { describe, expect, it } from "vitest";
import { occurrenceAt, targetAt } from "@ecs-guardrails/core/time/holds";
import { parseScheduledScalingSettings } from "@ecs-guardrails/core/capabilities/scheduled-scaling/settings";
import { windowsOf } from "@ecs-guardrails/core/capabilities/scheduled-scaling/windows-of";

// The DST dates of the issue. "Documented" is croner 11's rule (docs/capabilities/scheduled-scaling.md):
// a fixed time in a spring-forward gap runs at the first valid time after the gap; a fixed
// time in a fall-back repeat runs once, at its first (daylight-time) occurrence.

const windows = (input: unknown) => windowsOf(parseScheduledScalingSettings(input));
const one = (w: Record<string, unknown>) => windows({ windows: [{ desiredCount: 1, ...w }] })[0]!;
const at = (iso: string) => new Date(iso);

describe("window maths on DST dates", () => {
  it("America/New_York 2026-03-08: a start at 02:30, inside the gap, holds from 03:00 EDT", () => {
    const w = one({ timezone: "America/New_York", start: "30 2 * * *", end: "0 6 * * *" });
    expect(occurrenceAt(w, at("2026-03-08T06:59:00Z"))).toBeUndefined(); // 01:59 EST
    const h = occurrenceAt(w, at("2026-03-08T07:00:00Z")); // 03:00 EDT, the first valid time after the gap
    expect(h?.since.toISOString()).toBe("2026-03-08T07:00:00.000Z");
    expect(h?.until?.toISOString()).toBe("2026-03-08T10:00:00.000Z"); // 06:00 EDT
    // The day before, the same window starts at 02:30 EST.
    expect(occurrenceAt(w, at("2026-03-07T07:30:00Z"))?.since.toISOString()).toBe("2026-03-07T07:30:00.000Z");
  });

  it("America/New_York 2026-11-01: a window at 01:30–01:45 holds once, in the first (EDT) pass of the repeated hour", () => {
    const w = one({ timezone: "America/New_York", start: "30 1 * * *", end: "45 1 * * *" });
    expect(occurrenceAt(w, at("2026-11-01T05:35:00Z"))?.since.toISOString()).toBe("2026-11-01T05:30:00.000Z"); // 01:35 EDT
    expect(occurrenceAt(w, at("2026-11-01T06:35:00Z"))).toBeUndefined(); // 01:35 EST, the repeat
  });

  it("America/New_York 2026-11-01: a window from 01:00 to 03:00 lasts three real hours across the repeat", () => {
    const w = one({ timezone: "America/New_York", days: ["sun"], from: "01:00", to: "03:00" });
    const h = occurrenceAt(w, at("2026-11-01T06:30:00Z"));
    expect(h?.since.toISOString()).toBe("2026-11-01T05:00:00.000Z"); // 01:00 EDT
    expect(h?.until?.toISOString()).toBe("2026-11-01T08:00:00.000Z"); // 03:00 EST
  });

  it("Europe/Berlin 2026-03-29: a Sunday window from 02:30 starts at 03:00 CEST and ends on time", () => {
    const w = one({ timezone: "Europe/Berlin", days: ["sun"], from: "02:30", to: "04:00" });
    expect(occurrenceAt(w, at("2026-03-29T00:59:00Z"))).toBeUndefined(); // 01:59 CET
    const h = occurrenceAt(w, at("2026-03-29T01:00:00Z"));
    expect(h?.since.toISOString()).toBe("2026-03-29T01:00:00.000Z"); // 03:00 CEST
    expect(h?.until?.toISOString()).toBe("2026-03-29T02:00:00.000Z"); // 04:00 CEST
  });

  it("Europe/Berlin 2026-10-25: a window at 02:30–02:45 holds once, in the CEST pass", () => {
    const w = one({ timezone: "Europe/Berlin", start: "30 2 * * *", end: "45 2 * * *" });
    expect(occurrenceAt(w, at("2026-10-25T00:40:00Z"))?.since.toISOString()).toBe("2026-10-25T00:30:00.000Z"); // 02:40 CEST
    expect(occurrenceAt(w, at("2026-10-25T01:40:00Z"))).toBeUndefined(); // 02:40 CET, the repeat
  });

  it("Europe/Berlin 2026-10-25: an overnight window keeps local wall-clock times across the change", () => {
    const w = one({ timezone: "Europe/Berlin", days: ["sat"], from: "22:00", to: "07:00" });
    const h = occurrenceAt(w, at("2026-10-25T03:00:00Z"));
    expect(h?.since.toISOString()).toBe("2026-10-24T20:00:00.000Z"); // 22:00 CEST
    expect(h?.until?.toISOString()).toBe("2026-10-25T06:00:00.000Z"); // 07:00 CET: ten real hours
  });
});

describe("window maths", () => {
  const night = { timezone: "Europe/Berlin", days: ["mon-fri"], from: "20:00", to: "07:00" };

  it("holds inside the window, including its first minute, and not at its end", () => {
    const w = one(night);
    expect(occurrenceAt(w, at("2026-06-01T17:59:59Z"))).toBeUndefined();
    expect(occurrenceAt(w, at("2026-06-01T18:00:00Z"))?.key).toBe("windows.0@2026-06-01T18:00:00.000Z");
    expect(occurrenceAt(w, at("2026-06-02T04:59:00Z"))?.key).toBe("windows.0@2026-06-01T18:00:00.000Z");
    expect(occurrenceAt(w, at("2026-06-02T05:00:00Z"))).toBeUndefined();
  });

  it("keeps one occurrence while later starts fall inside it", () => {
    const w = one({ timezone: "UTC", start: "0 8 * * *", end: "0 18 * * 5" });
    expect(occurrenceAt(w, at("2026-06-03T12:00:00Z"))?.key).toBe(occurrenceAt(w, at("2026-06-05T12:00:00Z"))?.key);
  });

  it("resolves overlapping windows to the largest capacity, as KEDA does", () => {
    const ws = windows({
      windows: [
        { ...night, name: "night", stopped: true },
        { timezone: "UTC", start: "0 18 * * *", end: "0 19 * * *", name: "batch", minCapacity: 1, maxCapacity: 5 },
        { timezone: "UTC", start: "0 18 * * *", end: "0 20 * * *", name: "report", desiredCount: 3 },
      ],
    });
    expect(targetAt(ws, at("2026-06-01T18:30:00Z"))?.window.name).toBe("batch"); // max 5 beats 3 tasks beats stopped
    expect(targetAt(ws, at("2026-06-01T19:30:00Z"))?.capacity).toEqual({ kind: "desired", desiredCount: 3 });
    expect(targetAt(ws, at("2026-06-01T20:30:00Z"))?.capacity).toEqual({ kind: "stopped" });
    expect(targetAt(ws, at("2026-06-01T12:00:00Z"))).toBeUndefined();
  });

  it("breaks a tie in maximum by the larger minimum", () => {
    const ws = windows({
      windows: [
        { ...night, minCapacity: 1, maxCapacity: 4 },
        { ...night, name: "firm", minCapacity: 3, maxCapacity: 4 },
      ],
    });
    expect(targetAt(ws, at("2026-06-01T20:00:00Z"))?.window.name).toBe("firm");
  });

  it("skips an occurrence that starts on an excepted date or inside a holiday range", () => {
    const ws = windows({
      schedules: {
        nights: {
          windows: [{ ...night, desiredCount: 1, except: ["2026-12-22"] }],
          except: [{ from: "2026-12-24", to: "2026-12-26" }],
        },
      },
      schedule: "nights",
    });
    expect(targetAt(ws, at("2026-12-21T22:00:00Z"))).toBeDefined();
    expect(targetAt(ws, at("2026-12-22T22:00:00Z"))).toBeUndefined();
    expect(targetAt(ws, at("2026-12-24T22:00:00Z"))).toBeUndefined();
    expect(targetAt(ws, at("2026-12-28T22:00:00Z"))).toBeDefined();
  });

  it("holds a window all day on an extra date, in the window's zone", () => {
    const w = one({ ...night, alsoOn: ["2026-06-04"] });
    const h = occurrenceAt(w, at("2026-06-04T10:00:00Z"));
    expect(h?.since.toISOString()).toBe("2026-06-03T22:00:00.000Z"); // 00:00 CEST
    expect(h?.until?.toISOString()).toBe("2026-06-04T22:00:00.000Z");
    expect(occurrenceAt(w, at("2026-06-05T10:00:00Z"))).toBeUndefined();
  });
});

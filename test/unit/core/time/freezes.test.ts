import { describe, expect, it } from "vitest";
import { parseConfig } from "../../../../packages/core/src/config/load.ts";
import { activeFreeze } from "../../../../packages/core/src/capabilities/deploy-stage/freezes.ts";
import { REF } from "../../../support/pipeline.ts";

const freezes = (list: unknown[]) => parseConfig({ pipeline: { freezes: list } }).pipeline.freezes;

describe("change freezes", () => {
  it("holds on whole local dates, in the freeze's zone", () => {
    const f = freezes([
      { name: "year end", timezone: "America/New_York", dates: [{ from: "2026-12-24", to: "2027-01-01" }] },
    ]);
    // 03:00 UTC on the 24th is still the 23rd in New York.
    expect(activeFreeze(f, REF, new Date("2026-12-24T03:00:00Z"))).toBeUndefined();
    expect(activeFreeze(f, REF, new Date("2026-12-24T06:00:00Z"))).toMatchObject({ name: "year end" });
    expect(activeFreeze(f, REF, new Date("2027-01-02T06:00:00Z"))).toBeUndefined();
  });

  it("holds inside a cron window and not on its except dates", () => {
    const f = freezes([{ timezone: "Europe/Berlin", start: "0 18 * * *", end: "0 8 * * *", except: ["2026-11-20"] }]);
    expect(activeFreeze(f, REF, new Date("2026-11-19T20:00:00Z"))).toMatchObject({
      name: "freeze 0",
      until: "2026-11-20T07:00:00.000Z",
    });
    expect(activeFreeze(f, REF, new Date("2026-11-20T20:00:00Z"))).toBeUndefined();
  });

  it("applies only to the clusters and services it names", () => {
    const f = freezes([{ timezone: "UTC", dates: ["2026-11-20"], services: ["api-*"] }]);
    expect(activeFreeze(f, REF, new Date("2026-11-20T12:00:00Z"))).toBeUndefined();
    expect(activeFreeze(f, { cluster: "prod", service: "api-orders" }, new Date("2026-11-20T12:00:00Z"))).toBeDefined();
  });

  it.each([
    [{ timezone: "Mars/Olympus", dates: ["2026-11-20"] }, /pipeline\.freezes\.0\.timezone/],
    [{ timezone: "UTC" }, /pipeline\.freezes\.0\.dates: a freeze needs dates/],
    [{ timezone: "UTC", start: "0 18 * * *" }, /pipeline\.freezes\.0\.end: is required/],
    [{ timezone: "UTC", days: ["fri"], from: "10:00" }, /pipeline\.freezes\.0\.to/],
    [{ timezone: "UTC", dates: ["2026-13-01"] }, /pipeline\.freezes\.0\.dates/],
    [{ timezone: "UTC", dates: ["2026-11-20"], except: ["2026-11-21"] }, /pipeline\.freezes\.0\.except/],
    [
      { timezone: "UTC", dates: ["2026-11-20"], clusters: ["staging"] },
      /pipeline\.freezes\.0\.clusters: the freeze names no cluster/,
    ],
  ])("rejects a bad freeze naming its key (%j)", (freeze, message) => {
    expect(() => parseConfig({ scope: { clusters: ["prod"] }, pipeline: { freezes: [freeze] } })).toThrow(message);
  });

  it("rejects a verify timeout no deployment could bake within", () => {
    expect(() => parseConfig({ pipeline: { verify: { timeoutMinutes: 10 } } })).toThrow(
      /pipeline\.verify\.timeoutMinutes: 10 is not longer than policies\.auto-rollback\.bakeMinutes \(10\)/,
    );
  });

  it("defaults the gate to observe mode", () => {
    expect(parseConfig({}).pipeline).toEqual({
      gate: { mode: "observe" },
      verify: { timeoutMinutes: 60 },
      freezes: [],
    });
  });
});

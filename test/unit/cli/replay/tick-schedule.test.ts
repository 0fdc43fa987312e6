import { describe, expect, it } from "vitest";
import { tickSchedule } from "@ecs-guardrails/cli/replay/tick-schedule";

const MIN = 60_000;
const t = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();
const START = t("2026-11-20T09:59:59.000Z");

/** The slots from the start up to `until`, one after the other. */
function slots(schedule: ReturnType<typeof tickSchedule>, until: number): string[] {
  const out: string[] = [];
  for (let at = schedule.from(START, true); at <= until; at = schedule.from(at, true)) out.push(iso(at));
  return out;
}

describe("the replay's reconcile slots", () => {
  it("are the 5-minute grid from the start when nothing was recorded", () => {
    expect(slots(tickSchedule(START, 5 * MIN), t("2026-11-20T10:15:00Z"))).toEqual([
      "2026-11-20T10:04:59.000Z",
      "2026-11-20T10:09:59.000Z",
      "2026-11-20T10:14:59.000Z",
    ]);
  });

  it("are exactly live's recorded ticks inside their span: the grid before it, the last tick's grid after it", () => {
    const recorded = ["2026-11-20T10:12:02.502Z", "2026-11-20T10:17:02.502Z", "2026-11-20T10:27:02.502Z"].map(t);

    expect(slots(tickSchedule(START, 5 * MIN, recorded), t("2026-11-20T10:40:00Z"))).toEqual([
      "2026-11-20T10:04:59.000Z",
      "2026-11-20T10:09:59.000Z",
      "2026-11-20T10:12:02.502Z",
      "2026-11-20T10:17:02.502Z",
      // 10:22:02.502 was missed live: missed here too.
      "2026-11-20T10:27:02.502Z",
      "2026-11-20T10:32:02.502Z",
      "2026-11-20T10:37:02.502Z",
    ]);
  });

  it("jumps a gap to the first slot at or after a time, as to the first after it", () => {
    const schedule = tickSchedule(START, 5 * MIN, [t("2026-11-20T10:12:02.502Z"), t("2026-11-20T10:17:02.502Z")]);

    expect(iso(schedule.from(t("2026-11-20T10:12:02.502Z"), false))).toBe("2026-11-20T10:12:02.502Z");
    expect(iso(schedule.from(t("2026-11-20T10:12:02.502Z"), true))).toBe("2026-11-20T10:17:02.502Z");
    expect(iso(schedule.from(t("2026-11-20T11:00:00Z"), true))).toBe("2026-11-20T11:02:02.502Z");
    expect(iso(schedule.from(t("2026-11-20T10:05:00Z"), false))).toBe("2026-11-20T10:09:59.000Z");
  });
});

import type { SimClock } from "./types.ts";

/**
 * A clock that only moves when told: the simulator advances it to each piece of due work, so a
 * scenario of hours runs in milliseconds. Other parts of a local run (handlers deciding on
 * "now") can read the same clock.
 */
export function createManualClock(start: number | Date | string = "2026-01-01T00:00:00Z"): SimClock {
  let now = new Date(start).getTime();
  if (!Number.isFinite(now)) throw new RangeError(`invalid clock start: ${String(start)}`);
  return {
    now: () => now,
    advanceTo(ms: number) {
      // Time never runs backwards: work scheduled "in the past" runs at the current time.
      if (ms > now) now = ms;
    },
  };
}

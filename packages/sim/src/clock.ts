import { AsyncLocalStorage } from "node:async_hooks";
import type { SimClock } from "./types.ts";

/**
 * A clock that only moves when told: the simulator advances it to each piece of due work, so a
 * scenario of hours runs in milliseconds. Other parts of a local run (handlers deciding on
 * "now") can read the same clock.
 *
 * Work run inside `inLane` sees the lane's own time instead: a replay moves independent
 * services through their own streams concurrently, each at its own moment.
 */
export function createManualClock(start: number | Date | string = "2026-01-01T00:00:00Z"): SimClock {
  let now = new Date(start).getTime();
  if (!Number.isFinite(now)) throw new RangeError(`invalid clock start: ${String(start)}`);
  return {
    now: () => lanes.getStore()?.now ?? now,
    advanceTo(ms: number) {
      const lane = lanes.getStore();
      // Time never runs backwards: work scheduled "in the past" runs at the current time.
      if (lane) lane.now = Math.max(lane.now, ms);
      else if (ms > now) now = ms;
    },
  };
}

/** A lane's time: read and moved by every manual clock while work of the lane runs. */
export type Lane = { now: number };

const lanes = new AsyncLocalStorage<Lane>();

export function inLane<T>(lane: Lane, work: () => T): T {
  return lanes.run(lane, work);
}

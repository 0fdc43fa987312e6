import type { DateSpec } from "../capabilities/scheduled-scaling/settings.ts";
import { capacityRank, type Capacity, type CompiledWindow } from "./windows.ts";
import { localTime, nextDate, startOfLocalDay } from "./zone-time.ts";

// What the schedule says at an instant. Pure and level-triggered: the answer depends only on
// the windows and the instant, never on what an earlier tick saw, so a missed tick is simply
// answered by the next one.

export type Holding = {
  window: CompiledWindow;
  /** One occurrence of the window: `<window id>@<start, UTC>`. */
  key: string;
  capacity: Capacity;
  since: Date;
  /** When this occurrence ends, if the end pattern ever matches again. */
  until: Date | undefined;
};

/** Guards the walk over excepted starts; a window with more excepted starts in a row than this is not held. */
const MAX_SKIPPED_STARTS = 400;

/** The one capacity that holds at `at`, or undefined: overlapping windows give the largest (KEDA's rule). */
export function targetAt(windows: readonly CompiledWindow[], at: Date): Holding | undefined {
  let best: Holding | undefined;
  for (const w of windows) {
    const h = occurrenceAt(w, at);
    if (h && (!best || larger(capacityRank(h.capacity), capacityRank(best.capacity)))) best = h;
  }
  return best;
}

const larger = (a: [number, number], b: [number, number]) => a[0] > b[0] || (a[0] === b[0] && a[1] > b[1]);

/**
 * The occurrence of `w` holding at `at`: it started at the first start after the last end
 * (a later start inside an occurrence continues it), not on an excepted date. On an `alsoOn`
 * date the window holds the whole local day.
 */
export function occurrenceAt(w: CompiledWindow, at: Date): Holding | undefined {
  const lastEnd = w.end.lastAtOrBefore(at);
  let start = lastEnd ? w.start.nextAfter(lastEnd) : w.start.lastAtOrBefore(at);
  for (let n = 0; start && start <= at && n < MAX_SKIPPED_STARTS; n++) {
    if (!excepted(w, localTime(start, w.zone).date)) return { window: w, key: `${w.id}@${start.toISOString()}`, capacity: w.capacity, since: start, until: w.end.nextAfter(at) };
    start = w.start.nextAfter(start);
  }
  const today = localTime(at, w.zone).date;
  if (!w.alsoOn.includes(today)) return undefined;
  const since = startOfLocalDay(today, w.zone);
  return { window: w, key: `${w.id}@${since.toISOString()}`, capacity: w.capacity, since, until: startOfLocalDay(nextDate(today), w.zone) };
}

export function excepted(w: CompiledWindow, date: string): boolean {
  return w.except.some((e: DateSpec) => (typeof e === "string" ? e === date : e.from <= date && date <= e.to));
}

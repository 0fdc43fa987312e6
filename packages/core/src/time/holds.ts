import { compileCron } from "./cron.ts";
import {
  capacityRank,
  DAYS,
  useWindowMaths,
  type Capacity,
  type CompiledWindow,
  type DateSpec,
  type Holding,
  type WindowSpec,
} from "./windows.ts";
import { localTime, nextDate, startOfLocalDay } from "./zone-time.ts";

// What the schedule says at an instant. Pure and level-triggered: the answer depends only on
// the windows and the instant, never on what an earlier tick saw, so a missed tick is simply
// answered by the next one.

export type { Holding };

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
    if (!excepted(w, localTime(start, w.zone).date))
      return {
        window: w,
        key: `${w.id}@${start.toISOString()}`,
        capacity: w.capacity,
        since: start,
        until: w.end.nextAfter(at),
      };
    start = w.start.nextAfter(start);
  }
  const today = localTime(at, w.zone).date;
  if (!w.alsoOn.includes(today)) return undefined;
  const since = startOfLocalDay(today, w.zone);
  return {
    window: w,
    key: `${w.id}@${since.toISOString()}`,
    capacity: w.capacity,
    since,
    until: startOfLocalDay(nextDate(today), w.zone),
  };
}

export function excepted(w: CompiledWindow, date: string): boolean {
  return w.except.some((e: DateSpec) => (typeof e === "string" ? e === date : e.from <= date && date <= e.to));
}

export function compileWindow(w: WindowSpec, id: string, holidays: DateSpec[]): CompiledWindow {
  const { start, end } = patternsOf(w);
  return {
    id,
    name: w.name ?? id,
    zone: w.timezone,
    start: compileCron(start, w.timezone),
    end: compileCron(end, w.timezone),
    startPattern: start,
    endPattern: end,
    capacity: capacityOf(w),
    except: [...w.except, ...holidays],
    alsoOn: w.alsoOn,
  };
}

function capacityOf(w: WindowSpec): Capacity {
  if (w.stopped) return { kind: "stopped" };
  if (w.desiredCount !== undefined) return { kind: "desired", desiredCount: w.desiredCount };
  return { kind: "range", min: w.minCapacity!, max: w.maxCapacity! };
}

/** Days and times become cron; an end at or before the start falls on the next day. */
export function patternsOf(w: WindowSpec): { start: string; end: string } {
  if (w.start !== undefined && w.end !== undefined) return { start: w.start, end: w.end };
  const days = expandDays(w.days ?? []);
  const overnight = w.to! <= w.from!;
  const endDays = overnight ? days.map((d) => (d + 1) % 7) : days;
  return { start: cronAt(w.from!, days), end: cronAt(w.to!, endDays) };
}

function cronAt(time: string, days: number[]): string {
  const [h, m] = time.split(":").map(Number) as [number, number];
  const dow = days.length === 7 ? "*" : [...new Set(days)].sort((a, b) => a - b).join(",");
  return `${m} ${h} * * ${dow}`;
}

function expandDays(specs: string[]): number[] {
  const out: number[] = [];
  for (const spec of specs) {
    const [from, to] = spec.split("-").map((d) => DAYS.indexOf(d as (typeof DAYS)[number])) as [
      number,
      number | undefined,
    ];
    // A range may wrap the week: fri-mon is Friday, Saturday, Sunday, Monday.
    for (let d = from, n = 0; n < 7; d = (d + 1) % 7, n++) {
      out.push(d);
      if (d === (to ?? from)) break;
    }
  }
  return out;
}

useWindowMaths({ compileWindow, targetAt, occurrenceAt });

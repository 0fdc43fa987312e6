import { targetAt, type Holding } from "../../time/holds.ts";
import { describeCapacity, type Capacity, type CompiledWindow } from "../../time/windows.ts";
import { localTime, nextDate, startOfLocalDay } from "../../time/zone-time.ts";
import { MAX_PREVIEW_DAYS } from "./preview-days.ts";

// The coming transitions of a service's schedule (for `guardrails schedule`): when the
// capacity that holds changes, in the window's local time and in UTC, with DST changes marked.
// Found by evaluating the same targetAt the reconcile uses at every instant a window could
// start or end, so the preview cannot disagree with what the policy will do.

export type Transition = {
  at: string;
  zone: string;
  /** Local wall-clock time in `zone`, "YYYY-MM-DD HH:MM". */
  local: string;
  offset: string;
  kind: "start" | "end" | "switch";
  /** The window that holds from here (start, switch), or the one that ends (end). */
  window: string;
  /** The capacity set here; undefined at an end: the values saved at the start are restored. */
  capacity: Capacity | undefined;
  sets: string;
  /** Set when the zone's UTC offset changes on that local day ("DST day: -05:00 → -04:00"). */
  dst: string | undefined;
};

export { MAX_PREVIEW_DAYS } from "./preview-days.ts";

export function previewTransitions(windows: readonly CompiledWindow[], from: Date, days: number): Transition[] {
  const until = new Date(from.getTime() + Math.min(days, MAX_PREVIEW_DAYS) * 86_400_000);
  const out: Transition[] = [];
  let current = targetAt(windows, from);
  for (const t of candidates(windows, from, until)) {
    const next = targetAt(windows, t);
    if (same(current, next)) continue;
    out.push(transition(t, current, next));
    current = next;
  }
  return out;
}

function same(a: Holding | undefined, b: Holding | undefined): boolean {
  return a?.key === b?.key && JSON.stringify(a?.capacity) === JSON.stringify(b?.capacity);
}

/** Every instant in (from, until] at which some window starts or ends, sorted, once each. */
function candidates(windows: readonly CompiledWindow[], from: Date, until: Date): Date[] {
  const times = new Set<number>();
  for (const w of windows) {
    for (const cron of [w.start, w.end]) {
      for (let t = cron.nextAfter(from); t && t <= until; t = cron.nextAfter(t)) times.add(t.getTime());
    }
    for (const date of w.alsoOn) {
      for (const t of [startOfLocalDay(date, w.zone), startOfLocalDay(nextDate(date), w.zone)])
        if (t > from && t <= until) times.add(t.getTime());
    }
  }
  return [...times].sort((a, b) => a - b).map((t) => new Date(t));
}

function transition(t: Date, before: Holding | undefined, after: Holding | undefined): Transition {
  const shown = (after ?? before)!.window;
  const local = localTime(t, shown.zone);
  const kind = !after ? "end" : before ? "switch" : "start";
  return {
    at: t.toISOString(),
    zone: shown.zone,
    local: `${local.date} ${local.time}`,
    offset: local.offset,
    kind,
    window: shown.name,
    capacity: after?.capacity,
    sets: after ? describeCapacity(after.capacity) : "restore the values saved at the start",
    dst: dstChange(local.date, shown.zone),
  };
}

/** The offset change on local date `date` in `zone`, if the clocks change that day. */
export function dstChange(date: string, zone: string): string | undefined {
  const before = localTime(startOfLocalDay(date, zone), zone);
  const after = localTime(new Date(startOfLocalDay(nextDate(date), zone).getTime() - 1000), zone);
  return before.offsetMinutes === after.offsetMinutes ? undefined : `DST day: ${before.offset} → ${after.offset}`;
}

import { compileCron, type CronTimes } from "./cron.ts";
import { DAYS, type DateSpec, type ScheduledScalingSettings, type ScheduleWindow } from "../capabilities/scheduled-scaling/settings.ts";

// A window ready for maths: its start and end as cron times in its zone, what it holds, and
// its exceptions (its own and its schedule's holidays).

export type Capacity = { kind: "desired"; desiredCount: number } | { kind: "range"; min: number; max: number } | { kind: "stopped" };

export type CompiledWindow = {
  /** Stable across ticks and deploys while the config is unchanged: part of every decision key. */
  id: string;
  name: string;
  zone: string;
  start: CronTimes;
  end: CronTimes;
  /** The cron expressions, for people (the preview, decisions). */
  startPattern: string;
  endPattern: string;
  capacity: Capacity;
  except: DateSpec[];
  alsoOn: string[];
};

/** The windows that apply to a service: its named schedule's, then its inline ones. */
export function windowsOf(settings: ScheduledScalingSettings): CompiledWindow[] {
  // A name that slipped past validation (scheduleReferenceProblems) holds nothing.
  const named = settings.schedule && Object.hasOwn(settings.schedules, settings.schedule) ? settings.schedules[settings.schedule] : undefined;
  const fromSchedule = (named?.windows ?? []).map((w, i, all) => compileWindow(w, windowId(settings.schedule!, w, i, all), named!.except));
  return [...fromSchedule, ...settings.windows.map((w, i, all) => compileWindow(w, windowId("windows", w, i, all), []))];
}

/**
 * By name, so reordering the list or adding a window does not make a held window look new (a
 * new id is a new occurrence: a start, a notice). An unnamed window, or a name used twice in
 * one list, can only be told by its position.
 */
function windowId(list: string, w: ScheduleWindow, index: number, all: readonly ScheduleWindow[]): string {
  const unique = w.name !== undefined && all.filter((o) => o.name === w.name).length === 1;
  return unique ? `${list}[${w.name}]` : `${list}.${index}`;
}

export function compileWindow(w: ScheduleWindow, id: string, holidays: DateSpec[]): CompiledWindow {
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

function capacityOf(w: ScheduleWindow): Capacity {
  if (w.stopped) return { kind: "stopped" };
  if (w.desiredCount !== undefined) return { kind: "desired", desiredCount: w.desiredCount };
  return { kind: "range", min: w.minCapacity!, max: w.maxCapacity! };
}

/** Days and times become cron; an end at or before the start falls on the next day. */
export function patternsOf(w: ScheduleWindow): { start: string; end: string } {
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
    const [from, to] = spec.split("-").map((d) => DAYS.indexOf(d as (typeof DAYS)[number])) as [number, number | undefined];
    // A range may wrap the week: fri-mon is Friday, Saturday, Sunday, Monday.
    for (let d = from, n = 0; n < 7; d = (d + 1) % 7, n++) {
      out.push(d);
      if (d === (to ?? from)) break;
    }
  }
  return out;
}

/** How much a capacity allows, for the overlap rule: most tasks allowed, then most required. */
export function capacityRank(c: Capacity): [number, number] {
  if (c.kind === "stopped") return [0, 0];
  if (c.kind === "desired") return [c.desiredCount, c.desiredCount];
  return [c.max, c.min];
}

export function describeCapacity(c: Capacity): string {
  if (c.kind === "stopped") return "stopped (0 tasks)";
  if (c.kind === "desired") return `${c.desiredCount} task${c.desiredCount === 1 ? "" : "s"}`;
  return `min ${c.min}, max ${c.max}`;
}

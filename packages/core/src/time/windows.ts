import * as z from "../zod.ts";
import { isCalendarDate, zoneProblem } from "./zone-time.ts";

// A window in an IANA zone — cron start/end, or days/from/to — with `except` dates: the shape
// and the ONE validator that scheduled scaling's windows and the deploy stage's freezes share.
// No cron library here: checking cron syntax and the window maths (holds.ts, on croner) are
// loaded only where a schedule is evaluated or a configuration is checked in full (the
// reconcile, the deploy stage, the CLI, deploy time), never by the ingest.

export const DAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] as const;
const DAY = new RegExp(`^(${DAYS.join("|")})(-(${DAYS.join("|")}))?$`);
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

export const date = z.string().check(z.refine(isCalendarDate, { message: "expected a calendar date YYYY-MM-DD" }));
const dateRange = z
  .strictObject({ from: date, to: date })
  .check(z.refine((r) => r.from <= r.to, { message: "from is after to", path: ["to"] }));
/** A date or an inclusive range of dates, in the window's time zone. */
export const dateSpec = z.union([date, dateRange]);
export type DateSpec = z.output<typeof dateSpec>;

const text = z.string().check(z.minLength(1));
const time = z.string().check(z.regex(TIME, "expected a time HH:MM (24-hour)"));

/** The keys that say when a window holds, shared by every kind of window. */
export const windowTiming = {
  timezone: text,
  /** 5-field cron expressions (minute hour day-of-month month day-of-week), in `timezone`. */
  start: z.optional(text),
  end: z.optional(text),
  /** Or days and times: ["mon-fri"], from "20:00" to "07:00" (an end at or before the start is the next day). */
  days: z.optional(
    z
      .array(z.string().check(z.regex(DAY, "expected a day (mon … sun) or a range such as mon-fri")))
      .check(z.minLength(1)),
  ),
  from: z.optional(time),
  to: z.optional(time),
  /** Dates (or ranges) on which an occurrence of this window does not start. */
  except: z._default(z.array(dateSpec), []),
};

export type WindowTiming = {
  timezone: string;
  start?: string | undefined;
  end?: string | undefined;
  days?: string[] | undefined;
  from?: string | undefined;
  to?: string | undefined;
  except: DateSpec[];
};

/** Checks a pattern's syntax; set by cron.ts when croner is loaded. */
let cronCheck: ((pattern: string) => string | undefined) | undefined;
export function useCronCheck(check: (pattern: string) => string | undefined): void {
  cronCheck = check;
}

/**
 * The one window validator: the zone, one form (cron or days/from/to) with its keys, and an end
 * different from its start. `noun` names the window in messages ("window", "freeze"). Cron
 * syntax is checked wherever croner is loaded (cron.ts): at deploy time, by the CLI and by the
 * functions that evaluate schedules; the ingest takes the deployed configuration as checked.
 * Returns the window's form: cron, days (days/from/to), both (a problem already), or none.
 */
export function windowTimingProblems(
  w: WindowTiming,
  problem: (path: string, message: string) => void,
  noun: string,
): "cron" | "days" | "both" | "none" {
  const zone = zoneProblem(w.timezone);
  if (zone) problem("timezone", zone);
  const cronForm = w.start !== undefined || w.end !== undefined;
  const dayForm = w.days !== undefined || w.from !== undefined || w.to !== undefined;
  if (cronForm && dayForm) problem("start", "give start/end (cron) or days/from/to, not both");
  else if (cronForm) {
    for (const key of ["start", "end"] as const) {
      const value = w[key];
      const bad = value === undefined ? `is required with a cron ${noun}` : cronCheck?.(value);
      if (bad) problem(key, value === undefined ? bad : `not a 5-field cron expression (${bad})`);
    }
  } else if (dayForm) {
    for (const key of ["days", "from", "to"] as const)
      if (w[key] === undefined) problem(key, `is required with a days/from/to ${noun}`);
    if (w.from !== undefined && w.from === w.to)
      problem("to", `equals from: a ${noun} needs an end different from its start`);
  }
  return cronForm && dayForm ? "both" : cronForm ? "cron" : dayForm ? "days" : "none";
}

export const sameCron = (a: string, b: string) =>
  a.trim().split(/\s+/).join(" ").toLowerCase() === b.trim().split(/\s+/).join(" ").toLowerCase();

/** A window as the maths takes it: its timing, what it holds, and the dates it holds all day. */
export type WindowSpec = WindowTiming & {
  name?: string | undefined;
  desiredCount?: number | undefined;
  minCapacity?: number | undefined;
  maxCapacity?: number | undefined;
  stopped?: true | undefined;
  alsoOn: string[];
};

export type CronTimes = {
  /** The latest run at or before `at`, or undefined. */
  lastAtOrBefore(at: Date): Date | undefined;
  /** The first run strictly after `at`, or undefined. */
  nextAfter(at: Date): Date | undefined;
};

export type Capacity =
  | { kind: "desired"; desiredCount: number }
  | { kind: "range"; min: number; max: number }
  | { kind: "stopped" };

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

export type Holding = {
  window: CompiledWindow;
  /** One occurrence of the window: `<window id>@<start, UTC>`. */
  key: string;
  capacity: Capacity;
  since: Date;
  /** When this occurrence ends, if the end pattern ever matches again. */
  until: Date | undefined;
};

/** The window maths (holds.ts, on croner), injected where a schedule is evaluated. */
export type WindowMaths = {
  compileWindow(w: WindowSpec, id: string, holidays: DateSpec[]): CompiledWindow;
  targetAt(windows: readonly CompiledWindow[], at: Date): Holding | undefined;
  occurrenceAt(w: CompiledWindow, at: Date): Holding | undefined;
};

let maths: WindowMaths | undefined;
export function useWindowMaths(m: WindowMaths): void {
  maths = m;
}

/** The window maths, once holds.ts is loaded (the reconcile and the deploy stage load it). */
export function windowMaths(): WindowMaths {
  if (!maths) throw new Error("the window maths (time/holds.ts) is not loaded in this function");
  return maths;
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

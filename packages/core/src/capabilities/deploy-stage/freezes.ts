import * as z from "../../zod.ts";
import { anyGlob } from "../../config/glob.ts";
import type { ServiceRef } from "../../events/model.ts";
import { cronProblem } from "../../time/cron.ts";
import { dateSpec, DAYS, type DateSpec, type ScheduleWindow } from "../scheduled-scaling/settings.ts";
import { occurrenceAt } from "../../time/holds.ts";
import { compileWindow } from "../../time/windows.ts";
import { localTime, zoneProblem } from "../../time/zone-time.ts";

// Change freezes with the schedule maths of scheduled scaling (read, not changed): a freeze is a
// window in an IANA zone — cron start/end or days/from/to, with `except` dates — and/or whole
// local dates (`dates`: a day or a range, e.g. the end-of-year freeze).

const DAY = new RegExp(`^(${DAYS.join("|")})(-(${DAYS.join("|")}))?$`);
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const text = z.string().check(z.minLength(1));

const freezeObject = z.strictObject({
  name: z.optional(text),
  timezone: text,
  /** Globs of the clusters and services it applies to (all by default). */
  clusters: z._default(z.array(text).check(z.minLength(1)), ["*"]),
  services: z._default(z.array(text).check(z.minLength(1)), ["*"]),
  start: z.optional(text),
  end: z.optional(text),
  days: z.optional(z.array(z.string().check(z.regex(DAY, "expected a day (mon … sun) or a range such as mon-fri"))).check(z.minLength(1))),
  from: z.optional(z.string().check(z.regex(TIME, "expected a time HH:MM (24-hour)"))),
  to: z.optional(z.string().check(z.regex(TIME, "expected a time HH:MM (24-hour)"))),
  /** Whole local days (or inclusive ranges) frozen, in `timezone`. */
  dates: z._default(z.array(dateSpec), []),
  /** Dates on which the recurring window does not start. */
  except: z._default(z.array(dateSpec), []),
});

/** Each problem names its key, so a bad freeze fails the config with "pipeline.freezes.0.end: …". */
export const freezeWindow = freezeObject.check(
  z.superRefine((f, ctx) => {
    const problem = (path: string, message: string) => ctx.addIssue({ code: "custom", path: [path], message });
    const zone = zoneProblem(f.timezone);
    if (zone) problem("timezone", zone);
    const cron = f.start !== undefined || f.end !== undefined;
    const days = f.days !== undefined || f.from !== undefined || f.to !== undefined;
    if (cron && days) problem("start", "give start/end (cron) or days/from/to, not both");
    else if (cron) {
      for (const key of ["start", "end"] as const) {
        const value = f[key];
        const bad = value === undefined ? "is required with a cron freeze" : cronProblem(value);
        if (bad) problem(key, value === undefined ? bad : `not a 5-field cron expression (${bad})`);
      }
    } else if (days) {
      for (const key of ["days", "from", "to"] as const) if (f[key] === undefined) problem(key, "is required with a days/from/to freeze");
      if (f.from !== undefined && f.from === f.to) problem("to", "equals from: a freeze needs an end different from its start");
    } else if (f.dates.length === 0) problem("dates", "a freeze needs dates, start/end (cron) or days/from/to");
    if (f.except.length > 0 && !cron && !days) problem("except", "only a recurring freeze (start/end or days/from/to) has occurrences to except");
  }),
);

export type FreezeWindow = z.infer<typeof freezeObject>;

export type ActiveFreeze = { name: string; since: string; until: string | undefined };

/** The first freeze holding for the service at `now`, or undefined. */
export function activeFreeze(freezes: readonly FreezeWindow[], ref: ServiceRef, now: Date): ActiveFreeze | undefined {
  for (const [i, f] of freezes.entries()) {
    if (!anyGlob(f.clusters, ref.cluster) || !anyGlob(f.services, ref.service)) continue;
    const name = f.name ?? `freeze ${i}`;
    const today = localTime(now, f.timezone).date;
    if (f.dates.some((d) => onDate(d, today))) return { name, since: `${today} (${f.timezone})`, until: undefined };
    if (f.start === undefined && f.days === undefined) continue;
    // The window maths wants a scheduled-scaling window: the capacity is irrelevant to a freeze.
    const window = compileWindow({ ...f, stopped: true, alsoOn: [] } as ScheduleWindow, `freeze.${i}`, []);
    const held = occurrenceAt(window, now);
    if (held) return { name, since: held.since.toISOString(), until: held.until?.toISOString() };
  }
  return undefined;
}

const onDate = (d: DateSpec, date: string) => (typeof d === "string" ? d === date : d.from <= date && date <= d.to);

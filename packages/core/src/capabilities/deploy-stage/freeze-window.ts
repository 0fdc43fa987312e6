import * as z from "../../zod.ts";
import { dateSpec, windowTiming, windowTimingProblems } from "../../time/windows.ts";

// A change freeze as the configuration gives it: a window in an IANA zone — cron start/end or
// days/from/to, with `except` dates, checked by the one window validator (time/windows.ts) —
// and/or whole local dates (`dates`: a day or a range, e.g. the end-of-year freeze).

const text = z.string().check(z.minLength(1));

const freezeObject = z.strictObject({
  name: z.optional(text),
  ...windowTiming,
  /** Globs of the clusters and services it applies to (all by default). */
  clusters: z._default(z.array(text).check(z.minLength(1)), ["*"]),
  services: z._default(z.array(text).check(z.minLength(1)), ["*"]),
  /** Whole local days (or inclusive ranges) frozen, in `timezone`. */
  dates: z._default(z.array(dateSpec), []),
});

/** Each problem names its key, so a bad freeze fails the config with "pipeline.freezes.0.end: …". */
export const freezeWindow = freezeObject.check(
  z.superRefine((f, ctx) => {
    const problem = (path: string, message: string) => ctx.addIssue({ code: "custom", path: [path], message });
    const form = windowTimingProblems(f, problem, "freeze");
    if (form === "none" && f.dates.length === 0)
      problem("dates", "a freeze needs dates, start/end (cron) or days/from/to");
    if (f.except.length > 0 && form === "none")
      problem("except", "only a recurring freeze (start/end or days/from/to) has occurrences to except");
  }),
);

export type FreezeWindow = z.infer<typeof freezeObject>;

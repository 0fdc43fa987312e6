import * as z from "../../zod.ts";
import { InvalidConfigError } from "../../errors.ts";
import { defineSettings, mode } from "../../config/policy-settings.ts";
import { scheduleReferenceProblems } from "./references.ts";
import {
  date,
  dateSpec,
  DAYS,
  sameCron,
  windowTiming,
  windowTimingProblems,
  type DateSpec,
} from "../../time/windows.ts";

// The scheduled-scaling settings (docs/capabilities/scheduled-scaling.md), declared with defineSettings
// like every policy's: a shape without defaults, the full schema with them, and an override
// schema where every key is optional. Every check names its key, so a bad schedule fails
// parseConfig with "policies.scheduled-scaling.schedules.nights.windows.0.start: …".

export { dateSpec, DAYS };
export { scheduleReferenceProblems } from "./references.ts";
export type { DateSpec };

const NAME = /^[a-z0-9][a-z0-9._-]*$/;
const text = z.string().check(z.minLength(1));
const scheduleName = z.string().check(z.regex(NAME, "schedule names are lower-case letters, digits, '.', '_' or '-'"));

const windowObject = z.strictObject({
  /** Shown in decisions and the preview; defaults to the window's position. */
  name: z.optional(text),
  ...windowTiming,
  /** What holds inside the window: exactly one of a desired count, min/max, or stopped. */
  desiredCount: z.optional(z.int().check(z.minimum(1, "0 tasks stops the service: say stopped: true instead"))),
  minCapacity: z.optional(z.int().check(z.minimum(0))),
  maxCapacity: z.optional(z.int().check(z.minimum(1, "a maximum of 0 stops the service: say stopped: true instead"))),
  stopped: z.optional(z.literal(true)),
  /** Dates on which the window holds all day, in addition to its times. */
  alsoOn: z._default(z.array(date), []),
});

export const scheduleWindow = windowObject.check(
  z.superRefine((w, ctx) => {
    const problem = (path: string, message: string) => ctx.addIssue({ code: "custom", path: [path], message });
    const form = windowTimingProblems(w, problem, "window");
    if (form === "none") problem("start", "a window needs start/end (cron) or days/from/to");
    if (form === "cron" && w.start !== undefined && w.end !== undefined && sameCron(w.start, w.end))
      problem("end", "equals start: a window needs an end different from its start");
    capacityProblems(w).forEach(([path, message]) => problem(path, message));
  }),
);

function capacityProblems(w: z.infer<typeof windowObject>): [string, string][] {
  const forms = [
    w.desiredCount !== undefined,
    w.minCapacity !== undefined || w.maxCapacity !== undefined,
    w.stopped === true,
  ].filter(Boolean).length;
  if (forms === 0) return [["desiredCount", "a window needs desiredCount, minCapacity/maxCapacity, or stopped: true"]];
  if (forms > 1) return [["desiredCount", "give one of desiredCount, minCapacity/maxCapacity, or stopped: true"]];
  if (w.minCapacity === undefined && w.maxCapacity !== undefined)
    return [["minCapacity", "is required with maxCapacity"]];
  if (w.maxCapacity === undefined && w.minCapacity !== undefined)
    return [["maxCapacity", "is required with minCapacity"]];
  if (w.minCapacity !== undefined && w.maxCapacity !== undefined && w.minCapacity > w.maxCapacity)
    return [["minCapacity", `is greater than maxCapacity (${w.minCapacity} > ${w.maxCapacity})`]];
  return [];
}

export const schedule = z.strictObject({
  windows: z.array(scheduleWindow).check(z.minLength(1)),
  /** Holidays: dates on which no window of this schedule starts. */
  except: z._default(z.array(dateSpec), []),
});

export const scheduledScalingShape = {
  mode,
  /** Named schedules, applied to a service by `schedule` (an override) or by its tag. */
  schedules: z.record(scheduleName, schedule),
  /** The named schedule that applies to the service. */
  schedule: z.optional(scheduleName),
  /** Windows given inline (usually in an override for some services), on top of `schedule`'s. */
  windows: z.array(scheduleWindow),
};

// No cross-key check here: settings resolution re-parses the merged settings of every service,
// and must not fail there. A `schedule` naming nothing is caught at load by
// scheduleReferenceProblems, and holds no window if it gets through.
export const scheduledScalingSettings = defineSettings(scheduledScalingShape, {
  mode: "observe",
  schedules: {},
  windows: [],
});

// Read from the shape itself: defineSettings types every key as defaulted, `schedule` included.
const parsedShape = z.strictObject(scheduledScalingShape);
export type ScheduledScalingSettings = z.output<typeof parsedShape>;
export type ScheduleWindow = z.output<typeof scheduleWindow>;
export type Schedule = z.output<typeof schedule>;

/**
 * Validates the settings alone, with parseConfig's message format ("windows.0.start: …"),
 * until the policy's settings join the config schema.
 */
export function parseScheduledScalingSettings(
  input: unknown,
  prefix = "policies.scheduled-scaling",
): ScheduledScalingSettings {
  const result = scheduledScalingSettings.full.safeParse(input);
  const problems = result.success
    ? scheduleReferenceProblems(result.data, []).map((p) => p.replace(/^policies\.scheduled-scaling/, prefix))
    : result.error.issues.map((i) => `${[prefix, ...i.path.map(String)].filter(Boolean).join(".")}: ${i.message}`);
  if (result.success && problems.length === 0) return result.data;
  throw new InvalidConfigError(`invalid configuration: ${problems.join("; ")}`, { problems });
}

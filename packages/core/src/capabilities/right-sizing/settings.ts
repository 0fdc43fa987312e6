import * as z from "../../zod.ts";
import { defineSettings } from "../../config/policy-settings.ts";
import { RIGHT_SIZING_MODES, refusedMode } from "./tags.ts";

// The right-sizing policy's settings (docs/capabilities/right-sizing.md), declared once without defaults
// like every policy's (config/policy-settings.ts): `full` fills the defaults in, `override`
// makes every key optional. Every number of the algorithm is here. The defaults and why:
// - CPU p95 of the per-minute Maximum + 15 %: KRR sizes CPU at p95, VPA adds a 15 % margin.
//   CPU is compressible (a busy task is throttled, not killed), so a high percentile suffices.
// - memory max + 15 %: KRR's default. Memory is not compressible: above the limit the task is
//   killed, so the peak counts, not a percentile (VPA's p90 of daily peaks is close to it).
// - memory never below the peak + 10 %: a memoryPercentile under 100 or a small margin must not
//   size below what a task was seen to hold (the default rule's peak + 15 % is above it).
// - OOM ×1.2, at least +100 MiB: VPA's bump, applied to the limit the kill proves was reached.
// - 24 h of data at least: VPA's confidence is ×2 at one day and still ×3 at 12 h, and a
//   service's daily peak is only seen once a day has passed; KRR wants 100 points.
// - 14 days back: KRR's default and Compute Optimizer's shortest; still 1-minute data (15 days).

export { RIGHT_SIZING_MODES, rightSizingTags } from "./tags.ts";

const percent = z.number().check(z.minimum(0), z.maximum(100));
const rates = z.strictObject({ vcpuHour: z.number().check(z.positive()), gbHour: z.number().check(z.positive()) });

const rightSizingShape = {
  mode: z.enum(RIGHT_SIZING_MODES, { error: (issue) => refusedMode(issue.input) }),
  /** When the scheduled run looks at the services (EventBridge Scheduler expression). */
  schedule: z.string().check(z.minLength(1)),
  lookbackDays: z.int().check(z.minimum(1), z.maximum(455)),
  minHistoryHours: z.number().check(z.positive()),
  /** Percentile of the per-minute Maximum CPU (100 = the peak). */
  cpuPercentile: percent,
  cpuMarginPercent: z.number().check(z.minimum(0), z.maximum(200)),
  memoryPercentile: percent,
  memoryMarginPercent: z.number().check(z.minimum(0), z.maximum(200)),
  /** Memory is never recommended below the observed peak × (1 + this), whatever the percentile and margin. */
  memoryHeadroomPercent: z.number().check(z.minimum(0), z.maximum(200)),
  /** After OOM kills of the current revision: memory ≥ the limit × factor, and ≥ the limit + minimum. */
  oomFactor: z.number().check(z.minimum(1), z.maximum(4)),
  oomMinBumpMiB: z.int().check(z.minimum(0)),
  /** Container floors for EC2 reservations (VPA's: 25 mCPU, 250 MiB); Fargate's smallest size is above them. */
  minCpuUnits: z.int().check(z.minimum(1)),
  minMemoryMiB: z.int().check(z.minimum(6)),
  /** Region whose Fargate prices apply; rates for regions outside the built-in table go in `prices`. */
  region: z.string().check(z.minLength(1)),
  prices: z.record(z.string().check(z.minLength(1)), z.strictObject({ x86_64: rates, arm64: rates })),
  spotDiscountPercent: z.number().check(z.minimum(0), z.maximum(100)),
  /** The weekly digest: how many savings and risks it names (the rest are counted). */
  digestSchedule: z.string().check(z.minLength(1)),
  digestTopSavings: z.int().check(z.minimum(1), z.maximum(50)),
  digestTopRisks: z.int().check(z.minimum(1), z.maximum(50)),
};

export const RIGHT_SIZING_DEFAULTS = {
  mode: "observe",
  schedule: "rate(1 day)",
  lookbackDays: 14,
  minHistoryHours: 24,
  cpuPercentile: 95,
  cpuMarginPercent: 15,
  memoryPercentile: 100,
  memoryMarginPercent: 15,
  memoryHeadroomPercent: 10,
  oomFactor: 1.2,
  oomMinBumpMiB: 100,
  minCpuUnits: 26,
  minMemoryMiB: 250,
  region: "us-east-1",
  prices: {},
  spotDiscountPercent: 70,
  digestSchedule: "cron(0 9 ? * MON *)",
  digestTopSavings: 5,
  digestTopRisks: 5,
} as const;

export const rightSizingSettings = defineSettings(rightSizingShape, RIGHT_SIZING_DEFAULTS);

export type RightSizingSettings = z.output<typeof rightSizingSettings.full>;

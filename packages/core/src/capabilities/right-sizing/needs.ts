import type { TaskSize } from "./fargate-sizes.ts";
import { gb } from "./fargate-sizes.ts";
import { absoluteUse } from "./absolute.ts";
import { summarize, type Summary } from "./percentile.ts";
import type { RightSizingSettings } from "./settings.ts";
import type { Evidence, ServiceUsage, UsageSeries } from "./types.ts";

// From the measured use to needs in CPU units and MiB. `absolute.ts` turns each point into
// absolute use (Container Insights, or the percentage × the size of the revision that ran
// then); the percentiles are taken of those values, since one size no longer scales them all.

/** The evidence's measured part (types.ts Evidence), with the needs it leads to. */
export type Measured = Pick<Evidence, "coverageHours" | "periodSeconds" | "cpu" | "memory" | "chosen"> & {
  points: Evidence["dataPoints"];
  /** Needs before snapping; undefined when a series is empty. */
  cpuNeed: number | undefined;
  memoryNeed: number | undefined;
  notes: string[];
  /** Each point's absolute use (NaN: a gap), for the risk of the size finally recommended. */
  use: { cpu: Float64Array; memory: Float64Array };
  sources: string[];
};

type Rule = Pick<
  RightSizingSettings,
  | "cpuPercentile"
  | "cpuMarginPercent"
  | "memoryPercentile"
  | "memoryMarginPercent"
  | "memoryHeadroomPercent"
  | "oomFactor"
  | "oomMinBumpMiB"
>;

/** What each task reserves, the base of the utilization percentages (ECS's definition). */
export function reservation(usage: Pick<ServiceUsage, "taskSize" | "containers">): TaskSize {
  const sum = (f: (c: ServiceUsage["containers"][number]) => number | undefined) =>
    usage.containers.reduce((n, c) => n + (f(c) ?? 0), 0);
  return {
    cpu: usage.taskSize?.cpu ?? sum((c) => c.cpu),
    memory: usage.taskSize?.memory ?? sum((c) => c.memoryReservation ?? c.memory),
  };
}

/** The memory a task is killed above: the task's memory, else the containers' hard limits. */
export function memoryLimit(usage: Pick<ServiceUsage, "taskSize" | "containers">): number {
  return usage.taskSize?.memory ?? usage.containers.reduce((n, c) => n + (c.memory ?? c.memoryReservation ?? 0), 0);
}

export function measure(usage: ServiceUsage, rule: Rule): Measured {
  const use = absoluteUse(usage, reservation(usage));
  const cpu = summarized(use.cpu, rule.cpuPercentile);
  const memory = summarized(use.memory, rule.memoryPercentile);
  const notes: string[] = [];
  const cpuNeed = cpu && cpu.chosen * (1 + rule.cpuMarginPercent / 100);
  let memoryNeed = memory && memory.chosen * (1 + rule.memoryMarginPercent / 100);
  // Memory is not compressible: whatever the percentile, never below the peak seen + headroom.
  const floor = memory && memory.summary.max * (1 + rule.memoryHeadroomPercent / 100);
  if (memoryNeed !== undefined && floor !== undefined && memoryNeed < floor) {
    notes.push(
      `memory raised to the observed peak ${gb(memory!.summary.max)} + ${rule.memoryHeadroomPercent} % headroom (${Math.round(floor)} MiB): the rule gave ${Math.round(memoryNeed)} MiB`,
    );
    memoryNeed = floor;
  }
  if (memoryNeed !== undefined && usage.oomKills > 0) {
    const bumped = oomBump(memoryLimit(usage), rule);
    if (bumped > memoryNeed) {
      notes.push(
        `${usage.oomKills} OOM kill${usage.oomKills === 1 ? "" : "s"} of ${usage.revision}: memory raised to ${gb(bumped)} (limit ${gb(memoryLimit(usage))} × ${rule.oomFactor}, at least +${rule.oomMinBumpMiB} MiB)`,
      );
      memoryNeed = bumped;
    }
  }
  return {
    // Points × period (a gap is not data); the summaries already counted the finite points.
    coverageHours: Math.min(
      hoursOf(cpu?.summary.count ?? 0, usage.cpuUtilization),
      hoursOf(memory?.summary.count ?? 0, usage.memoryUtilization),
    ),
    periodSeconds: Math.max(usage.cpuUtilization.periodSeconds, usage.memoryUtilization.periodSeconds),
    points: { cpu: cpu?.summary.count ?? 0, memory: memory?.summary.count ?? 0 },
    cpu: cpu?.summary,
    memory: memory?.summary,
    chosen: { cpu: cpu?.chosen, memory: memory?.chosen },
    cpuNeed,
    memoryNeed,
    notes,
    use: { cpu: use.cpu, memory: use.memory },
    sources: use.sources,
  };
}

/** VPA's OOM bump: the limit that was hit × factor, and at least the limit + the minimum. */
export function oomBump(limitMiB: number, rule: Pick<Rule, "oomFactor" | "oomMinBumpMiB">): number {
  return Math.max(limitMiB * rule.oomFactor, limitMiB + rule.oomMinBumpMiB);
}

function hoursOf(points: number, series: UsageSeries): number {
  return (points * series.periodSeconds) / 3600;
}

function summarized(values: Float64Array, p: number): { summary: Summary; chosen: number } | undefined {
  const s = summarize(values, [p]);
  // A sum of 20,000 converted values carries float noise in the last digits; six decimals are
  // more than a person checking the mean needs.
  return s && { summary: { ...s.summary, mean: Math.round(s.summary.mean * 1e6) / 1e6 }, chosen: s.at(p) };
}

import type { TaskSize } from "./fargate-sizes.ts";
import { gb } from "./fargate-sizes.ts";
import { summarize, type Summary } from "./percentile.ts";
import type { RightSizingSettings } from "./settings.ts";
import type { Evidence, ServiceUsage, UsageSeries } from "./types.ts";

// From utilization percentages to needs in CPU units and MiB. `AWS/ECS` reports use as a
// percentage of what the task reserves, so the reservation converts it back; percentiles
// commute with that scaling, so the series is summarized once, in percent.

/** The evidence's measured part (types.ts Evidence), with the needs it leads to. */
export type Measured = Pick<Evidence, "coverageHours" | "periodSeconds" | "cpu" | "memory" | "chosen"> & {
  points: Evidence["dataPoints"];
  /** Needs before snapping; undefined when a series is empty. */
  cpuNeed: number | undefined;
  memoryNeed: number | undefined;
  notes: string[];
};

type Rule = Pick<RightSizingSettings, "cpuPercentile" | "cpuMarginPercent" | "memoryPercentile" | "memoryMarginPercent" | "oomFactor" | "oomMinBumpMiB">;

/** What each task reserves, the base of the utilization percentages (ECS's definition). */
export function reservation(usage: Pick<ServiceUsage, "taskSize" | "containers">): TaskSize {
  const sum = (f: (c: ServiceUsage["containers"][number]) => number | undefined) => usage.containers.reduce((n, c) => n + (f(c) ?? 0), 0);
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
  const reserved = reservation(usage);
  const cpu = summarized(usage.cpuUtilization, reserved.cpu, rule.cpuPercentile);
  const memory = summarized(usage.memoryUtilization, reserved.memory, rule.memoryPercentile);
  const notes: string[] = [];
  const cpuNeed = cpu && cpu.chosen * (1 + rule.cpuMarginPercent / 100);
  let memoryNeed = memory && memory.chosen * (1 + rule.memoryMarginPercent / 100);
  if (memoryNeed !== undefined && usage.oomKills > 0) {
    const bumped = oomBump(memoryLimit(usage), rule);
    if (bumped > memoryNeed) {
      notes.push(`${usage.oomKills} OOM kill${usage.oomKills === 1 ? "" : "s"} of ${usage.revision}: memory raised to ${gb(bumped)} (limit ${gb(memoryLimit(usage))} × ${rule.oomFactor}, at least +${rule.oomMinBumpMiB} MiB)`);
      memoryNeed = bumped;
    }
  }
  return {
    // Points × period (a gap is not data); the summaries already counted the finite points.
    coverageHours: Math.min(hoursOf(cpu?.summary.count ?? 0, usage.cpuUtilization), hoursOf(memory?.summary.count ?? 0, usage.memoryUtilization)),
    periodSeconds: Math.max(usage.cpuUtilization.periodSeconds, usage.memoryUtilization.periodSeconds),
    points: { cpu: cpu?.summary.count ?? 0, memory: memory?.summary.count ?? 0 },
    cpu: cpu?.summary,
    memory: memory?.summary,
    chosen: { cpu: cpu?.chosen, memory: memory?.chosen },
    cpuNeed,
    memoryNeed,
    notes,
  };
}

/** VPA's OOM bump: the limit that was hit × factor, and at least the limit + the minimum. */
export function oomBump(limitMiB: number, rule: Pick<Rule, "oomFactor" | "oomMinBumpMiB">): number {
  return Math.max(limitMiB * rule.oomFactor, limitMiB + rule.oomMinBumpMiB);
}

function hoursOf(points: number, series: UsageSeries): number {
  return (points * series.periodSeconds) / 3600;
}

function summarized(series: UsageSeries, reserved: number, p: number): { summary: Summary; chosen: number } | undefined {
  const s = summarize(series.values, [p]);
  if (!s) return undefined;
  const scale = (v: number) => (v / 100) * reserved;
  const { count, p50, p90, p95, p99, max, mean } = s.summary;
  const summary = { count, p50: scale(p50), p90: scale(p90), p95: scale(p95), p99: scale(p99), max: scale(max), mean: scale(mean) };
  return { summary, chosen: scale(s.at(p)) };
}

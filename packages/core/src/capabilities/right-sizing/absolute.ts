import { gb, vcpu, type TaskSize } from "./fargate-sizes.ts";
import { revisionName } from "./oom.ts";
import type { Dimension, InsightsSeries, RevisionSize, ServiceUsage, UsageSeries } from "./types.ts";

// Each minute's busiest task in absolute terms (CPU units, MiB), the values every percentile,
// margin and risk is computed from. Two sources, per point:
// - Container Insights, where the cluster has it: its service-level CpuUtilized/MemoryUtilized
//   are the service's totals, so total ÷ RunningTaskCount is the average task, and `AWS/ECS`
//   Maximum ÷ Average (both percentages of the same reservation) scales it to the busiest task.
//   No task size is involved, so a resize inside the lookback cannot skew it.
// - otherwise `AWS/ECS` utilization % × the size of the revision that ran at that minute
//   (`usage.revisions`), or × the current size when the revisions are not known.
// A point no source can convert (no revision known at its time) is left out, a gap.

export type AbsoluteUse = { cpu: Float64Array; memory: Float64Array; sources: string[] };

export function absoluteUse(usage: ServiceUsage, current: TaskSize): AbsoluteUse {
  const cpu = convert(usage, "cpu", current);
  const memory = convert(usage, "memory", current);
  return { cpu: cpu.values, memory: memory.values, sources: sourcesOf(usage, current, cpu.counts, memory.counts) };
}

type Counts = { insights: number; bySpan: number[]; current: number; leftOut: number };

function convert(
  usage: ServiceUsage,
  dimension: Dimension,
  current: TaskSize,
): { values: Float64Array; counts: Counts } {
  const series = dimension === "cpu" ? usage.cpuUtilization : usage.memoryUtilization;
  const spans = series.timestamps ? usage.revisions : undefined;
  const insights = series.timestamps && usage.insights ? insightsReader(usage.insights, dimension) : undefined;
  const out = new Float64Array(series.values.length);
  const counts: Counts = { insights: 0, bySpan: (spans ?? []).map(() => 0), current: 0, leftOut: 0 };
  if (!spans && !insights) {
    // The common case, one size for every point: a plain scaling loop (1,000 services × 14 days
    // are 40 M points). A gap (NaN) stays a gap.
    const f = current[dimension] / 100;
    for (let i = 0; i < out.length; i++) out[i] = series.values[i]! * f;
    counts.current = out.length;
    return { values: out, counts };
  }
  for (let i = 0; i < series.values.length; i++) {
    const percent = series.values[i]!;
    if (!Number.isFinite(percent)) {
      out[i] = Number.NaN;
      continue;
    }
    const t = series.timestamps?.[i];
    const absolute = insights && t !== undefined ? insights(t, percent) : undefined;
    if (absolute !== undefined) {
      out[i] = absolute;
      counts.insights++;
    } else if (spans) {
      const s = t === undefined ? -1 : spans.findIndex((span) => t >= span.from && t < span.to);
      out[i] = s < 0 ? Number.NaN : (percent / 100) * spans[s]!.size[dimension];
      if (s < 0) counts.leftOut++;
      else counts.bySpan[s]!++;
    } else {
      out[i] = (percent / 100) * current[dimension];
      counts.current++;
    }
  }
  return { values: out, counts };
}

/** The minute's busiest task from Container Insights, or undefined when a series lacks that minute. */
function insightsReader(
  s: InsightsSeries,
  dimension: Dimension,
): (t: number, maxPercent: number) => number | undefined {
  const total = byTime(dimension === "cpu" ? s.cpuUtilized : s.memoryUtilized);
  const average = byTime(dimension === "cpu" ? s.cpuAverage : s.memoryAverage);
  const tasks = byTime(s.runningTasks);
  return (t, maxPercent) => {
    const sum = total.get(t);
    const n = tasks.get(t);
    const avg = average.get(t);
    if (sum === undefined || n === undefined || !(n > 0) || avg === undefined) return undefined;
    // An idle minute (average 0 %) has nothing to scale: its busiest task is at 0 as well.
    return avg > 0 ? (sum / n) * (maxPercent / avg) : sum / n;
  };
}

function byTime(series: UsageSeries): Map<number, number> {
  const map = new Map<number, number>();
  const ts = series.timestamps;
  if (!ts) return map;
  for (let i = 0; i < series.values.length; i++)
    if (Number.isFinite(series.values[i]!)) map.set(ts[i]!, series.values[i]!);
  return map;
}

function sourcesOf(usage: ServiceUsage, current: TaskSize, cpu: Counts, memory: Counts): string[] {
  const hours = (points: number, series: UsageSeries) => `${Math.round((points * series.periodSeconds) / 360) / 10} h`;
  const lines: string[] = [];
  if (cpu.insights + memory.insights > 0) {
    lines.push(
      `Container Insights (CpuUtilized, MemoryUtilized ÷ RunningTaskCount × AWS/ECS Maximum ÷ Average): CPU ${hours(cpu.insights, usage.cpuUtilization)}, memory ${hours(memory.insights, usage.memoryUtilization)}`,
    );
  }
  const spans = usage.revisions ?? [];
  const used = spans.map((s, i) => ({ s, n: cpu.bySpan[i] ?? 0 })).filter((x) => x.n > 0);
  if (used.length > 0)
    lines.push(
      `AWS/ECS utilization × each revision's own size: ${used.map(({ s, n }) => `${label(s)} (${size(s.size)}) ${hours(n, usage.cpuUtilization)}`).join(", ")}`,
    );
  if (cpu.current + memory.current > 0) lines.push(`AWS/ECS utilization × the current size (${size(current)})`);
  const leftOut = Math.max(cpu.leftOut, memory.leftOut);
  if (leftOut > 0)
    lines.push(
      `${leftOut} point(s) left out: no one revision's size known at their time (a rollout, or a revision ECS no longer describes)`,
    );
  return lines;
}

function label(s: RevisionSize): string {
  return revisionName(s.revision);
}

function size(s: TaskSize): string {
  return `${vcpu(s.cpu)} / ${gb(s.memory)}`;
}

import type { MinuteUsage, UsageProfile } from "./usage.ts";
import { minuteUsage, oomKillsBetween, seedOf } from "./usage.ts";

// The simulated services' usage as CloudWatch metrics: `AWS/ECS` CPUUtilization and
// MemoryUtilization (percent of the reservation: Maximum the busiest task, Average the mean
// task) and Container Insights' service-level CpuUtilized/MemoryUtilized (the totals across the
// service's tasks, one value a minute, in CPU units and MiB) and RunningTaskCount, by
// ClusterName + ServiceName, aggregated from per-minute task samples to the asked period and
// statistic. CloudWatch's retention applies: a point older than 15 days exists only at a
// period that is a multiple of 5 minutes, older than 63 days of an hour, older than 455 days
// not at all (docs/design/aws-facts.md#cloudwatch-metrics).

export type ServiceKey = { cluster: string; service: string };

export type MetricRequest = {
  namespace: string;
  metricName: string;
  dimensions: Record<string, string>;
  stat: string;
  /** Seconds. */
  period: number;
};

export type Datapoints = { timestamps: number[]; values: number[] };

/** What CloudWatch answers for a query it cannot serve: a per-query StatusCode. */
export type MetricFault = "Forbidden" | "InternalError";

type Statistic = "Maximum" | "Minimum" | "Average" | "Sum" | "SampleCount";
const STATISTICS: readonly string[] = ["Maximum", "Minimum", "Average", "Sum", "SampleCount"];

const DAY = 86_400_000;

export class SimulatedUsage {
  private readonly services = new Map<string, { profile: UsageProfile; seed: number }>();
  private readonly faults = new Map<string, MetricFault>();
  private readonly now: () => number;

  constructor(now: () => number) {
    this.now = now;
  }

  setProfile(ref: ServiceKey, profile: UsageProfile): void {
    this.services.set(key(ref.cluster, ref.service), { profile, seed: seedOf(key(ref.cluster, ref.service)) });
  }

  /** Every query of the service answers with this StatusCode (and no points) until cleared. */
  setFault(ref: ServiceKey, fault: MetricFault | undefined): void {
    if (fault) this.faults.set(key(ref.cluster, ref.service), fault);
    else this.faults.delete(key(ref.cluster, ref.service));
  }

  faultOf(request: Pick<MetricRequest, "dimensions">): MetricFault | undefined {
    return this.faults.get(key(request.dimensions["ClusterName"] ?? "", request.dimensions["ServiceName"] ?? ""));
  }

  profileOf(ref: ServiceKey): UsageProfile | undefined {
    return this.services.get(key(ref.cluster, ref.service))?.profile;
  }

  /** OOM kills of the service's tasks in [start, end) (epoch ms), as the history would hold them. */
  oomKills(ref: ServiceKey, start: number, end: number): number {
    const s = this.services.get(key(ref.cluster, ref.service));
    return s ? oomKillsBetween(s.profile, s.seed, start, end) : 0;
  }

  /** A metric's points in [start, end) (epoch ms), oldest first; none for a metric that does not exist. */
  datapoints(request: MetricRequest, start: number, end: number): Datapoints {
    const out: Datapoints = { timestamps: [], values: [] };
    const read = reader(request);
    const names = Object.keys(request.dimensions).sort().join(",");
    const s = this.services.get(key(request.dimensions["ClusterName"] ?? "", request.dimensions["ServiceName"] ?? ""));
    // CloudWatch matches the exact dimension set; percentiles need raw samples AWS/ECS does not keep.
    if (!s || !read || names !== "ClusterName,ServiceName" || !STATISTICS.includes(request.stat)) return out;
    const periodMs = request.period * 1000;
    const now = this.now();
    for (let t = Math.floor(start / periodMs) * periodMs; t < end && t < now; t += periodMs) {
      if (!retained(now - t, request.period)) continue;
      const value = aggregate(s.profile, s.seed, t, Math.min(t + periodMs, now), request.stat as Statistic, read);
      if (value === undefined) continue;
      out.timestamps.push(t);
      out.values.push(value);
    }
    return out;
  }
}

type Reader = (m: MinuteUsage, p: UsageProfile) => { max: number; min: number; sum: number; count: number };

/** How each metric reads a minute's samples (percent, CPU units, MiB or a task count). */
function reader(r: MetricRequest): Reader | undefined {
  const scaled =
    (pick: (m: MinuteUsage) => MinuteUsage["cpu"], scale: (p: UsageProfile) => number): Reader =>
    (m, p) => {
      const s = pick(m);
      const f = scale(p) / 100;
      return { max: s.max * f, min: s.min * f, sum: s.sum * f, count: s.count };
    };
  // A service total: one sample a minute, the sum over the tasks.
  const total =
    (pick: (m: MinuteUsage) => MinuteUsage["cpu"], scale: (p: UsageProfile) => number): Reader =>
    (m, p) => {
      const sum = (pick(m).sum * scale(p)) / 100;
      return { max: sum, min: sum, sum, count: 1 };
    };
  if (r.namespace === "AWS/ECS" && r.metricName === "CPUUtilization")
    return scaled(
      (m) => m.cpu,
      () => 100,
    );
  if (r.namespace === "AWS/ECS" && r.metricName === "MemoryUtilization")
    return scaled(
      (m) => m.memory,
      () => 100,
    );
  if (r.namespace !== "ECS/ContainerInsights") return undefined;
  if (r.metricName === "CpuUtilized")
    return total(
      (m) => m.cpu,
      (p) => p.cpuUnits,
    );
  if (r.metricName === "MemoryUtilized")
    return total(
      (m) => m.memory,
      (p) => p.memoryMiB,
    );
  if (r.metricName === "RunningTaskCount") return (_m, p) => ({ max: p.tasks, min: p.tasks, sum: p.tasks, count: 1 });
  return undefined;
}

function aggregate(
  profile: UsageProfile,
  seed: number,
  from: number,
  to: number,
  stat: Statistic,
  read: Reader,
): number | undefined {
  let max = -Infinity;
  let min = Infinity;
  let sum = 0;
  let count = 0;
  for (let t = from; t < to; t += 60_000) {
    const minute = minuteUsage(profile, seed, t);
    if (!minute) continue;
    const s = read(minute, profile);
    max = Math.max(max, s.max);
    min = Math.min(min, s.min);
    sum += s.sum;
    count += s.count;
  }
  if (count === 0) return undefined;
  return { Maximum: max, Minimum: min, Average: sum / count, Sum: sum, SampleCount: count }[stat];
}

function retained(ageMs: number, period: number): boolean {
  if (ageMs > 455 * DAY) return false;
  if (ageMs > 63 * DAY) return period % 3600 === 0;
  if (ageMs > 15 * DAY) return period % 300 === 0;
  return true;
}

function key(cluster: string, service: string): string {
  return `${cluster}/${service}`;
}

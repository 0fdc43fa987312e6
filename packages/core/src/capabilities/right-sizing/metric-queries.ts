import type { ServiceRef } from "../../events/model.ts";

// Planning the GetMetricData calls of one run (docs/design/aws-facts.md#cloudwatch-metrics). Two limits per call: at most
// 500 metric queries and at most 100,800 datapoints returned (beyond that CloudWatch pages with
// NextToken, and each page is another call). The period is set by the age of the oldest point
// wanted: CloudWatch keeps 1-minute points 15 days, 5-minute points 63 days, 1-hour points
// 455 days. CloudWatch bills $0.01 per 1,000 metrics requested, whatever the packing: packing
// saves calls (and time, and throttling), not dollars.

export const GET_METRIC_DATA_LIMITS = {
  queriesPerCall: 500,
  datapointsPerCall: 100_800,
  usdPerThousandMetrics: 0.01,
} as const;

const DAY = 86_400;

/** The finest period CloudWatch still has for points `ageSeconds` old. */
export function periodFor(ageSeconds: number): 60 | 300 | 3600 {
  if (ageSeconds <= 15 * DAY) return 60;
  if (ageSeconds <= 63 * DAY) return 300;
  return 3600;
}

export type MetricKind =
  | "cpu-max"
  | "cpu-avg"
  | "memory-max"
  | "memory-avg"
  | "ci-cpu-max"
  | "ci-memory-max"
  | "ci-tasks";

type MetricSpec = { namespace: "AWS/ECS" | "ECS/ContainerInsights"; metricName: string; stat: "Maximum" | "Average" };

/**
 * What is asked for each service. `AWS/ECS` (free, always there): utilization as a percentage
 * of the reservation, Maximum (the busiest task, what sizing uses) and Average (for the
 * evidence). Container Insights adds the same in absolute units (CPU units, MiB) and the
 * running task count that prices the fleet.
 */
export const METRICS: Record<MetricKind, MetricSpec> = {
  "cpu-max": { namespace: "AWS/ECS", metricName: "CPUUtilization", stat: "Maximum" },
  "cpu-avg": { namespace: "AWS/ECS", metricName: "CPUUtilization", stat: "Average" },
  "memory-max": { namespace: "AWS/ECS", metricName: "MemoryUtilization", stat: "Maximum" },
  "memory-avg": { namespace: "AWS/ECS", metricName: "MemoryUtilization", stat: "Average" },
  "ci-cpu-max": { namespace: "ECS/ContainerInsights", metricName: "CpuUtilized", stat: "Maximum" },
  "ci-memory-max": { namespace: "ECS/ContainerInsights", metricName: "MemoryUtilized", stat: "Maximum" },
  "ci-tasks": { namespace: "ECS/ContainerInsights", metricName: "RunningTaskCount", stat: "Average" },
};

const BASE_KINDS: MetricKind[] = ["cpu-max", "memory-max", "cpu-avg", "memory-avg"];
const INSIGHTS_KINDS: MetricKind[] = ["ci-cpu-max", "ci-memory-max", "ci-tasks"];

export type ServiceToQuery = { ref: ServiceRef; containerInsights: boolean };

export type MetricQuery = MetricSpec & {
  /** Unique within its call; CloudWatch wants ^[a-z][a-zA-Z0-9_]*$. */
  id: string;
  ref: ServiceRef;
  kind: MetricKind;
  period: number;
  dimensions: { name: "ClusterName" | "ServiceName"; value: string }[];
};

export type PlannedCall = { queries: MetricQuery[]; datapoints: number };

export type QueryPlan = {
  start: Date;
  end: Date;
  period: number;
  pointsPerQuery: number;
  calls: PlannedCall[];
  queries: number;
  datapoints: number;
  /** The fewest calls the two limits allow: max(⌈queries / 500⌉, ⌈datapoints / 100,800⌉). */
  minimumCalls: number;
  usd: number;
};

/** How many queries one call holds over this window: whichever limit binds first. */
export function queriesPerCall(window: { start: Date; end: Date }, now: Date): number {
  const period = periodFor((now.getTime() - window.start.getTime()) / 1000);
  const pointsPerQuery = Math.ceil((window.end.getTime() - window.start.getTime()) / 1000 / period);
  return Math.max(
    1,
    Math.min(
      GET_METRIC_DATA_LIMITS.queriesPerCall,
      Math.floor(GET_METRIC_DATA_LIMITS.datapointsPerCall / Math.max(1, pointsPerQuery)),
    ),
  );
}

export function planQueries(
  services: readonly ServiceToQuery[],
  window: { start: Date; end: Date },
  now: Date,
): QueryPlan {
  const period = periodFor((now.getTime() - window.start.getTime()) / 1000);
  const pointsPerQuery = Math.ceil((window.end.getTime() - window.start.getTime()) / 1000 / period);
  const { queriesPerCall, datapointsPerCall, usdPerThousandMetrics } = GET_METRIC_DATA_LIMITS;
  if (pointsPerQuery > datapointsPerCall)
    throw new RangeError(
      `one metric over this window is ${pointsPerQuery} points, more than the ${datapointsPerCall} a call returns`,
    );
  // Every query of a run has the same period and window, so the same size: filling each call
  // in turn to whichever limit binds first is optimal (no bin-packing search needed).
  const perCall = Math.max(1, Math.min(queriesPerCall, Math.floor(datapointsPerCall / Math.max(1, pointsPerQuery))));
  const all = services.flatMap((s) =>
    [...BASE_KINDS, ...(s.containerInsights ? INSIGHTS_KINDS : [])].map((kind) => ({ ref: s.ref, kind })),
  );
  const calls: PlannedCall[] = [];
  for (let i = 0; i < all.length; i += perCall) {
    const queries = all.slice(i, i + perCall).map((q, j) => query(q.ref, q.kind, `q${j}`, period));
    calls.push({ queries, datapoints: queries.length * pointsPerQuery });
  }
  const datapoints = all.length * pointsPerQuery;
  return {
    ...window,
    period,
    pointsPerQuery,
    calls,
    queries: all.length,
    datapoints,
    minimumCalls: Math.max(Math.ceil(all.length / queriesPerCall), Math.ceil(datapoints / datapointsPerCall)),
    usd: (all.length / 1000) * usdPerThousandMetrics,
  };
}

function query(ref: ServiceRef, kind: MetricKind, id: string, period: number): MetricQuery {
  return {
    ...METRICS[kind],
    id,
    ref,
    kind,
    period,
    dimensions: [
      { name: "ClusterName", value: ref.cluster },
      { name: "ServiceName", value: ref.service },
    ],
  };
}

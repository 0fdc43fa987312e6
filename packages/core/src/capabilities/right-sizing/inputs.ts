import { spotTasks } from "../../pricing/fargate.ts";
import type { ServiceDescription } from "../../model/description.ts";
import { placeOf } from "../../model/service-ref.ts";
import type { MetricKind } from "./metric-queries.ts";
import type { Architecture } from "./prices.ts";
import type {
  ContainerReservation,
  InsightsSeries,
  RevisionSize,
  ServiceUsage,
  TargetTracking,
  UsageSeries,
} from "./types.ts";

// From what the scheduled run gathers (ECS's view of the service, the CloudWatch series, the
// scaling policies, the history's OOM count) to the recommendation's input. Pure, so the run
// itself stays a script: discover → read → usageOf → recommend → compare → record.

/** The part of an Application Auto Scaling ScalingPolicy (DescribeScalingPolicies) read here. */
export type ScalingPolicyLike = {
  PolicyName?: string | undefined;
  PolicyType?: string | undefined;
  TargetTrackingScalingPolicyConfiguration?:
    | {
        TargetValue?: number | undefined;
        PredefinedMetricSpecification?: { PredefinedMetricType?: string | undefined } | undefined;
        CustomizedMetricSpecification?: { MetricName?: string | undefined; Namespace?: string | undefined } | undefined;
      }
    | undefined;
};

/** Which dimension each target-tracking policy scales on; step and other policies do not count. */
export function targetTrackingOf(policies: readonly ScalingPolicyLike[]): TargetTracking[] {
  return policies.flatMap((p) => {
    const config = p.TargetTrackingScalingPolicyConfiguration;
    if (p.PolicyType !== "TargetTrackingScaling" || !config) return [];
    const dimension = dimensionOf(config);
    return dimension
      ? [{ dimension, policyName: p.PolicyName ?? "(unnamed)", targetValue: config.TargetValue ?? Number.NaN }]
      : [];
  });
}

function dimensionOf(
  config: NonNullable<ScalingPolicyLike["TargetTrackingScalingPolicyConfiguration"]>,
): TargetTracking["dimension"] | undefined {
  const predefined = config.PredefinedMetricSpecification?.PredefinedMetricType;
  if (predefined === "ECSServiceAverageCPUUtilization") return "cpu";
  if (predefined === "ECSServiceAverageMemoryUtilization") return "memory";
  // A custom metric on the service's own utilization scales on that dimension just the same.
  const custom = config.CustomizedMetricSpecification;
  if (custom?.Namespace === "AWS/ECS" && custom.MetricName === "CPUUtilization") return "cpu";
  if (custom?.Namespace === "AWS/ECS" && custom.MetricName === "MemoryUtilization") return "memory";
  return undefined;
}

export type Gathered = {
  service: ServiceDescription;
  series: Partial<Record<MetricKind, UsageSeries>>;
  containers: ContainerReservation[];
  architecture: Architecture;
  oomKills: number;
  scalingPolicies: readonly ScalingPolicyLike[];
  lookbackHours: number;
  /** Which revision's size converts which minutes (revisions.ts, with the sizes described). */
  revisions?: RevisionSize[] | undefined;
};

export function usageOf(g: Gathered): ServiceUsage {
  const tasks = averageTasks(g);
  const onSpot =
    g.service.desiredCount > 0
      ? spotTasks(g.service.capacityProviderStrategy, g.service.desiredCount) / g.service.desiredCount
      : 0;
  const empty = { periodSeconds: 60, values: [] };
  return {
    ref: { cluster: g.service.cluster, service: g.service.service, ...placeOf(g.service) },
    revision: g.service.taskDefinition,
    launchType: g.service.launchType === "EC2" ? "EC2" : "FARGATE",
    taskSize: g.service.taskSize,
    containers: g.containers,
    architecture: g.architecture,
    tasks,
    spotShare: onSpot,
    cpuUtilization: g.series["cpu-max"] ?? empty,
    memoryUtilization: g.series["memory-max"] ?? empty,
    revisions: g.revisions,
    insights: insightsOf(g.series),
    lookbackHours: g.lookbackHours,
    oomKills: g.oomKills,
    targetTracking: targetTrackingOf(g.scalingPolicies),
  };
}

/** Container Insights' series, when the cluster has it and all of them came back. */
function insightsOf(series: Gathered["series"]): InsightsSeries | undefined {
  const {
    "ci-cpu-max": cpuUtilized,
    "ci-memory-max": memoryUtilized,
    "ci-tasks": runningTasks,
    "cpu-avg": cpuAverage,
    "memory-avg": memoryAverage,
  } = series;
  if (!cpuUtilized || !memoryUtilized || !runningTasks || !cpuAverage || !memoryAverage) return undefined;
  return { cpuUtilized, memoryUtilized, runningTasks, cpuAverage, memoryAverage };
}

/** The month is priced at the average running count (Container Insights), else the desired count now. */
function averageTasks(g: Gathered): number {
  const counts = g.series["ci-tasks"]?.values;
  if (!counts || counts.length === 0) return g.service.desiredCount;
  let sum = 0;
  let n = 0;
  for (let i = 0; i < counts.length; i++) {
    if (Number.isFinite(counts[i]!)) {
      sum += counts[i]!;
      n++;
    }
  }
  return n === 0 ? g.service.desiredCount : sum / n;
}

import type { ServiceRef } from "../../events/model.ts";
import type { TaskSize } from "./fargate-sizes.ts";
import type { Architecture } from "./prices.ts";
import type { Summary } from "./percentile.ts";

// What the right-sizing recommendation reads and what it returns. All of it is plain data, so
// a recommendation is stored in the history as it is and read back by the CLI.

export type Dimension = "cpu" | "memory";

/** One metric's points at one period; missing points are simply absent (or NaN). */
export type UsageSeries = {
  periodSeconds: number;
  values: ArrayLike<number> /** epoch ms of each value, when known */;
  timestamps?: ArrayLike<number> | undefined;
};

/** A revision's (or, during a rollout, two revisions') time in the lookback, [from, to) epoch ms, and the size its percentages are of. */
export type RevisionSize = { revision: string; from: number; to: number; size: TaskSize };

/** Container Insights' service totals (CPU units, MiB, tasks) and `AWS/ECS` Average %, to get each minute's busiest task in absolute terms. */
export type InsightsSeries = {
  cpuUtilized: UsageSeries;
  memoryUtilized: UsageSeries;
  runningTasks: UsageSeries;
  cpuAverage: UsageSeries;
  memoryAverage: UsageSeries;
};

export type ContainerReservation = {
  name: string;
  cpu?: number | undefined;
  memory?: number | undefined;
  memoryReservation?: number | undefined;
};

export type TargetTracking = { dimension: Dimension; policyName: string; targetValue: number };

export type ServiceUsage = {
  ref: ServiceRef;
  /** The task definition the data belongs to (the service's current revision). */
  revision: string;
  launchType: "FARGATE" | "EC2";
  /** The task-level size (CPU units, MiB): always on Fargate, optional on EC2. */
  taskSize: TaskSize | undefined;
  containers: ContainerReservation[];
  architecture: Architecture;
  /** Average running tasks and the share of them on FARGATE_SPOT (0–1). */
  tasks: number;
  spotShare: number;
  /**
   * `AWS/ECS` CPUUtilization / MemoryUtilization, statistic Maximum, per minute: the busiest
   * task's use as a percentage of what the task reserves. A task is sized for the busiest one.
   */
  cpuUtilization: UsageSeries;
  memoryUtilization: UsageSeries;
  /**
   * Which revision's size converts which minutes (needs timestamps on the series). Absent: the
   * current size converts every point. Points outside every span are left out.
   */
  revisions?: RevisionSize[] | undefined;
  /** With Container Insights on the cluster: absolute use, no conversion by a size needed. */
  insights?: InsightsSeries | undefined;
  lookbackHours: number;
  /** OOM kills of tasks of `revision` within the lookback (from the history). */
  oomKills: number;
  /** Application Auto Scaling target-tracking policies of the service (DescribeScalingPolicies). */
  targetTracking: TargetTracking[];
};

export type Finding = "over-provisioned" | "under-provisioned" | "optimized";

export type DimensionResult =
  | {
      dimension: Dimension;
      status: "sized";
      current: number;
      needed: number;
      recommended: number;
      finding: Finding;
      bound: string;
    }
  | { dimension: Dimension; status: "skipped"; current: number; reason: string };

export type ContainerAdvice = { name: string; cpu: number; memory: number; memoryReservation: number };

export type Cost = {
  nowMonthly: number;
  recommendedMonthly: number;
  savingsMonthly: number;
  /** The recommended size on ARM (Graviton), only offered to services not using Spot. */
  arm: { suggested: true; monthly: number; savingsMonthly: number } | { suggested: false; reason: string };
};

export type Evidence = {
  lookbackHours: number;
  periodSeconds: number;
  /** Hours the data covers (points × period), the figure the 24 h minimum is checked against. */
  coverageHours: number;
  dataPoints: { cpu: number; memory: number };
  /** Per-minute Maximum across tasks, in CPU units and MiB. */
  cpu: Summary | undefined;
  memory: Summary | undefined;
  /** The configured percentile of each (CPU units, MiB), the value the margin is added to. */
  chosen: { cpu: number | undefined; memory: number | undefined };
  oomKills: number;
  /** The numbers used: percentiles, margins, OOM bump. */
  rule: {
    cpuPercentile: number;
    cpuMarginPercent: number;
    memoryPercentile: number;
    memoryMarginPercent: number;
    oomFactor: number;
    oomMinBumpMiB: number;
  };
  /** What decided each dimension ("need", "memory forces 1 vCPU", "target tracking on CPU"). */
  boundBy: { cpu: string; memory: string };
  /** Where the absolute use came from (Container Insights, or percentages × which revision's size for how long). */
  sources?: string[] | undefined;
  /** How often the recommended size would have been exceeded over the lookback (absent in records stored before it existed). */
  risk?: Risk | undefined;
};

/** Datapoints (at the query period) whose use is above a size. */
export type Exceeded = { above: number; points: number; percent: number };

export type Risk = { basis: "datapoints"; periodSeconds: number; cpu: Exceeded; memory: Exceeded };

export type Recommendation = {
  ref: ServiceRef;
  revision: string;
  launchType: "FARGATE" | "EC2";
  status: "recommend" | "optimized" | "insufficient-data" | "skipped";
  finding: Finding | undefined;
  /** One line a person reads first. */
  summary: string;
  current: TaskSize;
  /** Fargate: a valid task size. EC2: the task's total of the container advice. */
  recommended: TaskSize | undefined;
  containers: ContainerAdvice[] | undefined;
  dimensions: DimensionResult[];
  cost: Cost | undefined;
  /** Why the cost is missing, when it is (EC2, a region without prices). */
  costNote: string | undefined;
  evidence: Evidence;
  notes: string[];
};

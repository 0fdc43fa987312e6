import type { ServiceRef } from "../../events/model.ts";
import type { ScalingPolicyLike } from "./inputs.ts";
import type { MetricKind, QueryPlan } from "./metric-queries.ts";
import type { Architecture } from "./prices.ts";
import type { ContainerReservation, Recommendation, UsageSeries } from "./types.ts";

// What the scheduled right-sizing run needs from AWS and from the history (adapters in
// packages/aws: ecs/task-definitions.ts, autoscaling/scalable-targets.ts,
// cloudwatch/metric-reader.ts, history/recommendation-store.ts).

/** The part of a task definition the recommendation reads (DescribeTaskDefinition). */
export type TaskDefinitionView = {
  arn: string;
  /** Task-level size (CPU units, MiB); required on Fargate, optional on EC2. */
  cpu: number | undefined;
  memory: number | undefined;
  architecture: Architecture;
  containers: ContainerReservation[];
};

export interface TaskDefinitionReader {
  /** Undefined when ECS does not know the revision (deregistered and gone). */
  taskDefinition(arn: string): Promise<TaskDefinitionView | undefined>;
}

export interface ClusterSettingsReader {
  /** The names, among these clusters, that have Container Insights on (enabled or enhanced). */
  withContainerInsights(clusters: readonly string[]): Promise<Set<string>>;
}

export interface ScalingPolicyReader {
  /**
   * Every scaling policy of ECS services in the account and region, by "cluster/service": one
   * paged listing of the `ecs` namespace, instead of one DescribeScalingPolicies per service.
   */
  scalingPoliciesByService(): Promise<Map<string, ScalingPolicyLike[]>>;
}

/** By "cluster/service"; `error`: a query of the service failed (refused, CloudWatch's error), so it cannot be sized this run. */
export type MetricsByService = {
  services: Map<string, { series: Partial<Record<MetricKind, UsageSeries>>; error?: string | undefined }>;
  requests: number;
};

export interface UsageMetricReader {
  read(plan: QueryPlan): Promise<MetricsByService>;
}

/** A recommendation as the history keeps it: the latest per service, with its evidence. */
export type StoredRecommendation = {
  recommendation: Recommendation;
  /** When the run computed it. */
  at: string;
  /** When the advice it carries was first announced (unchanged runs keep this time). */
  announcedAt: string;
  /** What changed at that announcement ("first recommendation", "recommended size", …). */
  change: string[];
};

export interface RecommendationStore {
  latest(ref: ServiceRef): Promise<StoredRecommendation | undefined>;
  /** Every stored recommendation, optionally of one cluster (and service). */
  list(filter?: { cluster?: string | undefined; service?: string | undefined }): Promise<StoredRecommendation[]>;
  /**
   * Replaces the service's latest recommendation; with `announce`, the same write adds a
   * timeline entry saying what changed (one write: never one without the other).
   */
  save(stored: StoredRecommendation, options: { announce: boolean }): Promise<void>;
  /**
   * Claims the week's digest: true once per week, unless an earlier claim failed or went stale
   * (its sender died before marking it sent), so a re-run never sends a second digest.
   */
  claimDigest(week: string, now: Date): Promise<boolean>;
  /** The digest went out; `failed`: it did not, and the next run may claim it again. */
  finishDigest(
    week: string,
    outcome: { sent: true; at: string; title: string } | { sent: false; error: string },
  ): Promise<void>;
}

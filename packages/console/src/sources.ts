import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoPipelineStore } from "@ecs-guardrails/aws/codepipeline/pipeline-store";
import { DynamoRecommendationStore } from "@ecs-guardrails/aws/history/recommendation-store";
import type { GuardrailsConfig } from "@ecs-guardrails/core/config/schema";
import { resolveSettings } from "@ecs-guardrails/core/config/resolve";
import type { ServiceRef } from "@ecs-guardrails/core/events/model";
import type { EcsBreaker } from "@ecs-guardrails/core/model/circuit-breaker";
import type { ServiceDescription } from "@ecs-guardrails/core/model/description";
import { serviceKey } from "@ecs-guardrails/core/model/service-ref";
import type { Recommendation } from "@ecs-guardrails/core/capabilities/right-sizing/types";
import type { ServicePreview } from "@ecs-guardrails/core/capabilities/scheduled-scaling/preview-format";
import { previewService } from "@ecs-guardrails/core/capabilities/scheduled-scaling/service-preview";
import { scheduleSettingsOf } from "./schedule-settings.ts";

// What the console shows beyond the history store's own items, each behind one small function
// so that the stores being built alongside (recommendations, pipeline provenance) plug in here
// without touching the pages. Until they are wired, the defaults below say "none recorded".

/** The CodePipeline execution and commit behind a deployment (the gate/verify's provenance). */
export type PipelineLink = {
  pipeline: string;
  executionId: string;
  commit: string | undefined;
  url?: string | undefined;
};

export type ConsoleSources = {
  /** The service's latest right-sizing recommendation, if one was computed. */
  recommendation(ref: ServiceRef): Promise<Recommendation | undefined>;
  /** The pipeline execution that started a deployment, if known. */
  pipeline(ref: ServiceRef, deploymentId: string): Promise<PipelineLink | undefined>;
  /** The coming 7 days of the service's schedule; computed from the configuration today. */
  schedule(ref: ServiceRef, now: Date): Promise<ServicePreview | undefined>;
  /** The service's ECS tags (they can change modes and pick a schedule); none known by default. */
  tags(ref: ServiceRef): Promise<Record<string, string>>;
  /** ECS's circuit breaker as the service configures it (DescribeServices); unknown by default. */
  ecsBreaker(ref: ServiceRef): Promise<EcsBreaker | undefined>;
  /**
   * The service as ECS describes it now: "missing" when ECS has no such service, undefined when
   * the console cannot ask ECS (the default: a deployed table is read without ECS access).
   */
  ecsService(ref: ServiceRef): Promise<ServiceDescription | "missing" | undefined>;
  /** Each service's monthly cost now, by "cluster/service", from the stored right-sizing recommendations. */
  monthlyCosts(): Promise<Map<string, number>>;
};

export const PREVIEW_DAYS = 7;

/** The schedule preview from the configuration (and tags when a source knows them). */
export function schedulePreview(
  config: GuardrailsConfig,
  ref: ServiceRef,
  tags: Record<string, string>,
  now: Date,
): ServicePreview | undefined {
  const settings = scheduleSettingsOf(resolveSettings(config, ref, tags).policies["scheduled-scaling"]);
  return settings && previewService(ref, settings, tags, now, PREVIEW_DAYS);
}

export function defaultSources(config: GuardrailsConfig, overrides: Partial<ConsoleSources> = {}): ConsoleSources {
  const tags = overrides.tags ?? (async () => ({}));
  return {
    recommendation: async () => undefined,
    pipeline: async () => undefined,
    ecsBreaker: async () => undefined,
    ecsService: async () => undefined,
    monthlyCosts: async () => new Map(),
    schedule: async (ref, now) => schedulePreview(config, ref, await tags(ref), now),
    tags,
    ...overrides,
  };
}

/** The sources a history table holds itself: stored right-sizing recommendations, pipeline provenance. */
export function tableSources(
  config: GuardrailsConfig,
  client: DynamoDBClient,
  tableName: string,
  overrides: Partial<ConsoleSources> = {},
): ConsoleSources {
  const recommendations = new DynamoRecommendationStore({ client, tableName });
  const pipelines = new DynamoPipelineStore({ client, tableName });
  return defaultSources(config, {
    recommendation: async (ref) => (await recommendations.latest(ref))?.recommendation,
    // One query of the recommendations' index for the whole overview, not one read per service.
    monthlyCosts: async () =>
      new Map(
        (await recommendations.list()).flatMap(({ recommendation: r }) =>
          r.cost ? [[serviceKey(r.ref), r.cost.nowMonthly] as const] : [],
        ),
      ),
    pipeline: async (ref, deploymentId) => {
      const link = await pipelines.deploymentLink(ref, deploymentId);
      if (!link) return undefined;
      // The link copies the pipeline and commit when they were known; else the execution has them.
      const execution = link.pipeline && link.commitId ? undefined : await pipelines.execution(link.executionId);
      return {
        pipeline: link.pipeline ?? execution?.pipeline ?? "unknown pipeline",
        executionId: link.executionId,
        commit: link.commitId ?? execution?.trigger?.commitId,
      };
    },
    ...overrides,
  });
}

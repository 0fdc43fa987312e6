import { ApplicationAutoScalingClient } from "@aws-sdk/client-application-auto-scaling";
import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { AppAutoScalingTargets } from "@ecs-guardrails/aws/autoscaling/scalable-targets";
import { CloudWatchMetricReader } from "@ecs-guardrails/aws/cloudwatch/metric-reader";
import { EcsClusterSettings } from "@ecs-guardrails/aws/ecs/cluster-settings";
import { EcsServiceGateway } from "@ecs-guardrails/aws/ecs/service-gateway";
import { EcsTaskDefinitions } from "@ecs-guardrails/aws/ecs/task-definitions";
import { DynamoRecommendationStore } from "@ecs-guardrails/aws/history/recommendation-store";
import { DynamoHistoryStore } from "@ecs-guardrails/aws/history/dynamo-history-store";
import { base, defaultClients, type Clients } from "./base.ts";
import type { RightSizeDeps } from "@ecs-guardrails/core/capabilities/right-sizing/right-size";
import type { DigestDeps } from "@ecs-guardrails/core/capabilities/right-sizing/right-sizing-digest";
import { readEvidence } from "@ecs-guardrails/core/history/observe-reads";

// The right-sizing function's dependencies: the base (base.ts), CloudWatch and Application Auto
// Scaling. Its own file so the ingest and reconcile bundles never carry the CloudWatch client.

export type RightSizingDeps = RightSizeDeps & DigestDeps;

export function rightSizingDeps(
  env: NodeJS.ProcessEnv = process.env,
  overrides: Partial<RightSizingDeps> = {},
  clients: Clients = defaultClients,
): RightSizingDeps {
  const { config, dynamo, tableName, retention, ecs, notifier, clock } = base(env, clients);
  // Right-sizing reads deployments' OOM kills: the whole store's reads.
  const history = new DynamoHistoryStore({ client: dynamo, tableName, retention });
  return {
    config,
    ecs: new EcsServiceGateway(ecs),
    clusters: new EcsClusterSettings(ecs),
    taskDefinitions: new EcsTaskDefinitions(ecs),
    scaling: new AppAutoScalingTargets(new ApplicationAutoScalingClient(clients("application-auto-scaling"))),
    metrics: new CloudWatchMetricReader({ client: new CloudWatchClient(clients("cloudwatch")) }),
    history,
    recommendations: new DynamoRecommendationStore({ client: dynamo, tableName, retention }),
    // Publishes on the weekly digest only: the daily runs notify nobody.
    notifier,
    clock,
    // The digest's observe section: ListServices/DescribeServices and the history's queries, as above.
    observed: (since, now) => readEvidence({ config, ecs: new EcsServiceGateway(ecs), history }, since, now),
    ...overrides,
  };
}

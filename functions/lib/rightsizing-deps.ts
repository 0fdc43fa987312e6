import { ApplicationAutoScalingClient } from "@aws-sdk/client-application-auto-scaling";
import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { ECSClient } from "@aws-sdk/client-ecs";
import { SNSClient } from "@aws-sdk/client-sns";
import { AppAutoScalingTargets } from "@ecs-guardrails/aws/autoscaling/scalable-targets";
import { CloudWatchMetricReader } from "@ecs-guardrails/aws/cloudwatch/metric-reader";
import { EcsClusterSettings } from "@ecs-guardrails/aws/ecs/cluster-settings";
import { EcsServiceGateway } from "@ecs-guardrails/aws/ecs/service-gateway";
import { EcsTaskDefinitions } from "@ecs-guardrails/aws/ecs/task-definitions";
import { DynamoHistoryStore } from "@ecs-guardrails/aws/history/dynamo-history-store";
import { DynamoRecommendationStore } from "@ecs-guardrails/aws/history/recommendation-store";
import { DEFAULT_RETENTION } from "@ecs-guardrails/aws/history/retention";
import { SnsNotifier } from "@ecs-guardrails/aws/sns/sns-notifier";
import { systemClock } from "@ecs-guardrails/core/engine/ports";
import type { RightSizeDeps } from "@ecs-guardrails/core/capabilities/right-sizing/right-size";
import type { DigestDeps } from "@ecs-guardrails/core/capabilities/right-sizing/right-sizing-digest";
import { configAtColdStart } from "./config.ts";
import { requireEnv } from "./env.ts";
import { lazyNotifier } from "./lazy.ts";

// The right-sizing function's clients, built once per container. Its own file so the ingest
// and reconcile bundles never carry the CloudWatch and Application Auto Scaling clients.

export type RightSizingDeps = RightSizeDeps & DigestDeps;

export function rightSizingDeps(env: NodeJS.ProcessEnv = process.env, overrides: Partial<RightSizingDeps> = {}): RightSizingDeps {
  const config = configAtColdStart(env);
  const dynamo = new DynamoDBClient({});
  const ecs = new ECSClient({});
  const tableName = requireEnv("TABLE_NAME", env);
  const retention = { ...DEFAULT_RETENTION, timelineDays: config.history.ttlDays };
  const topicArn = requireEnv("TOPIC_ARN", env);
  return {
    config,
    ecs: new EcsServiceGateway(ecs),
    clusters: new EcsClusterSettings(ecs),
    taskDefinitions: new EcsTaskDefinitions(ecs),
    scaling: new AppAutoScalingTargets(new ApplicationAutoScalingClient({})),
    metrics: new CloudWatchMetricReader({ client: new CloudWatchClient({}) }),
    history: new DynamoHistoryStore({ client: dynamo, tableName, retention }),
    recommendations: new DynamoRecommendationStore({ client: dynamo, tableName, retention }),
    // Built on the weekly digest only: the daily runs publish nothing.
    notifier: lazyNotifier(() => new SnsNotifier({ client: new SNSClient({}), topicArn, minSeverity: config.notifications.minSeverity })),
    clock: systemClock,
    ...overrides,
  };
}

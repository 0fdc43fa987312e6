import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { ECSClient } from "@aws-sdk/client-ecs";
import { SNSClient } from "@aws-sdk/client-sns";
import { EcsDeploymentResolver } from "@ecs-guardrails/aws/ecs/deployment-resolver";
import { EcsServiceGateway } from "@ecs-guardrails/aws/ecs/service-gateway";
import { DynamoDecisionStore } from "@ecs-guardrails/aws/history/decision-store";
import { DynamoHistoryStore } from "@ecs-guardrails/aws/history/dynamo-history-store";
import { DEFAULT_RETENTION } from "@ecs-guardrails/aws/history/retention";
import { SnsNotifier } from "@ecs-guardrails/aws/sns/sns-notifier";
import { DynamoPipelineStore } from "@ecs-guardrails/aws/codepipeline/pipeline-store";
import { withProvenance } from "@ecs-guardrails/core/history/provenance-notifier";
import type { Severity } from "@ecs-guardrails/core/notifications/notice";
import { systemClock } from "@ecs-guardrails/core/engine/ports";
import type { ProcessDeps } from "@ecs-guardrails/core/engine/process-event";
import { configAtColdStart } from "./config.ts";
import { requireEnv } from "./env.ts";
import { lazyNotifier } from "./lazy.ts";

// Clients are built once per Lambda container. Endpoints come from the SDK's own
// AWS_ENDPOINT_URL_<SERVICE> variables, which is how the local runtime points them at itself.

/** `overrides` lets the local runtime inject its simulated clock or a recording notifier. */
export function processDeps(env: NodeJS.ProcessEnv = process.env, overrides: Partial<ProcessDeps> = {}): ProcessDeps {
  const config = configAtColdStart(env);
  const dynamo = new DynamoDBClient({});
  const ecs = new ECSClient({});
  const tableName = requireEnv("TABLE_NAME", env);
  const retention = { ...DEFAULT_RETENTION, timelineDays: config.history.ttlDays };
  const history = new DynamoHistoryStore({ client: dynamo, tableName, retention });
  const pipelines = new DynamoPipelineStore({ client: dynamo, tableName, retention });
  return {
    config,
    history,
    deployments: new EcsDeploymentResolver(ecs),
    store: new DynamoDecisionStore({ client: dynamo, tableName, reads: history, retention }),
    ecs: new EcsServiceGateway(ecs),
    // Notices about a deployment a pipeline released name the pipeline and the commit.
    notifier: withProvenance(snsNotifier(requireEnv("TOPIC_ARN", env), config.notifications.minSeverity), pipelines),
    pipelines,
    clock: systemClock,
    ...overrides,
  };
}

/** SNS is off the common path (most events decide nothing): built on the first notice. */
function snsNotifier(topicArn: string, minSeverity: Severity) {
  return lazyNotifier(() => new SnsNotifier({ client: new SNSClient({}), topicArn, minSeverity }));
}

import { CodePipelineClient } from "@aws-sdk/client-codepipeline";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { ECSClient } from "@aws-sdk/client-ecs";
import { SNSClient } from "@aws-sdk/client-sns";
import { Logger } from "@aws-lambda-powertools/logger";
import { CodePipelineJobResults } from "@ecs-guardrails/aws/codepipeline/job-results";
import { DynamoPipelineStore } from "@ecs-guardrails/aws/codepipeline/pipeline-store";
import { EcsServiceGateway } from "@ecs-guardrails/aws/ecs/service-gateway";
import { DynamoDecisionStore } from "@ecs-guardrails/aws/history/decision-store";
import { DynamoHistoryStore } from "@ecs-guardrails/aws/history/dynamo-history-store";
import { DEFAULT_RETENTION } from "@ecs-guardrails/aws/history/retention";
import { SnsNotifier } from "@ecs-guardrails/aws/sns/sns-notifier";
import type { PipelineJobDeps } from "@ecs-guardrails/core/capabilities/deploy-stage/run-job";
import { systemClock } from "@ecs-guardrails/core/engine/ports";
import { configAtColdStart } from "./config.ts";
import { requireEnv } from "./env.ts";
import { lazyNotifier } from "./lazy.ts";

// The deploy-stage function's dependencies, built once per container. It reads the history and
// ECS and answers CodePipeline; it never changes a service, so it holds no executor.

export function pipelineDeps(env: NodeJS.ProcessEnv = process.env, overrides: Partial<PipelineJobDeps> = {}, logger: Logger = new Logger({ serviceName: "ecs-guardrails" })): PipelineJobDeps {
  const config = configAtColdStart(env);
  const dynamo = new DynamoDBClient({});
  const tableName = requireEnv("TABLE_NAME", env);
  const retention = { ...DEFAULT_RETENTION, timelineDays: config.history.ttlDays };
  const history = new DynamoHistoryStore({ client: dynamo, tableName, retention });
  const topicArn = requireEnv("TOPIC_ARN", env);
  return {
    config,
    results: new CodePipelineJobResults(new CodePipelineClient({})),
    store: new DynamoPipelineStore({ client: dynamo, tableName, retention }),
    history: new DynamoDecisionStore({ client: dynamo, tableName, reads: history, retention }),
    failures: history,
    ecs: new EcsServiceGateway(new ECSClient({})),
    notifier: lazyNotifier(() => new SnsNotifier({ client: new SNSClient({}), topicArn, minSeverity: config.notifications.minSeverity })),
    clock: systemClock,
    log: { info: (message, extra) => logger.info(message, extra ?? {}), error: (message, extra) => logger.error(message, extra ?? {}) },
    ...overrides,
  };
}

import { CodePipelineClient } from "@aws-sdk/client-codepipeline";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { ECSClient } from "@aws-sdk/client-ecs";
import { SNSClient } from "@aws-sdk/client-sns";
import { Logger } from "@aws-lambda-powertools/logger";
import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import middy from "@middy/core";
import { CodePipelineJobResults } from "@ecs-guardrails/aws/codepipeline/job-results";
import { DynamoPipelineStore } from "@ecs-guardrails/aws/codepipeline/pipeline-store";
import { EcsServiceGateway } from "@ecs-guardrails/aws/ecs/service-gateway";
import { DynamoDecisionStore } from "@ecs-guardrails/aws/history/decision-store";
import { DynamoHistoryStore } from "@ecs-guardrails/aws/history/dynamo-history-store";
import { DEFAULT_RETENTION } from "@ecs-guardrails/aws/history/retention";
import { SnsNotifier } from "@ecs-guardrails/aws/sns/sns-notifier";
import { systemClock } from "@ecs-guardrails/core/ports";
import { runPipelineJob, type PipelineJobDeps } from "@ecs-guardrails/core/pipeline/run-job";
import { configAtColdStart } from "./lib/config.ts";
import { requireEnv } from "./lib/env.ts";
import { lazyNotifier } from "./lib/lazy.ts";

// CodePipeline's Lambda invoke action (gate before the deploy action, verify after it). The raw
// event is never logged — it carries live artifact credentials — so the logger's event logging
// stays off (injectLambdaContext without logEvent) and only the parsed job's id and answer are.
// An error escaping runPipelineJob is one sending the answer: Lambda retries the invocation and
// the retry replays the claimed answer.

const logger = new Logger({ serviceName: "ecs-guardrails" });

export function pipelineDeps(env: NodeJS.ProcessEnv = process.env, overrides: Partial<PipelineJobDeps> = {}): PipelineJobDeps {
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

export function makePipelineHandler(deps: PipelineJobDeps) {
  return (raw: unknown) => runPipelineJob(raw, deps);
}

// `logEvent: false` wins over POWERTOOLS_LOGGER_LOG_EVENT: no setting can make the raw event reach the logs.
export const handler = middy(makePipelineHandler(pipelineDeps())).use(injectLambdaContext(logger, { logEvent: false }));

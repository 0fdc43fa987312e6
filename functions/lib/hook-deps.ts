import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { ECSClient } from "@aws-sdk/client-ecs";
import { SNSClient } from "@aws-sdk/client-sns";
import { EcsServiceGateway } from "@ecs-guardrails/aws/ecs/service-gateway";
import { DynamoDecisionStore } from "@ecs-guardrails/aws/history/decision-store";
import { DynamoHistoryStore } from "@ecs-guardrails/aws/history/dynamo-history-store";
import { DynamoHookAnswerLog } from "@ecs-guardrails/aws/history/hook-answers";
import { DEFAULT_RETENTION } from "@ecs-guardrails/aws/history/retention";
import { SnsNotifier } from "@ecs-guardrails/aws/sns/sns-notifier";
import type { HookDeps } from "@ecs-guardrails/core/capabilities/deployment-hook/ports";
import { systemClock } from "@ecs-guardrails/core/engine/ports";
import { configAtColdStart } from "./config.ts";
import { requireEnv } from "./env.ts";
import { lazyNotifier } from "./lazy.ts";

// The hook's clients, built once per Lambda container, like the engine's (deps.ts): the same
// table, topic and configuration file, endpoints from AWS_ENDPOINT_URL_<SERVICE>.

/** `overrides` lets the local runtime and replay inject their clock or a recording notifier. */
export function hookDeps(env: NodeJS.ProcessEnv = process.env, overrides: Partial<HookDeps> = {}): HookDeps {
  const config = configAtColdStart(env);
  const dynamo = new DynamoDBClient({});
  const tableName = requireEnv("TABLE_NAME", env);
  const topicArn = requireEnv("TOPIC_ARN", env);
  const retention = { ...DEFAULT_RETENTION, timelineDays: config.history.ttlDays };
  const reads = new DynamoHistoryStore({ client: dynamo, tableName, retention });
  return {
    config,
    store: new DynamoDecisionStore({ client: dynamo, tableName, reads, retention }),
    ecs: new EcsServiceGateway(new ECSClient({})),
    answers: new DynamoHookAnswerLog({ client: dynamo, tableName, retention }),
    notifier: lazyNotifier(() => new SnsNotifier({ client: new SNSClient({}), topicArn, minSeverity: config.notifications.minSeverity })),
    clock: systemClock,
    ...overrides,
  };
}

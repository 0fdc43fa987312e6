import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { ECSClient } from "@aws-sdk/client-ecs";
import { SNSClient } from "@aws-sdk/client-sns";
import { DEFAULT_RETENTION, type Retention } from "@ecs-guardrails/aws/history/retention";
import type { CredentialProvider } from "@ecs-guardrails/aws/accounts/member-credentials";
import { SnsNotifier } from "@ecs-guardrails/aws/sns/sns-notifier";
import type { GuardrailsConfig } from "@ecs-guardrails/core/config/schema";
import type { Notifier } from "@ecs-guardrails/core/notifications/notice";
import { systemClock, type Clock } from "@ecs-guardrails/core/engine/ports";
import { configAtColdStart } from "./config.ts";
import { requireEnv } from "./env.ts";
import { lazyNotifier } from "./lazy.ts";

// What every function builds once per container, the same way: the configuration file, the
// table, the topic, the DynamoDB and ECS clients, the notifier and the clock. Each function's
// builder (deps.ts, hook-deps.ts, …) adds only its own clients, in its own file, so that a
// bundle holds no SDK client its function never calls (and, by the IAM derivation from code,
// no permission for it).

/** The services the functions call; the key a client's settings are asked for by. */
export type AwsService =
  | "dynamodb"
  | "ecs"
  | "sns"
  | "codepipeline"
  | "cloudwatch"
  | "application-auto-scaling"
  | "sts"
  | "organizations";

/** An SDK client's settings: where it sends its calls, and as whom. */
export type ClientSettings = {
  region?: string;
  endpoint?: string;
  /** Static keys (the local runtime) or a provider (a member role's, refreshed before they expire). */
  credentials?: { accessKeyId: string; secretAccessKey: string } | CredentialProvider;
  userAgentAppId?: string;
};

/**
 * Each client's settings. In Lambda none: the SDK reads the region and credentials from the
 * function's environment. The local runtime passes its own endpoints, region and credentials
 * here instead of writing them into process.env, which belongs to the whole process.
 */
export type Clients = (service: AwsService) => ClientSettings;

export const defaultClients: Clients = () => ({});

export type Base = {
  config: GuardrailsConfig;
  tableName: string;
  topicArn: string;
  retention: Retention;
  clients: Clients;
  dynamo: DynamoDBClient;
  ecs: ECSClient;
  notifier: Notifier;
  clock: Clock;
};

/** Reads the configuration and the function's variables from `env`; fails at cold start with what is wrong. */
export function base(env: NodeJS.ProcessEnv = process.env, clients: Clients = defaultClients): Base {
  const config = configAtColdStart(env);
  const dynamo = new DynamoDBClient(clients("dynamodb"));
  const tableName = requireEnv("TABLE_NAME", env);
  const topicArn = requireEnv("TOPIC_ARN", env);
  const retention = { ...DEFAULT_RETENTION, timelineDays: config.history.ttlDays };
  return {
    config,
    tableName,
    topicArn,
    retention,
    clients,
    dynamo,
    ecs: new ECSClient(clients("ecs")),
    // SNS is off the common path (most events and runs notify nobody): built on the first notice.
    notifier: lazyNotifier(
      () =>
        new SnsNotifier({
          client: new SNSClient(clients("sns")),
          topicArn,
          minSeverity: config.notifications.minSeverity,
        }),
    ),
    clock: systemClock,
  };
}

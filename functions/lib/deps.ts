import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { ECSClient } from "@aws-sdk/client-ecs";
import { EcsDeploymentResolver } from "@ecs-guardrails/aws/ecs/deployment-resolver";
import { DynamoHistoryStore } from "@ecs-guardrails/aws/history/dynamo-history-store";
import type { IngestDeps } from "@ecs-guardrails/core/usecases/ingest";
import { requireEnv } from "./env.ts";

// Clients are built once per Lambda container. Endpoints come from the SDK's own
// AWS_ENDPOINT_URL_<SERVICE> variables, which is how the local runtime points them at itself.

export function ingestDeps(env: NodeJS.ProcessEnv = process.env): IngestDeps {
  const timelineDays = Number(env["HISTORY_TTL_DAYS"] ?? 90);
  return {
    history: new DynamoHistoryStore({ client: new DynamoDBClient({}), tableName: requireEnv("TABLE_NAME", env), retention: { timelineDays } }),
    deployments: new EcsDeploymentResolver(new ECSClient({})),
  };
}

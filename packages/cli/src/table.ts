import { existsSync } from "node:fs";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { GuardrailsError } from "@ecs-guardrails/core/errors";
import { localDynamoClient, startEmbeddedDynamo } from "@ecs-guardrails/sim/dynamodb/embedded";
import { LOCAL_TABLE } from "./runtime/stack.ts";
import { DATA_DIR, readRuntimeNote } from "./runtime-file.ts";

// The history table a reading command (history, recommend) works on: a deployed one with
// --table, else the running `npm start`'s, else the data it left in .guardrails/ (read with a
// DynamoDB Local started for this command and stopped after it).

export type TableFlags = { table?: string | undefined; region?: string | undefined };

export async function withTable<T>(
  flags: TableFlags,
  env: NodeJS.ProcessEnv,
  read: (client: DynamoDBClient, tableName: string) => Promise<T>,
): Promise<T> {
  if (flags.table) return read(await deployedClient(flags.region, env), flags.table);
  const running = readRuntimeNote();
  if (running) return read(localDynamoClient(running.dynamoEndpoint), running.table);
  if (!existsSync(DATA_DIR))
    throw new GuardrailsError(
      `no local history in ${DATA_DIR}: run \`npm start\` first, or pass --table NAME for a deployed table`,
    );
  const dynamo = await startEmbeddedDynamo({ dataDir: DATA_DIR, owner: "guardrails, reading the history" });
  try {
    return await read(dynamo.client, LOCAL_TABLE);
  } finally {
    dynamo.client.destroy();
    await dynamo.stop();
  }
}

/** The deployed table's client; a missing region is named here, not as an SDK error mid-query. */
export async function deployedClient(region: string | undefined, env: NodeJS.ProcessEnv): Promise<DynamoDBClient> {
  const client = new DynamoDBClient(region ? { region } : {});
  try {
    await client.config.region();
  } catch {
    client.destroy();
    throw new GuardrailsError(
      `--table needs a region: pass --region, or set AWS_REGION (or a region in the AWS profile${env["AWS_PROFILE"] ? ` ${env["AWS_PROFILE"]}` : ""})`,
    );
  }
  return client;
}

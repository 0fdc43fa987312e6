import { randomUUID } from "node:crypto";
import { inject } from "vitest";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { ensureHistoryTable, localDynamoClient } from "../../packages/sim/src/dynamodb/embedded.ts";

/** A fresh history table in the shared DynamoDB Local, unique to the caller. */
export async function freshHistoryTable(): Promise<{ client: DynamoDBClient; tableName: string }> {
  const client = localDynamoClient(inject("dynamoEndpoint"));
  const tableName = `history-${randomUUID().slice(0, 8)}`;
  await ensureHistoryTable(client, tableName);
  return { client, tableName };
}

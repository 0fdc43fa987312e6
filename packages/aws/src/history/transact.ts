import {
  ConditionalCheckFailedException,
  TransactionCanceledException,
  type DynamoDBClient,
  PutItemCommand,
  type PutItemCommandInput,
  type TransactWriteItem,
  TransactWriteItemsCommand,
  UpdateItemCommand,
  type UpdateItemCommandInput,
} from "@aws-sdk/client-dynamodb";
import { unmarshall } from "@aws-sdk/util-dynamodb";

// Conditional writes as values: a failed condition is "the stored item already says so"
// (a duplicate or a stale event), returned with the stored item, never thrown.

export type WriteResult = { ok: true } | { ok: false; stored: Record<string, unknown> | undefined };

const MAX_CONFLICT_RETRIES = 6;

/**
 * Runs a transaction whose first item carries the de-duplication condition. Transactions that
 * collide with a concurrent one on the same item (TransactionConflict) are retried with jitter,
 * so two invocations racing on one service both land.
 */
export async function transact(client: DynamoDBClient, items: TransactWriteItem[]): Promise<WriteResult> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      await client.send(new TransactWriteItemsCommand({ TransactItems: items }));
      return { ok: true };
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const reasons = error.CancellationReasons ?? [];
      const failed = reasons.findIndex((r) => r.Code === "ConditionalCheckFailed");
      if (failed === 0) return { ok: false, stored: reasons[0]?.Item ? unmarshall(reasons[0].Item) : undefined };
      const conflict = reasons.some((r) => r.Code === "TransactionConflict");
      if (!conflict || attempt >= MAX_CONFLICT_RETRIES) throw error;
      await sleep(Math.random() * 20 * 2 ** attempt);
    }
  }
}

export async function conditionalUpdate(client: DynamoDBClient, input: UpdateItemCommandInput): Promise<WriteResult> {
  try {
    await client.send(new UpdateItemCommand({ ...input, ReturnValuesOnConditionCheckFailure: "ALL_OLD" }));
    return { ok: true };
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    return { ok: false, stored: error.Item ? unmarshall(error.Item) : undefined };
  }
}

/** A put that lands only where no item is yet: false when one was (a duplicate). */
export async function putOnce(client: DynamoDBClient, input: PutItemCommandInput): Promise<boolean> {
  try {
    await client.send(new PutItemCommand({ ...input, ConditionExpression: "attribute_not_exists(pk)" }));
    return true;
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    return false;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

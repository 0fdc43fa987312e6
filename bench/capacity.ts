import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";

// Counts DynamoDB requests and consumed capacity units, by a label the caller chooses (the
// event kind). Every request asks for ReturnConsumedCapacity=TOTAL, so the units are the
// engine's own (item sizes included), not an estimate.

export type Usage = { requests: number; readUnits: number; writeUnits: number };

const READS = new Set(["GetItemCommand", "QueryCommand", "ScanCommand", "BatchGetItemCommand", "TransactGetItemsCommand"]);
// DynamoDB Local reports a transaction's units once; AWS charges (and reports) them twice.
const TRANSACTIONS = new Set(["TransactGetItemsCommand", "TransactWriteItemsCommand"]);

type Consumed = { CapacityUnits?: number } | { CapacityUnits?: number }[] | undefined;

export function countCapacity(client: DynamoDBClient, labelOf: () => string): Map<string, Usage> {
  const usage = new Map<string, Usage>();
  client.middlewareStack.add(
    (next, context) => async (args) => {
      (args.input as Record<string, unknown>)["ReturnConsumedCapacity"] = "TOTAL";
      const label = labelOf();
      const u = usage.get(label) ?? { requests: 0, readUnits: 0, writeUnits: 0 };
      usage.set(label, u);
      u.requests += 1;
      let result;
      try {
        result = await next(args);
      } catch (error) {
        // A failed conditional write is billed as a write (1 unit for the small items here),
        // and its error carries no ConsumedCapacity.
        if ((error as Error).name === "ConditionalCheckFailedException" || (error as Error).name === "TransactionCanceledException") u.writeUnits += 1;
        throw error;
      }
      const command = String(context.commandName);
      const consumed = (result.output as { ConsumedCapacity?: Consumed }).ConsumedCapacity;
      const units = [consumed ?? []].flat().reduce((sum, c) => sum + (c.CapacityUnits ?? 0), 0) * (TRANSACTIONS.has(command) ? 2 : 1);
      if (READS.has(command)) u.readUnits += units;
      else u.writeUnits += units;
      return result;
    },
    { step: "initialize", name: "countCapacity" },
  );
  return usage;
}

import {
  GetItemCommand,
  type AttributeValue,
  type DynamoDBClient,
  type TransactWriteItem,
} from "@aws-sdk/client-dynamodb";

// Counts DynamoDB requests and consumed capacity units, by a label the caller chooses (the
// event kind). Every request asks for ReturnConsumedCapacity=TOTAL, so single-item units are
// DynamoDB Local's own (item sizes and the index included).
//
// Transactions are the exception: DynamoDB Local doubles a one-item transaction as AWS does,
// but under-reports a transaction of several items (two 100-byte Puts report 2 units, not 4).
// So a transaction is counted from its items, by AWS's rules: 2 units per KB of each item
// written, and again for the index when the item carries the index's key (projection ALL).
// Updated items are sized as they are after the write, read back through an uncounted client.

export type Usage = { requests: number; readUnits: number; writeUnits: number };

const READS = new Set([
  "GetItemCommand",
  "QueryCommand",
  "ScanCommand",
  "BatchGetItemCommand",
  "TransactGetItemsCommand",
]);
const INDEX_KEY = "gsi1pk";

type Consumed = { CapacityUnits?: number } | { CapacityUnits?: number }[] | undefined;

export function countCapacity(
  client: DynamoDBClient,
  labelOf: () => string,
  inspect: DynamoDBClient,
): Map<string, Usage> {
  const usage = new Map<string, Usage>();
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as Record<string, unknown>;
      input["ReturnConsumedCapacity"] = "TOTAL";
      const label = labelOf();
      const u = usage.get(label) ?? { requests: 0, readUnits: 0, writeUnits: 0 };
      usage.set(label, u);
      u.requests += 1;
      const command = String(context.commandName);
      let result;
      try {
        result = await next(args);
      } catch (error) {
        // A failed conditional write is billed as a write (1 unit for the small items here),
        // and its error carries no ConsumedCapacity.
        const name = (error as Error).name;
        if (name === "ConditionalCheckFailedException" || name === "TransactionCanceledException")
          u.writeUnits += command === "TransactWriteItemsCommand" ? 2 : 1;
        throw error;
      }
      if (command === "TransactWriteItemsCommand") {
        u.writeUnits += await transactionUnits(input["TransactItems"] as TransactWriteItem[], inspect);
        return result;
      }
      const consumed = (result.output as { ConsumedCapacity?: Consumed }).ConsumedCapacity;
      const units = [consumed ?? []].flat().reduce((sum, c) => sum + (c.CapacityUnits ?? 0), 0);
      if (READS.has(command)) u.readUnits += units;
      else u.writeUnits += units;
      return result;
    },
    { step: "initialize", name: "countCapacity" },
  );
  return usage;
}

async function transactionUnits(items: TransactWriteItem[], inspect: DynamoDBClient): Promise<number> {
  let units = 0;
  for (const item of items) {
    if (item.ConditionCheck) {
      units += 2;
      continue;
    }
    const written = item.Put?.Item ?? (await writtenItem(item, inspect));
    if (!written) continue;
    const kb = Math.max(1, Math.ceil(itemBytes(written) / 1024));
    units += 2 * kb * (INDEX_KEY in written ? 2 : 1);
  }
  return units;
}

async function writtenItem(
  item: TransactWriteItem,
  inspect: DynamoDBClient,
): Promise<Record<string, AttributeValue> | undefined> {
  const target = item.Update ?? item.Delete;
  if (!target?.Key || !target.TableName) return undefined;
  const out = await inspect.send(
    new GetItemCommand({ TableName: target.TableName, Key: target.Key, ConsistentRead: true }),
  );
  // A deleted item is billed by its size before the delete; 1 KB is the floor either way.
  return out.Item ?? target.Key;
}

/** DynamoDB's item size: attribute names plus values (numbers ~1 byte per 2 digits, +1). */
export function itemBytes(item: Record<string, AttributeValue>): number {
  return Object.entries(item).reduce((sum, [name, value]) => sum + Buffer.byteLength(name) + valueBytes(value), 0);
}

function valueBytes(v: AttributeValue): number {
  if (v.S !== undefined) return Buffer.byteLength(v.S);
  if (v.N !== undefined) return Math.ceil(v.N.replace(/[-.]/g, "").replace(/^0+/, "").length / 2) + 1;
  if (v.B !== undefined) return v.B.byteLength;
  if (v.BOOL !== undefined || v.NULL !== undefined) return 1;
  if (v.SS) return v.SS.reduce((s, x) => s + Buffer.byteLength(x), 0);
  if (v.NS) return v.NS.reduce((s, x) => s + Math.ceil(x.length / 2) + 1, 0);
  if (v.L) return 3 + v.L.reduce((s, x) => s + 1 + valueBytes(x), 0);
  if (v.M) return 3 + Object.entries(v.M).reduce((s, [k, x]) => s + 1 + Buffer.byteLength(k) + valueBytes(x), 0);
  return 0;
}

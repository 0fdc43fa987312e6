import {
  ConditionalCheckFailedException,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  TransactionCanceledException,
  TransactWriteItemsCommand,
  UpdateItemCommand,
} from "@aws-sdk/client-dynamodb";
import { marshall, unmarshall } from "@aws-sdk/util-dynamodb";
import type { Ledger, LedgerClaim, OutboxEntry } from "@ecs-guardrails/core/engine/ledger";
import type { ServiceRef } from "@ecs-guardrails/core/events/model";
import type { TimelineEntry } from "@ecs-guardrails/core/history/model";
import { stateUpdate } from "./decision-writes.ts";
import { translateDynamoError } from "./dynamo-errors.ts";
import { epochSeconds, timelineItem } from "./items.ts";
import { LEDGER_DAYS, LEDGER_SK, ledgerPk, servicePk, STATE_SK } from "./keys.ts";
import { OUTBOX_PREFIX } from "./mapping.ts";
import type { Retention } from "./retention.ts";

/**
 * The claim-once ledger in the history table (core engine/ledger.ts). A claim is its own item
 * (`CLAIM#<key>`): `claimedAt`, then the intent as JSON (set once), then `doneAt`. Records are
 * timeline entries written once; their messages go into the service's outbox, on its state
 * item, in the same transaction (where the engine's decisions put theirs).
 */
export class DynamoLedger implements Ledger {
  private readonly client: DynamoDBClient;
  private readonly table: string;
  private readonly retention: Retention;

  constructor(options: { client: DynamoDBClient; tableName: string; retention: Retention }) {
    this.client = options.client;
    this.table = options.tableName;
    this.retention = options.retention;
  }

  async claimOnce<I>(key: string, at: string): Promise<LedgerClaim<I>> {
    if (
      await this.putIfAbsent(
        { pk: ledgerPk(key), sk: LEDGER_SK, claimedAt: at, expiresAt: epochSeconds(at, LEDGER_DAYS) },
        "claimOnce",
      )
    )
      return { status: "claimed" };
    const stored = await this.get(key, "claimOnce");
    return { status: "claimed-before", intent: intentOf<I>(stored), done: typeof stored?.["doneAt"] === "string" };
  }

  async saveIntent<I>(key: string, intent: I): Promise<I> {
    try {
      await this.client.send(
        new UpdateItemCommand({
          TableName: this.table,
          Key: marshall({ pk: ledgerPk(key), sk: LEDGER_SK }),
          UpdateExpression: "SET #intent = :intent",
          ConditionExpression: "attribute_exists(pk) AND attribute_not_exists(#intent)",
          ExpressionAttributeNames: { "#intent": "intent" },
          ExpressionAttributeValues: marshall({ ":intent": JSON.stringify(intent) }),
        }),
      );
      return intent;
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException))
        throw translateDynamoError(error, this.table, "saveIntent");
    }
    // A racing attempt stored its intent first (or the claim expired): that one stands.
    return intentOf<I>(await this.get(key, "saveIntent")) ?? intent;
  }

  async markDone(key: string, at: string): Promise<void> {
    try {
      await this.client.send(
        new UpdateItemCommand({
          TableName: this.table,
          Key: marshall({ pk: ledgerPk(key), sk: LEDGER_SK }),
          UpdateExpression: "SET #done = if_not_exists(#done, :at)",
          ExpressionAttributeNames: { "#done": "doneAt" },
          ExpressionAttributeValues: marshall({ ":at": at }),
        }),
      );
    } catch (error) {
      throw translateDynamoError(error, this.table, "markDone");
    }
  }

  async recordOnce(ref: ServiceRef, entry: TimelineEntry, outbox?: OutboxEntry): Promise<void> {
    const item = timelineItem(entry, epochSeconds(entry.time, this.retention.timelineDays));
    if (!outbox) return void (await this.putIfAbsent(item, "recordOnce"));
    const put = {
      Put: {
        TableName: this.table,
        Item: marshall(item, { removeUndefinedValues: true }),
        ConditionExpression: "attribute_not_exists(pk)",
      },
    };
    try {
      await this.client.send(
        new TransactWriteItemsCommand({ TransactItems: [put, stateUpdate(this.table, ref, entry.type, { outbox })] }),
      );
    } catch (error) {
      // Recorded before (a replay): its message went into the outbox then.
      if (
        error instanceof TransactionCanceledException &&
        error.CancellationReasons?.[0]?.Code === "ConditionalCheckFailed"
      )
        return;
      throw translateDynamoError(error, this.table, "recordOnce");
    }
  }

  async delivered(ref: ServiceRef, key: string): Promise<void> {
    try {
      await this.client.send(
        new UpdateItemCommand({
          TableName: this.table,
          Key: marshall({ pk: servicePk(ref), sk: STATE_SK }),
          UpdateExpression: "REMOVE #outbox",
          ExpressionAttributeNames: { "#outbox": `${OUTBOX_PREFIX}${key}` },
        }),
      );
    } catch (error) {
      throw translateDynamoError(error, this.table, "delivered");
    }
  }

  private async putIfAbsent(item: Record<string, unknown>, operation: string): Promise<boolean> {
    try {
      await this.client.send(
        new PutItemCommand({
          TableName: this.table,
          Item: marshall(item, { removeUndefinedValues: true }),
          ConditionExpression: "attribute_not_exists(pk)",
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw translateDynamoError(error, this.table, operation);
    }
  }

  private async get(key: string, operation: string): Promise<Record<string, unknown> | undefined> {
    try {
      const out = await this.client.send(
        new GetItemCommand({
          TableName: this.table,
          Key: marshall({ pk: ledgerPk(key), sk: LEDGER_SK }),
          ConsistentRead: true,
        }),
      );
      return out.Item && unmarshall(out.Item);
    } catch (error) {
      throw translateDynamoError(error, this.table, operation);
    }
  }
}

const intentOf = <I>(item: Record<string, unknown> | undefined): I | undefined =>
  typeof item?.["intent"] === "string" ? (JSON.parse(item["intent"]) as I) : undefined;

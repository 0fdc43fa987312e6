import { type AttributeValue, type DynamoDBClient, PutItemCommand, ConditionalCheckFailedException, QueryCommand, UpdateItemCommand, TransactionCanceledException, TransactWriteItemsCommand } from "@aws-sdk/client-dynamodb";
import { marshall, unmarshall } from "@aws-sdk/util-dynamodb";
import type { PolicyId } from "@ecs-guardrails/core/policies/ids";
import type { PolicyState } from "@ecs-guardrails/core/policies/types";
import type { ServiceRef } from "@ecs-guardrails/core/events/model";
import type { RecordOutcome } from "@ecs-guardrails/core/history/model";
import type { ClaimResult, DecisionRecord, DecisionStore } from "@ecs-guardrails/core/ports";
import { attentionPk, claimItems, completionItems, policyStateUpdate } from "./decision-writes.ts";
import { epochSeconds, timelineItem } from "./items.ts";
import { GSI1, servicePk, STATE_SK } from "./keys.ts";
import { ALARM_PREFIX } from "./mapping.ts";
import type { HistoryReads } from "./history-reads.ts";
import type { Retention } from "./retention.ts";
import { transact } from "./transact.ts";

/** The policy engine's side of the history table. */
export class DynamoDecisionStore implements DecisionStore {
  private readonly client: DynamoDBClient;
  private readonly table: string;
  private readonly reads: HistoryReads;
  private readonly retention: Retention;

  constructor(options: { client: DynamoDBClient; tableName: string; reads: HistoryReads; retention: Retention }) {
    this.client = options.client;
    this.table = options.tableName;
    this.reads = options.reads;
    this.retention = options.retention;
  }

  async loadHistory(ref: ServiceRef) {
    const [state, deployments] = await Promise.all([this.reads.getServiceState(ref), this.reads.listDeployments(ref)]);
    return { state, deployments };
  }

  async claim(ref: ServiceRef, key: string, options: { now: Date; lockSeconds: number; lock: boolean }): Promise<ClaimResult> {
    try {
      await this.client.send(new TransactWriteItemsCommand({ TransactItems: claimItems(this.table, ref, key, options, this.retention) }));
      return "claimed";
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const [decision, lock] = error.CancellationReasons ?? [];
      // Done: a duplicate. Still claimed: another invocation is on it, or died on it — "locked"
      // makes this one retry later, and take the claim over once it is stale.
      if (decision?.Code === "ConditionalCheckFailed") return decision.Item && unmarshall(decision.Item)["status"] === "claimed" ? "locked" : "duplicate";
      if (lock?.Code === "ConditionalCheckFailed") return "locked";
      // A concurrent claim on the same key: whoever wins, this one did not.
      if ([decision, lock].some((r) => r?.Code === "TransactionConflict")) return "duplicate";
      throw error;
    }
  }

  async complete(ref: ServiceRef, record: DecisionRecord & { recentActionTimes?: string[] }): Promise<void> {
    const result = await transact(this.client, completionItems(this.table, ref, { ...record, recentActionTimes: record.recentActionTimes ?? [record.time] }, this.retention));
    if (!result.ok) throw new Error(`could not record decision ${record.key}: its timeline entry already exists`);
  }

  async savePolicyState(ref: ServiceRef, policy: PolicyId, state: PolicyState): Promise<void> {
    const { Update } = policyStateUpdate(this.table, ref, policy, state);
    await this.client.send(new UpdateItemCommand(Update!));
  }

  async servicesNeedingAttention(policy: PolicyId): Promise<ServiceRef[]> {
    const out: ServiceRef[] = [];
    let start: Record<string, AttributeValue> | undefined;
    do {
      const page = await this.client.send(new QueryCommand({ TableName: this.table, IndexName: GSI1, KeyConditionExpression: "gsi1pk = :pk", ExpressionAttributeValues: marshall({ ":pk": attentionPk(policy) }), ExclusiveStartKey: start }));
      for (const item of page.Items ?? []) {
        const { cluster, service } = unmarshall(item);
        out.push({ cluster: String(cluster), service: String(service) });
      }
      start = page.LastEvaluatedKey;
    } while (start);
    return out;
  }

  async recordAlarm(ref: ServiceRef, alarm: { name: string; state: string; at: string; eventId: string; reason: string | undefined }): Promise<RecordOutcome> {
    const entry = { ...ref, type: "alarm" as const, time: alarm.at, eventId: alarm.eventId, summary: `alarm ${alarm.name} is ${alarm.state}`, eventName: alarm.state, reason: alarm.reason, data: { alarmName: alarm.name } };
    try {
      await this.client.send(new PutItemCommand({ TableName: this.table, Item: marshall(timelineItem(entry, epochSeconds(alarm.at, this.retention.timelineDays)), { removeUndefinedValues: true }), ConditionExpression: "attribute_not_exists(pk)" }));
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return { status: "duplicate" };
      throw error;
    }
    try {
      // Keep the newest state only: an older event arriving late must not overwrite it.
      await this.client.send(
        new UpdateItemCommand({
          TableName: this.table,
          Key: marshall({ pk: servicePk(ref), sk: STATE_SK }),
          UpdateExpression: "SET #alarm = :alarm, #cluster = :cluster, #service = :service",
          ConditionExpression: "attribute_not_exists(#alarm) OR #alarm.#at < :at",
          ExpressionAttributeNames: { "#alarm": `${ALARM_PREFIX}${alarm.name}`, "#at": "at", "#cluster": "cluster", "#service": "service" },
          ExpressionAttributeValues: marshall({ ":alarm": { state: alarm.state, at: alarm.at }, ":at": alarm.at, ":cluster": ref.cluster, ":service": ref.service }),
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
    return { status: "recorded" };
  }
}

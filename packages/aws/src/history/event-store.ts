import {
  ConditionalCheckFailedException,
  type DynamoDBClient,
  PutItemCommand,
  TransactionCanceledException,
  type TransactWriteItem,
  TransactWriteItemsCommand,
  UpdateItemCommand,
} from "@aws-sdk/client-dynamodb";
import { marshall, unmarshall } from "@aws-sdk/util-dynamodb";
import type { ServiceRef } from "@ecs-guardrails/core/events/model";
import type { Ledger, LedgerClaim, OutboxEntry } from "@ecs-guardrails/core/engine/ledger";
import type { RecordOutcome, TimelineEntry } from "@ecs-guardrails/core/history/model";
import type { Notice } from "@ecs-guardrails/core/notifications/notice";
import type { PolicyId } from "@ecs-guardrails/core/registry";
import type { Decision, PolicyState, OpenIntent } from "@ecs-guardrails/core/model/decision";
import type {
  ClaimResult,
  CompleteResult,
  DecisionRecord,
  EventDecisionStore,
  ParkResult,
  Seen,
} from "@ecs-guardrails/core/engine/ports";
import { translateDynamoError } from "./dynamo-errors.ts";
import {
  claimable,
  claimItems,
  completionItems,
  type DecisionItem,
  parkItems,
  resumeItems,
  stateUpdate,
} from "./decision-writes.ts";
import type { HistoryReads } from "./history-reads.ts";
import { epochSeconds, timelineItem } from "./items.ts";
import { servicePk, STATE_SK } from "./keys.ts";
import { DynamoLedger } from "./ledger.ts";
import { ALARM_PREFIX } from "./mapping.ts";
import type { Retention } from "./retention.ts";

type Attempt = { ok: true } | { ok: false; first: DecisionItem | undefined; firstFailed: boolean };
const CONFLICT_RETRIES = 4;

/**
 * The policy engine's side of the history table (decision lifecycle: packages/core/src/engine/ports.ts),
 * as the event functions use it. The reconcile's lists and tick problems are in
 * DynamoDecisionStore (decision-store.ts), which extends it, so that the ingest's bundle leaves
 * them out (issue 19).
 */
export class DynamoEventStore implements EventDecisionStore, Ledger {
  protected readonly client: DynamoDBClient;
  protected readonly table: string;
  private readonly reads: HistoryReads;
  private readonly retention: Retention;
  private readonly ledger: DynamoLedger;

  constructor(options: { client: DynamoDBClient; tableName: string; reads: HistoryReads; retention: Retention }) {
    this.client = options.client;
    this.table = options.tableName;
    this.reads = options.reads;
    this.retention = options.retention;
    this.ledger = new DynamoLedger(options);
  }

  async loadHistory(ref: ServiceRef, options: { deployments?: boolean } = {}) {
    const [state, deployments] = await Promise.all([
      this.reads.getServiceState(ref),
      options.deployments === false ? Promise.resolve([]) : this.reads.listDeployments(ref),
    ]);
    return { state, deployments };
  }

  async claim(
    ref: ServiceRef,
    intent: OpenIntent,
    o: { now: Date; lockSeconds: number; seen?: Seen },
  ): Promise<ClaimResult> {
    const result = await this.attempt(claimItems(this.ctx(ref), intent, o.now, o.lockSeconds, o.seen), "claim");
    if (result.ok) return { status: "claimed" };
    // Done: a duplicate (its message may still wait in the outbox). Anything else — still
    // claimed, the service's intent held by another decision, a conflict — means busy: retry.
    return result.firstFailed && result.first?.status === "done" ? { status: "done" } : { status: "busy" };
  }

  async resume(
    ref: ServiceRef,
    intent: OpenIntent,
    owner: string,
    o: { now: Date; lockSeconds: number },
  ): Promise<boolean> {
    return (await this.attempt(resumeItems(this.ctx(ref), intent, owner, o.now, o.lockSeconds), "resume")).ok;
  }

  async complete(
    ref: ServiceRef,
    record: DecisionRecord,
    notice: Notice | undefined,
    o: { owner?: string; lockSeconds: number; seen?: Seen },
  ): Promise<CompleteResult> {
    const now = new Date(record.time);
    const result = await this.attempt(completionItems(this.ctx(ref), record, notice, { ...o, now }), "complete");
    if (result.ok) return { status: "completed" };
    return result.firstFailed && result.first?.status === "done" ? { status: "done" } : { status: "busy" };
  }

  async park(
    ref: ServiceRef,
    record: DecisionRecord,
    notice: Notice | undefined,
    o: { owner?: string; decision: Decision; lockSeconds: number },
  ): Promise<ParkResult> {
    const now = new Date(record.time);
    const c = this.ctx(ref);
    const first = await this.attempt(parkItems(c, record, notice, { ...o, now, announce: true }), "park");
    if (first.ok) return { status: "parked", announced: true };
    if (!first.firstFailed) return { status: "busy" };
    if (first.first?.status === "done") return { status: "done" };
    const mine = o.owner
      ? first.first?.status === "claimed" && first.first.owner === o.owner
      : claimable(first.first, new Date(now.getTime() - o.lockSeconds * 1000).toISOString());
    if (!mine) return { status: "busy" };
    // Writable, so only "announce" failed: the same reason as last time. Park quietly.
    const quiet = await this.attempt(parkItems(c, record, notice, { ...o, now, announce: false }), "park");
    return quiet.ok ? { status: "parked", announced: false } : { status: "busy" };
  }

  // The claim-once ledger, shared with the deploy stage and the deployment hook (ledger.ts).
  async claimOnce<I>(key: string, at: string): Promise<LedgerClaim<I>> {
    return this.ledger.claimOnce<I>(key, at);
  }

  async saveIntent<I>(key: string, intent: I): Promise<I> {
    return this.ledger.saveIntent(key, intent);
  }

  async markDone(key: string, at: string): Promise<void> {
    return this.ledger.markDone(key, at);
  }

  async recordOnce(ref: ServiceRef, entry: TimelineEntry, outbox?: OutboxEntry): Promise<void> {
    return this.ledger.recordOnce(ref, entry, outbox);
  }

  async delivered(ref: ServiceRef, key: string): Promise<void> {
    return this.ledger.delivered(ref, key);
  }

  async savePolicyState(ref: ServiceRef, policy: PolicyId, state: PolicyState, seen?: Seen): Promise<boolean> {
    const { Update } = stateUpdate(this.table, ref, policy, { state, seen });
    try {
      await this.client.send(new UpdateItemCommand(Update!));
      return true;
    } catch (error) {
      // Another invocation moved the policy's view on: its state stands, the next tick looks again.
      if (error instanceof ConditionalCheckFailedException) return false;
      throw translateDynamoError(error, this.table, "savePolicyState");
    }
  }

  async recordAlarm(
    ref: ServiceRef,
    alarm: { name: string; state: string; at: string; eventId: string; reason: string | undefined },
  ): Promise<RecordOutcome> {
    const entry = {
      ...ref,
      type: "alarm" as const,
      time: alarm.at,
      eventId: alarm.eventId,
      summary: `alarm ${alarm.name} is ${alarm.state}`,
      eventName: alarm.state,
      reason: alarm.reason,
      data: { alarmName: alarm.name },
    };
    let outcome: RecordOutcome = { status: "recorded" };
    try {
      await this.client.send(
        new PutItemCommand({
          TableName: this.table,
          Item: marshall(timelineItem(entry, epochSeconds(alarm.at, this.retention.timelineDays)), {
            removeUndefinedValues: true,
          }),
          ConditionExpression: "attribute_not_exists(pk)",
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException))
        throw translateDynamoError(error, this.table, "recordAlarm");
      outcome = { status: "duplicate" };
    }
    // Applied on a redelivery too: an invocation that died after the timeline entry must not
    // leave the alarm's state unwritten. Newest state wins, so re-applying is harmless.
    try {
      await this.client.send(
        new UpdateItemCommand({
          TableName: this.table,
          Key: marshall({ pk: servicePk(ref), sk: STATE_SK }),
          UpdateExpression: "SET #alarm = :alarm, #cluster = :cluster, #service = :service",
          ConditionExpression: "attribute_not_exists(#alarm) OR #alarm.#at <= :at",
          ExpressionAttributeNames: {
            "#alarm": `${ALARM_PREFIX}${alarm.name}`,
            "#at": "at",
            "#cluster": "cluster",
            "#service": "service",
          },
          ExpressionAttributeValues: marshall({
            ":alarm": { state: alarm.state, at: alarm.at },
            ":at": alarm.at,
            ":cluster": ref.cluster,
            ":service": ref.service,
          }),
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException))
        throw translateDynamoError(error, this.table, "recordAlarm");
    }
    return outcome;
  }

  private ctx(ref: ServiceRef) {
    return { table: this.table, ref, retention: this.retention };
  }

  /** A transaction as a value: which condition failed, with the first item as stored. Conflicts are retried with jitter, then reported as not done. */
  private async attempt(items: TransactWriteItem[], operation: string): Promise<Attempt> {
    for (let n = 0; ; n += 1) {
      try {
        await this.client.send(new TransactWriteItemsCommand({ TransactItems: items }));
        return { ok: true };
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw translateDynamoError(error, this.table, operation);
        const reasons = error.CancellationReasons ?? [];
        const conflict = reasons.some((r) => r.Code === "TransactionConflict");
        if (conflict && n < CONFLICT_RETRIES) {
          await new Promise((r) => setTimeout(r, Math.random() * 20 * 2 ** n));
          continue;
        }
        const first = reasons[0];
        return {
          ok: false,
          firstFailed: first?.Code === "ConditionalCheckFailed",
          first: first?.Item ? (unmarshall(first.Item) as DecisionItem) : undefined,
        };
      }
    }
  }
}

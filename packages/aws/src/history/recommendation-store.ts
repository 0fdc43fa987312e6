import { placeOf } from "@ecs-guardrails/core/model/service-ref";
import {
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  type QueryCommandInput,
  type TransactWriteItem,
  TransactWriteItemsCommand,
  UpdateItemCommand,
  ConditionalCheckFailedException,
} from "@aws-sdk/client-dynamodb";
import { marshall, unmarshall } from "@aws-sdk/util-dynamodb";
import type { ServiceRef } from "@ecs-guardrails/core/events/model";
import type { TimelineEntry } from "@ecs-guardrails/core/history/model";
import type { RecommendationStore, StoredRecommendation } from "@ecs-guardrails/core/capabilities/right-sizing/ports";
import { size } from "@ecs-guardrails/core/capabilities/right-sizing/recommend";
import { DIGEST_PK, GSI1, RECOMMENDATION_SK, RECOMMENDATIONS_GSI1PK, recommendationGsi1Sk, servicePk } from "./keys.ts";
import { epochSeconds, timelineItem } from "./items.ts";
import { DEFAULT_RETENTION, type Retention } from "./retention.ts";

// Right-sizing recommendations in the history table (docs/history.md):
// - `SVC#<cluster>#<service>` / `RIGHTSIZING`: the latest one, with its evidence, replaced by
//   each run. Its own item, not the service's state item: the state item is rewritten by every
//   ingest event, and DynamoDB charges a write by the larger of the old and new item, so a few
//   KB of evidence there would multiply the cost of every task event. Listed through gsi1
//   (`RIGHTSIZING` / `<cluster>#<service>`) for the digest and `guardrails recommend`.
// - a timeline entry when the advice changed, written in the same transaction.
// - `DIGEST#right-sizing` / `<week>`: the weekly digest's claim (sending → sent | failed).
// The recommendation is kept as JSON text: it is read whole, never queried by field.

export type RecommendationStoreOptions = { client: DynamoDBClient; tableName: string; retention?: Partial<Retention> };

/** A claim older than this belongs to a sender that died (the function times out far sooner). */
const DIGEST_CLAIM_STALE_MS = 15 * 60_000;

export class DynamoRecommendationStore implements RecommendationStore {
  private readonly client: DynamoDBClient;
  private readonly table: string;
  private readonly retention: Retention;

  constructor(options: RecommendationStoreOptions) {
    this.client = options.client;
    this.table = options.tableName;
    this.retention = { ...DEFAULT_RETENTION, ...options.retention };
  }

  async latest(ref: ServiceRef): Promise<StoredRecommendation | undefined> {
    const out = await this.client.send(
      new GetItemCommand({
        TableName: this.table,
        Key: marshall({ pk: servicePk(ref), sk: RECOMMENDATION_SK }),
        ConsistentRead: true,
      }),
    );
    return out.Item ? fromItem(unmarshall(out.Item)) : undefined;
  }

  async list(
    filter: { cluster?: string | undefined; service?: string | undefined } = {},
  ): Promise<StoredRecommendation[]> {
    if (filter.cluster && filter.service) {
      const one = await this.latest({ cluster: filter.cluster, service: filter.service });
      return one ? [one] : [];
    }
    const byCluster = filter.cluster !== undefined;
    const input: Omit<QueryCommandInput, "TableName"> = {
      IndexName: GSI1,
      KeyConditionExpression: byCluster ? "gsi1pk = :pk AND begins_with(gsi1sk, :prefix)" : "gsi1pk = :pk",
      ExpressionAttributeValues: marshall(
        byCluster
          ? { ":pk": RECOMMENDATIONS_GSI1PK, ":prefix": `${filter.cluster}#` }
          : { ":pk": RECOMMENDATIONS_GSI1PK },
      ),
    };
    const items: StoredRecommendation[] = [];
    let start: QueryCommandInput["ExclusiveStartKey"];
    do {
      const out = await this.client.send(
        new QueryCommand({ ...input, TableName: this.table, ExclusiveStartKey: start }),
      );
      for (const item of out.Items ?? []) items.push(fromItem(unmarshall(item)));
      start = out.LastEvaluatedKey;
    } while (start);
    // A service name filter alone matches across clusters.
    return filter.service ? items.filter((s) => s.recommendation.ref.service === filter.service) : items;
  }

  async save(stored: StoredRecommendation, options: { announce: boolean }): Promise<void> {
    const ref = stored.recommendation.ref;
    const latest = {
      pk: servicePk(ref),
      sk: RECOMMENDATION_SK,
      gsi1pk: RECOMMENDATIONS_GSI1PK,
      gsi1sk: recommendationGsi1Sk(ref),
      // Kept while the runs keep refreshing it; a deleted service's last one expires.
      expiresAt: epochSeconds(stored.at, this.retention.timelineDays),
      at: stored.at,
      announcedAt: stored.announcedAt,
      change: stored.change,
      recommendation: JSON.stringify(stored.recommendation),
    };
    const put = { TableName: this.table, Item: marshall(latest, { removeUndefinedValues: true }) };
    if (!options.announce) {
      await this.client.send(new PutItemCommand(put));
      return;
    }
    const entry = timelineItem(announcement(stored), epochSeconds(stored.at, this.retention.timelineDays));
    const items: TransactWriteItem[] = [
      { Put: put },
      { Put: { TableName: this.table, Item: marshall(entry, { removeUndefinedValues: true }) } },
    ];
    await this.client.send(new TransactWriteItemsCommand({ TransactItems: items }));
  }

  async claimDigest(week: string, now: Date): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateItemCommand({
          TableName: this.table,
          Key: marshall({ pk: DIGEST_PK, sk: week }),
          UpdateExpression: "SET #status = :sending, claimedAt = :now, expiresAt = :expires",
          ConditionExpression:
            "attribute_not_exists(pk) OR #status = :failed OR (#status = :sending AND claimedAt < :stale)",
          ExpressionAttributeNames: { "#status": "status" },
          ExpressionAttributeValues: marshall({
            ":sending": "sending",
            ":failed": "failed",
            ":now": now.toISOString(),
            ":stale": new Date(now.getTime() - DIGEST_CLAIM_STALE_MS).toISOString(),
            ":expires": epochSeconds(now.toISOString(), this.retention.timelineDays),
          }),
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async finishDigest(
    week: string,
    outcome: { sent: true; at: string; title: string } | { sent: false; error: string },
  ): Promise<void> {
    const values = outcome.sent
      ? { ":status": "sent", ":detail": `${outcome.at} ${outcome.title}` }
      : { ":status": "failed", ":detail": outcome.error };
    await this.client.send(
      new UpdateItemCommand({
        TableName: this.table,
        Key: marshall({ pk: DIGEST_PK, sk: week }),
        UpdateExpression: "SET #status = :status, detail = :detail",
        ExpressionAttributeNames: { "#status": "status" },
        ExpressionAttributeValues: marshall(values),
      }),
    );
  }
}

/** The timeline entry of a changed recommendation, as `guardrails history` shows it. */
function announcement(stored: StoredRecommendation): TimelineEntry {
  const r = stored.recommendation;
  return {
    cluster: r.ref.cluster,
    service: r.ref.service,
    ...placeOf(r.ref),
    type: "decision",
    time: stored.at,
    eventId: `right-sizing:${stored.at}`,
    summary: `right-sizing (observe): ${r.summary} (${stored.change.join(", ")})`,
    reason: r.notes.join("; ") || undefined,
    data: {
      policy: "right-sizing",
      status: r.status,
      revision: r.revision,
      current: size(r.current),
      recommended: r.recommended ? size(r.recommended) : undefined,
      savingsMonthly: r.cost?.savingsMonthly,
      oomKills: r.evidence.oomKills,
    },
  };
}

function fromItem(item: Record<string, unknown>): StoredRecommendation {
  return {
    recommendation: JSON.parse(String(item["recommendation"])) as StoredRecommendation["recommendation"],
    at: String(item["at"]),
    announcedAt: String(item["announcedAt"]),
    change: Array.isArray(item["change"]) ? item["change"].map(String) : [],
  };
}

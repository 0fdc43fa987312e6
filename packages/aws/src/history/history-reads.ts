import {
  type DynamoDBClient,
  GetItemCommand,
  type GetItemCommandOutput,
  QueryCommand,
  type QueryCommandInput,
  type QueryCommandOutput,
  ResourceNotFoundException,
} from "@aws-sdk/client-dynamodb";
import { HistoryUnavailableError } from "../errors.ts";
import { marshall, unmarshall } from "@aws-sdk/util-dynamodb";
import type { ServiceRef } from "@ecs-guardrails/core/events/model";
import type { DeploymentRecord, Page, ServiceState, TimelineEntry } from "@ecs-guardrails/core/history/model";
import type { HistoryReader } from "@ecs-guardrails/core/engine/ports";
import { DEPLOYMENT_PREFIX, servicePk, STATE_SK, TIMELINE_PREFIX } from "./keys.ts";
import { toDeployment, toState, toTimelineEntry } from "./mapping.ts";
import { cursorKey, timelineCursor } from "./timeline-cursor.ts";

/**
 * The reads every function makes of a service's history: its state, deployments and timeline.
 * The console's and the deploy stage's reads are in DynamoHistoryStore (dynamo-history-store.ts),
 * so that the ingest's bundle leaves them out (issue 19).
 */
export class HistoryReads implements Pick<HistoryReader, "getServiceState" | "listDeployments" | "timeline"> {
  protected readonly client: DynamoDBClient;
  protected readonly table: string;

  constructor(client: DynamoDBClient, table: string) {
    this.client = client;
    this.table = table;
  }

  async getServiceState(ref: ServiceRef): Promise<ServiceState | undefined> {
    const item = await this.get(servicePk(ref), STATE_SK);
    return item && toState(item);
  }

  /** Newest first (by start, else by any known transition). */
  async listDeployments(ref: ServiceRef): Promise<DeploymentRecord[]> {
    const items = await this.queryAll({
      KeyConditionExpression: "pk = :pk AND begins_with(sk, :p)",
      ExpressionAttributeValues: marshall({ ":pk": servicePk(ref), ":p": DEPLOYMENT_PREFIX }),
    });
    const at = (d: DeploymentRecord) => d.startedAt ?? d.completedAt ?? d.failedAt ?? "";
    return items.map(toDeployment).sort((a, b) => at(b).localeCompare(at(a)));
  }

  /**
   * Newest first, a page of up to `limit` entries at a time; the cursor is opaque to callers
   * (timeline-cursor.ts) and set when the query did not reach the end. The CLI's filter by kind
   * is DynamoHistoryStore's (timeline-kinds.ts): the functions never filter, so it stays out of
   * their bundles (issue 19).
   */
  async timeline(
    ref: ServiceRef,
    options: { limit?: number; cursor?: string; since?: string } = {},
  ): Promise<Page<TimelineEntry>> {
    const limit = options.limit ?? 50;
    const pk = servicePk(ref);
    // Timeline sort keys are T#<time>#<event id>: a time bound is a key range.
    const from = options.since ? `${TIMELINE_PREFIX}${options.since}` : TIMELINE_PREFIX;
    let start = options.cursor === undefined ? undefined : cursorKey(options.cursor);
    // A cursor from before the time bound: everything after it is older still.
    if (start !== undefined && start < from) return { items: [], cursor: undefined };
    const items: Record<string, unknown>[] = [];
    do {
      const out = await this.read(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: "pk = :pk AND sk BETWEEN :from AND :to",
          ExpressionAttributeValues: marshall({ ":pk": pk, ":from": from, ":to": `${TIMELINE_PREFIX}~` }),
          ScanIndexForward: false,
          Limit: limit - items.length,
          ...(start ? { ExclusiveStartKey: marshall({ pk, sk: start }) } : {}),
        }),
      );
      items.push(...(out.Items ?? []).map((i) => unmarshall(i)));
      start = out.LastEvaluatedKey ? String(unmarshall(out.LastEvaluatedKey)["sk"]) : undefined;
    } while (start && items.length < limit);
    return { items: items.map(toTimelineEntry), cursor: start && timelineCursor(start) };
  }

  /** A missing table is a wrong name or region, not a transient fault: say which table. */
  protected async read<T extends GetItemCommand | QueryCommand>(
    command: T,
  ): Promise<T extends GetItemCommand ? GetItemCommandOutput : QueryCommandOutput> {
    try {
      return (await this.client.send(command as never)) as never;
    } catch (error) {
      if (error instanceof ResourceNotFoundException) {
        const region = await this.client.config.region().catch(() => "unknown");
        throw new HistoryUnavailableError(
          `history table "${this.table}" not found in region ${region}: check the table name and AWS_REGION`,
          { table: this.table },
          { cause: error },
        );
      }
      throw error;
    }
  }

  protected async get(pk: string, sk: string): Promise<Record<string, unknown> | undefined> {
    const out = await this.read(
      new GetItemCommand({ TableName: this.table, Key: marshall({ pk, sk }), ConsistentRead: true }),
    );
    return out.Item && unmarshall(out.Item);
  }

  protected async queryAll(
    input: Omit<QueryCommandInput, "TableName">,
    max = Number.POSITIVE_INFINITY,
  ): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let start: QueryCommandInput["ExclusiveStartKey"];
    do {
      const out = await this.read(new QueryCommand({ ...input, TableName: this.table, ExclusiveStartKey: start }));
      items.push(...(out.Items ?? []).map((i) => unmarshall(i)));
      start = out.LastEvaluatedKey;
    } while (start && items.length < max);
    return items.slice(0, max);
  }
}

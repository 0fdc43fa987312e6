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

  /** Newest first, a page at a time; the cursor is opaque to callers. */
  async timeline(
    ref: ServiceRef,
    options: { limit?: number; cursor?: string; since?: string } = {},
  ): Promise<Page<TimelineEntry>> {
    // Timeline sort keys are T#<time>#<event id>: a time bound is a key range.
    const from = options.since ? `${TIMELINE_PREFIX}${options.since}` : TIMELINE_PREFIX;
    const out = await this.read(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: "pk = :pk AND sk BETWEEN :from AND :to",
        ExpressionAttributeValues: marshall({ ":pk": servicePk(ref), ":from": from, ":to": `${TIMELINE_PREFIX}~` }),
        ScanIndexForward: false,
        Limit: options.limit ?? 50,
        ...(options.cursor
          ? { ExclusiveStartKey: JSON.parse(Buffer.from(options.cursor, "base64url").toString("utf8")) }
          : {}),
      }),
    );
    const cursor = out.LastEvaluatedKey
      ? Buffer.from(JSON.stringify(out.LastEvaluatedKey)).toString("base64url")
      : undefined;
    return { items: (out.Items ?? []).map((i) => toTimelineEntry(unmarshall(i))), cursor };
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

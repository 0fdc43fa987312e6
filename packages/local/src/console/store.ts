import { type DynamoDBClient, QueryCommand, ScanCommand, type ScanCommandInput } from "@aws-sdk/client-dynamodb";
import { marshall, unmarshall } from "@aws-sdk/util-dynamodb";
import { DynamoHistoryStore } from "@ecs-guardrails/aws/history/dynamo-history-store";
import { DEPLOYMENT_PREFIX, servicePk, STATE_SK, TIMELINE_PREFIX } from "@ecs-guardrails/aws/history/keys";
import { toDeployment, toState, toTimelineEntry } from "@ecs-guardrails/aws/history/mapping";
import type { ServiceRef } from "@ecs-guardrails/core/events/model";
import type { DeploymentRecord, FailureEntry, ServiceState, TimelineEntry } from "@ecs-guardrails/core/history/model";

// What the console reads, and only reads: the history table through the real SDK. No method
// here writes; the server offers no route that could call one.

export type ServiceSummary = { state: ServiceState; deployments: DeploymentRecord[]; lastDecision: TimelineEntry | undefined };

export interface ConsoleStore {
  /** Every service with a state item, its deployments and its latest decision. */
  services(): Promise<ServiceSummary[]>;
  state(ref: ServiceRef): Promise<ServiceState | undefined>;
  deployments(ref: ServiceRef): Promise<DeploymentRecord[]>;
  /** Newest first, at most `max` entries (and whether more exist). */
  timeline(ref: ServiceRef, max: number): Promise<{ entries: TimelineEntry[]; truncated: boolean }>;
  failures(ref: ServiceRef, deploymentId: string): Promise<FailureEntry[]>;
}

/** Latest decisions are looked up this many services at a time: DynamoDB Local is single-threaded Java, a deployed table takes more. */
const CONCURRENCY = 16;
/** A decision older than this many timeline entries is not the "last decision" the overview shows. */
const DECISION_LOOKBACK = 300;

export class DynamoConsoleStore implements ConsoleStore {
  private readonly history: DynamoHistoryStore;
  private readonly client: DynamoDBClient;
  private readonly table: string;

  constructor(client: DynamoDBClient, table: string) {
    this.client = client;
    this.table = table;
    this.history = new DynamoHistoryStore({ client, tableName: table });
  }

  /**
   * The table has no index of services: one Scan, filtered to the state and deployment items.
   * It reads the whole table (its cost is the table's size); the console is an operator's tool,
   * run on demand, not a hot path. Then one Query per service for its latest decision.
   */
  async services(): Promise<ServiceSummary[]> {
    const items = await this.scanAll({
      FilterExpression: "sk = :state OR begins_with(sk, :dep)",
      ExpressionAttributeValues: marshall({ ":state": STATE_SK, ":dep": DEPLOYMENT_PREFIX }),
    });
    const byService = new Map<string, ServiceSummary>();
    const deployments = new Map<string, DeploymentRecord[]>();
    for (const item of items) {
      const pk = String(item["pk"]);
      if (item["sk"] === STATE_SK) byService.set(pk, { state: toState(item), deployments: [], lastDecision: undefined });
      else deployments.set(pk, [...(deployments.get(pk) ?? []), toDeployment(item)]);
    }
    const summaries = [...byService.entries()].map(([pk, s]) => ({ ...s, deployments: newestFirst(deployments.get(pk) ?? []) }));
    await inBatches(summaries, CONCURRENCY, async (s) => {
      s.lastDecision = await this.lastDecision(s.state);
    });
    return summaries.sort((a, b) => `${a.state.cluster}/${a.state.service}`.localeCompare(`${b.state.cluster}/${b.state.service}`));
  }

  state(ref: ServiceRef): Promise<ServiceState | undefined> {
    return this.history.getServiceState(ref);
  }

  deployments(ref: ServiceRef): Promise<DeploymentRecord[]> {
    return this.history.listDeployments(ref);
  }

  async timeline(ref: ServiceRef, max: number): Promise<{ entries: TimelineEntry[]; truncated: boolean }> {
    const entries: TimelineEntry[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.history.timeline(ref, { limit: Math.min(1000, max + 1 - entries.length), ...(cursor ? { cursor } : {}) });
      entries.push(...page.items);
      cursor = page.cursor;
    } while (cursor && entries.length <= max);
    return { entries: entries.slice(0, max), truncated: entries.length > max };
  }

  failures(ref: ServiceRef, deploymentId: string): Promise<FailureEntry[]> {
    return this.history.deploymentFailures(ref, deploymentId);
  }

  /** Newest first; the filter runs after the key range, so a page may hold none: read on. */
  private async lastDecision(ref: ServiceRef): Promise<TimelineEntry | undefined> {
    let start: Record<string, unknown> | undefined;
    let read = 0;
    do {
      const out = await this.client.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: "pk = :pk AND begins_with(sk, :t)",
          FilterExpression: "#type = :decision",
          ExpressionAttributeNames: { "#type": "type" },
          ExpressionAttributeValues: marshall({ ":pk": servicePk(ref), ":t": TIMELINE_PREFIX, ":decision": "decision" }),
          ScanIndexForward: false,
          Limit: 100,
          ...(start ? { ExclusiveStartKey: start as never } : {}),
        }),
      );
      const found = out.Items?.[0];
      if (found) return toTimelineEntry(unmarshall(found));
      start = out.LastEvaluatedKey;
      read += out.ScannedCount ?? 0;
    } while (start && read < DECISION_LOOKBACK);
    return undefined;
  }

  private async scanAll(input: Omit<ScanCommandInput, "TableName">): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let start: ScanCommandInput["ExclusiveStartKey"];
    do {
      const out = await this.client.send(new ScanCommand({ ...input, TableName: this.table, ExclusiveStartKey: start }));
      items.push(...(out.Items ?? []).map((i) => unmarshall(i)));
      start = out.LastEvaluatedKey;
    } while (start);
    return items;
  }
}

function newestFirst(deployments: DeploymentRecord[]): DeploymentRecord[] {
  const at = (d: DeploymentRecord) => d.startedAt ?? d.completedAt ?? d.failedAt ?? "";
  return deployments.sort((a, b) => at(b).localeCompare(at(a)));
}

async function inBatches<T>(items: readonly T[], size: number, run: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await run(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, worker));
}

import { type DynamoDBClient, ScanCommand, type ScanCommandInput } from "@aws-sdk/client-dynamodb";
import { marshall, unmarshall } from "@aws-sdk/util-dynamodb";
import { DynamoHistoryStore } from "@ecs-guardrails/aws/history/dynamo-history-store";
import { DEPLOYMENT_PREFIX, STATE_SK, TIMELINE_PREFIX } from "@ecs-guardrails/aws/history/keys";
import { toDeployment, toState, toTimelineEntry } from "@ecs-guardrails/aws/history/mapping";
import type { ServiceRef } from "@ecs-guardrails/core/events/model";
import type { DeploymentRecord, FailureEntry, ServiceState, TimelineEntry } from "@ecs-guardrails/core/history/model";

// What the console reads, and only reads: the history table through the real SDK. No method
// here writes; the server offers no route that could call one.

export type ServiceSummary = {
  state: ServiceState;
  deployments: DeploymentRecord[];
  lastDecision: TimelineEntry | undefined;
  /**
   * Each capability's newest decision (so one capability's routine note cannot hide another's
   * rollback), and the decisions that started a deployment (own-deployments.ts).
   */
  decisions?: TimelineEntry[];
};

export interface ConsoleStore {
  /** Every service with a state item, its deployments and its latest decision. */
  services(): Promise<ServiceSummary[]>;
  state(ref: ServiceRef): Promise<ServiceState | undefined>;
  deployments(ref: ServiceRef): Promise<DeploymentRecord[]>;
  /** Newest first, at most `max` entries (and whether more exist). */
  timeline(ref: ServiceRef, max: number): Promise<{ entries: TimelineEntry[]; truncated: boolean }>;
  failures(ref: ServiceRef, deploymentId: string): Promise<FailureEntry[]>;
}

/** Parallel Scan segments, each a sequence of 1 MB pages. */
const SEGMENTS = 4;

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
   * The table has no index of services: one Scan, filtered to the state items, the deployments
   * and the decisions (the newest per service is its last decision). A Scan reads the whole
   * table (its cost is the table's size, whatever the filter keeps); the console is an
   * operator's tool opened on demand, not a hot path. One Query per service for its last
   * decision instead was about 3x slower on DynamoDB Local for 1,000 services.
   */
  async services(): Promise<ServiceSummary[]> {
    const items = await this.scanAll({
      FilterExpression: "sk = :state OR begins_with(sk, :dep) OR (begins_with(sk, :t) AND #type = :decision)",
      ExpressionAttributeNames: { "#type": "type" },
      ExpressionAttributeValues: marshall({
        ":state": STATE_SK,
        ":dep": DEPLOYMENT_PREFIX,
        ":t": TIMELINE_PREFIX,
        ":decision": "decision",
      }),
    });
    const states = new Map<string, ServiceState>();
    const deployments = new Map<string, DeploymentRecord[]>();
    const decisions = new Map<string, { sk: string; entry: TimelineEntry }>();
    const kept = new Map<string, Newest>();
    for (const item of items) {
      const pk = String(item["pk"]);
      const sk = String(item["sk"]);
      if (sk === STATE_SK) states.set(pk, toState(item));
      else if (sk.startsWith(DEPLOYMENT_PREFIX))
        deployments.set(pk, [...(deployments.get(pk) ?? []), toDeployment(item)]);
      else {
        const entry = toTimelineEntry(item);
        // Timeline sort keys are T#<time>#<event id>: the greatest is the newest.
        if (sk > (decisions.get(pk)?.sk ?? "")) decisions.set(pk, { sk, entry });
        keep(kept, pk, sk, entry);
      }
    }
    return [...states.entries()]
      .map(([pk, state]) => ({
        state,
        deployments: newestFirst(deployments.get(pk) ?? []),
        lastDecision: decisions.get(pk)?.entry,
        decisions: decisionsOf(kept.get(pk)),
      }))
      .sort((a, b) => `${a.state.cluster}/${a.state.service}`.localeCompare(`${b.state.cluster}/${b.state.service}`));
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
      const page = await this.history.timeline(ref, {
        limit: Math.min(1000, max + 1 - entries.length),
        ...(cursor ? { cursor } : {}),
      });
      entries.push(...page.items);
      cursor = page.cursor;
    } while (cursor && entries.length <= max);
    return { entries: entries.slice(0, max), truncated: entries.length > max };
  }

  failures(ref: ServiceRef, deploymentId: string): Promise<FailureEntry[]> {
    return this.history.deploymentFailures(ref, deploymentId);
  }

  private async scanAll(input: Omit<ScanCommandInput, "TableName">): Promise<Record<string, unknown>[]> {
    const segment = async (n: number) => {
      const items: Record<string, unknown>[] = [];
      let start: ScanCommandInput["ExclusiveStartKey"];
      do {
        const out = await this.client.send(
          new ScanCommand({
            ...input,
            TableName: this.table,
            Segment: n,
            TotalSegments: SEGMENTS,
            ExclusiveStartKey: start,
          }),
        );
        for (const i of out.Items ?? []) items.push(unmarshall(i));
        start = out.LastEvaluatedKey;
      } while (start);
      return items;
    };
    return (await Promise.all(Array.from({ length: SEGMENTS }, (_, n) => segment(n)))).flat();
  }
}

type Newest = { byPolicy: Map<string, { sk: string; entry: TimelineEntry }>; starts: TimelineEntry[] };

/** Per service: each policy's newest decision, and every decision that started a deployment. */
function keep(kept: Map<string, Newest>, pk: string, sk: string, entry: TimelineEntry): void {
  const k: Newest = kept.get(pk) ?? { byPolicy: new Map(), starts: [] };
  kept.set(pk, k);
  const data = (entry.data ?? {}) as { policy?: string; startedDeployment?: string };
  const policy = data.policy ?? entry.summary.split(" ")[0] ?? "";
  if (sk > (k.byPolicy.get(policy)?.sk ?? "")) k.byPolicy.set(policy, { sk, entry });
  if (data.startedDeployment) k.starts.push(entry);
}

function decisionsOf(k: Newest | undefined): TimelineEntry[] {
  if (!k) return [];
  const all = [...[...k.byPolicy.values()].map((n) => n.entry), ...k.starts];
  return [...new Map(all.map((e) => [e.eventId, e])).values()];
}

function newestFirst(deployments: DeploymentRecord[]): DeploymentRecord[] {
  const at = (d: DeploymentRecord) => d.startedAt ?? d.completedAt ?? d.failedAt ?? "";
  return deployments.sort((a, b) => at(b).localeCompare(at(a)));
}

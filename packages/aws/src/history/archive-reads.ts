import type { ServiceRef } from "@ecs-guardrails/core/events/model";
import type { Place } from "@ecs-guardrails/core/model/service-ref";
import type { ServiceDescription } from "@ecs-guardrails/core/model/description";
import type { KnownGoodRevision } from "@ecs-guardrails/core/model/known-good";
import type { TimelineEntry } from "@ecs-guardrails/core/history/model";
import { HistoryReads } from "./history-reads.ts";
import { archivePk, clusterDayPk, GSI1, SEED_SK, servicePk, STATE_SK, tickPk } from "./keys.ts";
import { toTimelineEntry } from "./mapping.ts";

/** A time range (ISO-8601, `from` included) and, optionally, the cluster and service to keep. */
export type ArchiveRange = { from: string; to: string; cluster?: string | undefined; service?: string | undefined };
export type ArchivedEnvelope = {
  /** `<time>#<eventId>` */
  sk: string;
  cluster?: string;
  service?: string;
  receivedAt?: number;
  envelope: unknown;
};

/** A service as first seen, with the known-good revision the import found then. */
/** `drained` is absent from seeds kept before the import kept it. */
export type KeptSeed = {
  service: ServiceDescription;
  knownGood: KnownGoodRevision | undefined;
  drained?: KnownGoodRevision | undefined;
};

const DAY_MS = 86_400_000;

/**
 * What `guardrails export` reads: the kept envelopes (one query per day) and the decisions
 * live recorded (the timeline's `decision` entries, through gsi1: one query per cluster and day).
 */
export class ArchiveReads extends HistoryReads {
  /**
   * The envelopes of the range in the order they were delivered (replay follows a stream's own
   * order); those naming no service (alarms) are always kept.
   */
  async envelopes(range: ArchiveRange): Promise<ArchivedEnvelope[]> {
    const out: ArchivedEnvelope[] = [];
    for (const day of days(range)) {
      const items = await this.queryAll({
        KeyConditionExpression: "pk = :pk AND sk BETWEEN :from AND :to",
        ExpressionAttributeValues: {
          ":pk": { S: archivePk(day) },
          ":from": { S: range.from },
          ":to": { S: `${range.to}~` },
        },
      });
      for (const i of items) {
        const kept = { ...i, envelope: JSON.parse(String(i["envelope"])) } as ArchivedEnvelope;
        if (matches(kept, range)) out.push(kept);
      }
    }
    return out.sort((a, b) => (a.receivedAt ?? 0) - (b.receivedAt ?? 0) || a.sk.localeCompare(b.sk));
  }

  /** Whether the history holds this service (its state item): a hub keys a member's apart from home's. */
  async holds(ref: ServiceRef): Promise<boolean> {
    return (await this.get(servicePk(ref), STATE_SK)) !== undefined;
  }

  /** The times the reconcile ran in the range (one query per day), oldest first. */
  async ticks(range: ArchiveRange): Promise<string[]> {
    const out: string[] = [];
    for (const day of days(range)) {
      const items = await this.queryAll({
        KeyConditionExpression: "pk = :pk AND sk BETWEEN :from AND :to",
        ExpressionAttributeValues: { ":pk": { S: tickPk(day) }, ":from": { S: range.from }, ":to": { S: range.to } },
      });
      out.push(...items.map((i) => String(i["sk"])));
    }
    return out.sort();
  }

  /**
   * The services' seeds (their state at the guardrails' first sight), one GetItem each; only
   * those kept inside the range: an older one no longer describes where the range starts.
   */
  async seeds(refs: readonly ServiceRef[], range: ArchiveRange): Promise<KeptSeed[]> {
    const out: KeptSeed[] = [];
    for (const ref of refs) {
      const item = await this.get(servicePk(ref), SEED_SK);
      if (item && String(item["at"]) >= range.from) out.push(JSON.parse(String(item["seed"])));
    }
    return out;
  }

  /**
   * The decisions recorded on the clusters' services in the range, oldest first: home's, or,
   * with `place`, a member account's (its clusters are keyed with its account and Region).
   */
  async decisions(clusters: readonly string[], range: ArchiveRange, place?: Place): Promise<TimelineEntry[]> {
    const out: TimelineEntry[] = [];
    for (const cluster of clusters)
      for (const day of days(range)) {
        const items = await this.queryAll({
          IndexName: GSI1,
          KeyConditionExpression: "gsi1pk = :pk AND gsi1sk BETWEEN :from AND :to",
          FilterExpression: "#type = :decision",
          ExpressionAttributeNames: { "#type": "type" },
          ExpressionAttributeValues: {
            ":pk": { S: clusterDayPk(cluster, day, place) },
            ":from": { S: range.from },
            ":to": { S: `${range.to}~` },
            ":decision": { S: "decision" },
          },
        });
        out.push(...items.map(toTimelineEntry).filter((e) => !range.service || e.service === range.service));
      }
    return out.sort((a, b) => a.time.localeCompare(b.time));
  }
}

function matches(e: ArchivedEnvelope, range: ArchiveRange): boolean {
  if (e.cluster === undefined) return true;
  return (!range.cluster || e.cluster === range.cluster) && (!range.service || e.service === range.service);
}

/** Each UTC day the range touches, as an ISO time inside it. */
function days(range: ArchiveRange): string[] {
  const out: string[] = [];
  const end = Date.parse(range.to.slice(0, 10));
  for (let t = Date.parse(range.from.slice(0, 10)); t <= end; t += DAY_MS) out.push(new Date(t).toISOString());
  return out;
}

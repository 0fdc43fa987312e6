import { QueryCommand, type QueryCommandOutput } from "@aws-sdk/client-dynamodb";
import { marshall, unmarshall } from "@aws-sdk/util-dynamodb";
import type { ServiceRef } from "@ecs-guardrails/core/events/model";
import type { Page, TimelineEntry, TimelineType } from "@ecs-guardrails/core/history/model";
import { servicePk, TIMELINE_PREFIX } from "./keys.ts";
import { toTimelineEntry } from "./mapping.ts";
import { cursorKey, timelineCursor } from "./timeline-cursor.ts";

// A service's timeline filtered by kind, for the CLI and the console (DynamoHistoryStore): the
// functions read it unfiltered (history-reads.ts), so this file stays out of their bundles.

/** Entries a filtered timeline query reads at least per round trip. */
const FILTERED_READ = 100;

export type TimelineOptions = { limit?: number; cursor?: string; since?: string; types?: readonly TimelineType[] };

/** Newest first, up to `limit` entries of the `types` asked for; the cursor names the last one shown. */
export async function timelineOfKinds(
  read: (command: QueryCommand) => Promise<QueryCommandOutput>,
  table: string,
  ref: ServiceRef,
  options: TimelineOptions & { types: readonly TimelineType[] },
): Promise<Page<TimelineEntry>> {
  const limit = options.limit ?? 50;
  const pk = servicePk(ref);
  const from = options.since ? `${TIMELINE_PREFIX}${options.since}` : TIMELINE_PREFIX;
  let start = options.cursor === undefined ? undefined : cursorKey(options.cursor);
  // A cursor from before the time bound: everything after it is older still.
  if (start !== undefined && start < from) return { items: [], cursor: undefined };
  const kinds = Object.fromEntries(options.types.map((t, i) => [`:t${i}`, t]));
  const items: Record<string, unknown>[] = [];
  do {
    const out = await read(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: "pk = :pk AND sk BETWEEN :from AND :to",
        FilterExpression: `#type IN (${Object.keys(kinds).join(", ")})`,
        ExpressionAttributeNames: { "#type": "type" },
        ExpressionAttributeValues: marshall({ ":pk": pk, ":from": from, ":to": `${TIMELINE_PREFIX}~`, ...kinds }),
        ScanIndexForward: false,
        // A filter applies after Limit: read past a sparse stretch in fewer round trips.
        Limit: Math.max(limit - items.length, FILTERED_READ),
        ...(start ? { ExclusiveStartKey: marshall({ pk, sk: start }) } : {}),
      }),
    );
    items.push(...(out.Items ?? []).map((i) => unmarshall(i)));
    start = out.LastEvaluatedKey ? String(unmarshall(out.LastEvaluatedKey)["sk"]) : undefined;
  } while (start && items.length < limit);
  // Read more than a page: the next one starts after the last entry shown.
  if (items.length > limit) start = String(items[limit - 1]!["sk"]);
  return { items: items.slice(0, limit).map(toTimelineEntry), cursor: start && timelineCursor(start) };
}

import { BatchWriteItemCommand, type DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { marshall } from "@aws-sdk/util-dynamodb";
import { timelineItem } from "../../packages/aws/src/history/items.ts";
import type { TimelineEntry, TimelineType } from "../../packages/core/src/history/model.ts";

// A service's timeline written straight into a history table (as the functions store it), for
// the readers' tests: paging, filters and the CLI's table.

export type SeedEntry = { type: TimelineType; time: string; summary?: string };

export function timelineEntries(ref: { cluster: string; service: string }, seeds: readonly SeedEntry[]) {
  return seeds.map(
    (s, i): TimelineEntry => ({
      ...ref,
      type: s.type,
      time: s.time,
      eventId: `0c5a1e2b-6d3f-4a8b-9c7e-${String(i).padStart(12, "0")}`,
      summary: s.summary ?? `${s.type} number ${i}`,
    }),
  );
}

export async function writeTimeline(client: DynamoDBClient, tableName: string, entries: readonly TimelineEntry[]) {
  for (let i = 0; i < entries.length; i += 25) {
    const batch = entries.slice(i, i + 25).map((e) => ({
      PutRequest: { Item: marshall(timelineItem(e, 4_102_444_800), { removeUndefinedValues: true }) },
    }));
    await client.send(new BatchWriteItemCommand({ RequestItems: { [tableName]: batch } }));
  }
}

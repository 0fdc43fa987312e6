import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { marshall } from "@aws-sdk/util-dynamodb";
import type { EventArchive, TickArchive } from "@ecs-guardrails/core/history/event-archive";
import { epochSeconds } from "./items.ts";
import { archivePk, archiveSk, tickPk } from "./keys.ts";
import { DEFAULT_RETENTION } from "./retention.ts";
import { putOnce } from "./transact.ts";

/** The last `receivedAt`: microseconds since the epoch, strictly increasing within the process (ms alone tie). */
let last = 0;

/**
 * Every delivered envelope, as it came, under `EVENTS#<day>` / `<time>#<eventId>` for the
 * timeline's retention, with the time it was received. One conditional PutItem per event (the
 * key holds the event id): a redelivery finds it and changes nothing, so duplicates leave one
 * copy in the place of the first delivery. A factory, not a class: it is on every event's path,
 * and the ingest's bundle is kept small (test/unit/functions/hot-path.test.ts).
 */
export function dynamoEventArchive(
  client: DynamoDBClient,
  tableName: string,
  timelineDays = DEFAULT_RETENTION.timelineDays,
): EventArchive {
  return {
    async keep(envelope, at) {
      const item = {
        pk: archivePk(at.time),
        sk: archiveSk(at.time, at.eventId),
        // cluster and service, when it names one
        ...at.ref,
        // A string, not a map: the envelope comes back byte for byte (DynamoDB maps drop empty values).
        envelope: JSON.stringify(envelope),
        // Delivery order, which replay follows: events of one second are not ordered by their ids.
        receivedAt: (last = Math.max(last + 1, Date.now() * 1000)),
        expiresAt: epochSeconds(at.time, timelineDays),
      };
      await putOnce(client, { TableName: tableName, Item: marshall(item) });
    },
  };
}

/**
 * The time of each reconcile run under `TICKS#<day>` / `<time>`, for the timeline's retention:
 * one conditional PutItem per invocation (a run at the same millisecond finds it and changes
 * nothing; Lambda's retry runs, and is kept, at its own time).
 */
export function dynamoTickArchive(
  client: DynamoDBClient,
  tableName: string,
  timelineDays = DEFAULT_RETENTION.timelineDays,
): TickArchive {
  return {
    async keepTick(time) {
      const item = { pk: tickPk(time), sk: time, expiresAt: epochSeconds(time, timelineDays) };
      await putOnce(client, { TableName: tableName, Item: marshall(item) });
    },
  };
}

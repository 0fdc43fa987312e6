import { ConditionalCheckFailedException, type DynamoDBClient, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { marshall } from "@aws-sdk/util-dynamodb";
import type { ArchivedAt, EventArchive } from "@ecs-guardrails/core/history/event-archive";
import { epochSeconds } from "./items.ts";
import { archivePk, archiveSk } from "./keys.ts";
import { DEFAULT_RETENTION, type Retention } from "./retention.ts";

let last = 0;
/** Microseconds since the epoch, strictly increasing within the process (the wall clock's ms alone ties). */
function received(): number {
  last = Math.max(last + 1, Date.now() * 1000);
  return last;
}

/**
 * Every delivered envelope, as it came, under `EVENTS#<day>` / `<time>#<eventId>` for the
 * timeline's retention, with the time it was received. One conditional PutItem per event (the
 * key holds the event id): a redelivery finds it and changes nothing, so duplicates leave one
 * copy in the place of the first delivery.
 */
export class DynamoEventArchive implements EventArchive {
  private readonly client: DynamoDBClient;
  private readonly table: string;
  private readonly retention: Retention;

  constructor(options: { client: DynamoDBClient; tableName: string; retention?: Partial<Retention> }) {
    this.client = options.client;
    this.table = options.tableName;
    this.retention = { ...DEFAULT_RETENTION, ...options.retention };
  }

  async keep(envelope: unknown, at: ArchivedAt): Promise<void> {
    const item = {
      pk: archivePk(at.time),
      sk: archiveSk(at.time, at.eventId),
      time: at.time,
      eventId: at.eventId,
      cluster: at.ref?.cluster,
      service: at.ref?.service,
      // A string, not a map: the envelope comes back byte for byte (DynamoDB maps drop empty values).
      envelope: JSON.stringify(envelope),
      // Delivery order, which replay follows: events of one second are not ordered by their ids.
      receivedAt: received(),
      expiresAt: epochSeconds(at.time, this.retention.timelineDays),
    };
    try {
      await this.client.send(
        new PutItemCommand({
          TableName: this.table,
          Item: marshall(item, { removeUndefinedValues: true }),
          // The first delivery keeps its place in the order; a redelivery changes nothing.
          ConditionExpression: "attribute_not_exists(pk)",
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }
}

import { type DynamoDBClient, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { marshall } from "@aws-sdk/util-dynamodb";
import type { ArchivedAt, EventArchive } from "@ecs-guardrails/core/history/event-archive";
import { epochSeconds } from "./items.ts";
import { archivePk, archiveSk } from "./keys.ts";
import { DEFAULT_RETENTION, type Retention } from "./retention.ts";

/**
 * Every delivered envelope, as it came, under `EVENTS#<day>` / `<time>#<eventId>` for the
 * timeline's retention. One unconditional PutItem per event: a redelivery writes the same item
 * again (the key is the event id), so duplicates and any order leave one copy.
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
      expiresAt: epochSeconds(at.time, this.retention.timelineDays),
    };
    await this.client.send(
      new PutItemCommand({ TableName: this.table, Item: marshall(item, { removeUndefinedValues: true }) }),
    );
  }
}

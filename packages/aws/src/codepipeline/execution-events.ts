import {
  ConditionalCheckFailedException,
  type DynamoDBClient,
  PutItemCommand,
  UpdateItemCommand,
} from "@aws-sdk/client-dynamodb";
import { marshall } from "@aws-sdk/util-dynamodb";
import type { PipelineEvent } from "@ecs-guardrails/core/events/model";
import type { RecordOutcome } from "@ecs-guardrails/core/history/model";
import { executionOf, type ProvenanceStore } from "@ecs-guardrails/core/history/provenance";
import { translateDynamoError } from "../history/dynamo-errors.ts";
import { epochSeconds, stripUndefined } from "../history/items.ts";
import { DEFAULT_RETENTION, type Retention } from "../history/retention.ts";
import { buildUpdate } from "../history/update-expression.ts";
import { EXECUTION_SK, executionEventSk, executionPk } from "./keys.ts";

// CodePipeline's execution events, as the ingest records them: the one write of the pipeline
// store (pipeline-store.ts) an event function makes, in a class of its own so that the
// ingest's bundle leaves the deploy stage's baselines and links out (issue 19).

export type DynamoExecutionEventsOptions = {
  client: DynamoDBClient;
  tableName: string;
  retention?: Partial<Retention>;
};

export class DynamoExecutionEvents implements Pick<ProvenanceStore, "recordExecutionEvent"> {
  protected readonly client: DynamoDBClient;
  protected readonly table: string;
  protected readonly retention: Retention;

  constructor(options: DynamoExecutionEventsOptions) {
    this.client = options.client;
    this.table = options.tableName;
    this.retention = { ...DEFAULT_RETENTION, ...options.retention };
  }

  /**
   * The event under its execution (once per envelope id), then the execution's item: its name
   * and trigger first-writer-wins, its state last-writer-wins by time (at least once, any order).
   */
  async recordExecutionEvent(e: PipelineEvent): Promise<RecordOutcome> {
    const pk = executionPk(e.executionId);
    const fresh = await this.putIfAbsent(
      {
        pk,
        sk: executionEventSk(e.time, e.eventId),
        ...stripUndefined({
          level: e.level,
          pipeline: e.pipeline,
          state: e.state,
          stage: e.stage,
          action: e.action,
          provider: e.provider,
          time: e.time,
        }),
        expiresAt: epochSeconds(e.time, this.retention.timelineDays),
      },
      "recordExecutionEvent",
    );
    const x = executionOf(e);
    await this.update(
      { pk, sk: EXECUTION_SK },
      {
        set: { executionId: x.executionId, expiresAt: epochSeconds(e.time, this.retention.deploymentDays) },
        setIfAbsent: { pipeline: x.pipeline, ...(x.trigger ? { trigger: JSON.stringify(x.trigger) } : {}) },
      },
      "recordExecutionEvent",
    );
    if (e.level === "pipeline") {
      await this.update(
        { pk, sk: EXECUTION_SK },
        {
          set: { state: x.state, stateAt: x.at },
          condition: "attribute_not_exists(#stateAt) OR #stateAt < :at",
          conditionValues: { ":at": x.at },
        },
        "recordExecutionEvent",
        true,
      );
    }
    return fresh ? { status: "recorded" } : { status: "duplicate" };
  }

  protected async putIfAbsent(item: Record<string, unknown>, operation: string): Promise<boolean> {
    try {
      await this.client.send(
        new PutItemCommand({
          TableName: this.table,
          Item: marshall(item, { removeUndefinedValues: true }),
          ConditionExpression: "attribute_not_exists(pk)",
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw translateDynamoError(error, this.table, operation);
    }
  }

  protected async update(
    key: { pk: string; sk: string },
    spec: Parameters<typeof buildUpdate>[0],
    operation: string,
    conditional = false,
  ): Promise<void> {
    try {
      await this.client.send(
        new UpdateItemCommand({ TableName: this.table, Key: marshall(key), ...buildUpdate(spec) }),
      );
    } catch (error) {
      if (conditional && error instanceof ConditionalCheckFailedException) return;
      throw translateDynamoError(error, this.table, operation);
    }
  }
}

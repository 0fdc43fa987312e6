import {
  ConditionalCheckFailedException,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
} from "@aws-sdk/client-dynamodb";
import { marshall, unmarshall } from "@aws-sdk/util-dynamodb";
import type { PipelineEvent, ServiceRef } from "@ecs-guardrails/core/events/model";
import type { RecordOutcome, TimelineEntry } from "@ecs-guardrails/core/history/model";
import type { PipelineStore } from "@ecs-guardrails/core/capabilities/deploy-stage/ports";
import {
  describeLink,
  executionOf,
  type DeploymentLink,
  type PipelineExecution,
} from "@ecs-guardrails/core/history/provenance";
import type { Baseline } from "@ecs-guardrails/core/capabilities/deploy-stage/verify";
import { translateDynamoError } from "../history/dynamo-errors.ts";
import { epochSeconds, stripUndefined, timelineItem } from "../history/items.ts";
import { servicePk } from "../history/keys.ts";
import { DEFAULT_RETENTION, type Retention } from "../history/retention.ts";
import { buildUpdate } from "../history/update-expression.ts";
import { DynamoProvenanceReader } from "./provenance-reader.ts";
import { EXECUTION_SK, executionEventSk, executionPk, gateSk, JOB_DAYS, LATEST_GATE_SK, linkSk } from "./keys.ts";

export type DynamoPipelineStoreOptions = { client: DynamoDBClient; tableName: string; retention?: Partial<Retention> };

/**
 * The deploy stage's own records, in the history table: baselines, links, execution events.
 * Its job claims and results go through the ledger (history/ledger.ts). Every write is
 * conditional or last-writer-wins on a time.
 */
export class DynamoPipelineStore implements PipelineStore {
  private readonly client: DynamoDBClient;
  private readonly table: string;
  private readonly retention: Retention;
  private readonly reads: DynamoProvenanceReader;

  constructor(options: DynamoPipelineStoreOptions) {
    this.client = options.client;
    this.table = options.tableName;
    this.retention = { ...DEFAULT_RETENTION, ...options.retention };
    this.reads = new DynamoProvenanceReader(options.client, options.tableName);
  }

  /** Per execution, the first gate's view stands (a retried or re-run gate may look after the deploy started); the service's latest gate is overwritten. */
  async saveBaseline(ref: ServiceRef, executionId: string | undefined, baseline: Baseline): Promise<void> {
    const value = stripUndefined({
      ...ref,
      deploymentId: baseline.deploymentId,
      at: baseline.at,
      deploymentIds: baseline.deploymentIds ? JSON.stringify(baseline.deploymentIds) : undefined,
      expiresAt: epochSeconds(baseline.at, JOB_DAYS),
    });
    if (executionId)
      await this.putIfAbsent({ pk: executionPk(executionId), sk: gateSk(ref), ...value }, "saveBaseline");
    await this.send("saveBaseline", () =>
      this.client.send(
        new PutItemCommand({
          TableName: this.table,
          Item: marshall({ pk: servicePk(ref), sk: LATEST_GATE_SK, ...value }, { removeUndefinedValues: true }),
        }),
      ),
    );
  }

  async baseline(ref: ServiceRef, executionId: string | undefined): Promise<Baseline | undefined> {
    const item = executionId
      ? await this.get(executionPk(executionId), gateSk(ref), "baseline")
      : await this.get(servicePk(ref), LATEST_GATE_SK, "baseline");
    if (!item) return undefined;
    const ids = typeof item["deploymentIds"] === "string" ? (JSON.parse(item["deploymentIds"]) as string[]) : undefined;
    return {
      deploymentId: typeof item["deploymentId"] === "string" ? item["deploymentId"] : undefined,
      at: String(item["at"]),
      deploymentIds: ids,
    };
  }

  /** The link item, and a timeline entry so `guardrails history` shows it; both written once. */
  async linkDeployment(link: DeploymentLink): Promise<void> {
    const expiresAt = epochSeconds(link.at, this.retention.deploymentDays);
    await this.putIfAbsent(
      { pk: servicePk(link), sk: linkSk(link.deploymentId), ...stripUndefined(link), expiresAt },
      "linkDeployment",
    );
    const entry: TimelineEntry = {
      cluster: link.cluster,
      service: link.service,
      type: "pipeline",
      time: link.at,
      eventId: `pipeline-link-${link.executionId}`,
      summary: `deployment ${link.deploymentId} released by ${describeLink(link)}`,
      deploymentId: link.deploymentId,
      eventName: "pipeline-link",
      data: stripUndefined({
        executionId: link.executionId,
        pipeline: link.pipeline,
        commitId: link.commitId,
        branch: link.branch,
      }),
    };
    await this.putIfAbsent(timelineItem(entry, epochSeconds(link.at, this.retention.timelineDays)), "linkDeployment");
  }

  deploymentLink(ref: ServiceRef, deploymentId: string): Promise<DeploymentLink | undefined> {
    return this.reads.deploymentLink(ref, deploymentId);
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

  execution(executionId: string): Promise<PipelineExecution | undefined> {
    return this.reads.execution(executionId);
  }

  private async putIfAbsent(item: Record<string, unknown>, operation: string): Promise<boolean> {
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

  private async update(
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

  private async get(pk: string, sk: string, operation: string): Promise<Record<string, unknown> | undefined> {
    const out = await this.send(operation, () =>
      this.client.send(new GetItemCommand({ TableName: this.table, Key: marshall({ pk, sk }), ConsistentRead: true })),
    );
    return out.Item && unmarshall(out.Item);
  }

  private async send<T>(operation: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      throw translateDynamoError(error, this.table, operation);
    }
  }
}

import { GetItemCommand, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { marshall, unmarshall } from "@aws-sdk/util-dynamodb";
import type { ServiceRef } from "@ecs-guardrails/core/events/model";
import type { TimelineEntry } from "@ecs-guardrails/core/history/model";
import type { PipelineStore } from "@ecs-guardrails/core/capabilities/deploy-stage/ports";
import { describeLink, type DeploymentLink, type PipelineExecution } from "@ecs-guardrails/core/history/provenance";
import type { Baseline } from "@ecs-guardrails/core/capabilities/deploy-stage/verify";
import { translateDynamoError } from "../history/dynamo-errors.ts";
import { epochSeconds, stripUndefined, timelineItem } from "../history/items.ts";
import { servicePk } from "../history/keys.ts";
import { placeOf } from "@ecs-guardrails/core/model/service-ref";
import { DynamoProvenanceReader } from "./provenance-reader.ts";
import { DynamoExecutionEvents, type DynamoExecutionEventsOptions } from "./execution-events.ts";
import { executionPk, gateSk, JOB_DAYS, LATEST_GATE_SK, linkSk } from "./keys.ts";

export type DynamoPipelineStoreOptions = DynamoExecutionEventsOptions;

/**
 * The deploy stage's own records, in the history table: baselines, links, execution events.
 * Its job claims and results go through the ledger (history/ledger.ts). Every write is
 * conditional or last-writer-wins on a time.
 */
export class DynamoPipelineStore extends DynamoExecutionEvents implements PipelineStore {
  private readonly reads: DynamoProvenanceReader;

  constructor(options: DynamoPipelineStoreOptions) {
    super(options);
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
      // A member's link is in the member's timeline, never in home's service of the same name.
      ...placeOf(link),
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

  execution(executionId: string): Promise<PipelineExecution | undefined> {
    return this.reads.execution(executionId);
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

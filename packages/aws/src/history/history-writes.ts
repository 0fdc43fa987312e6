import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { marshall } from "@aws-sdk/util-dynamodb";
import type {
  DeploymentEvent,
  ServiceActionEventModel,
  ServiceRef,
  TaskEvent,
} from "@ecs-guardrails/core/events/model";
import type { ObservedDeployment } from "@ecs-guardrails/core/history/observed";
import type { RecordOutcome } from "@ecs-guardrails/core/history/model";
import { replacedByRollback } from "@ecs-guardrails/core/history/rollbacks";
import type { HistoryWriter } from "@ecs-guardrails/core/engine/ports";
import type { ImportedHistory } from "@ecs-guardrails/core/history/ecs-history";
import type { ImportSummary } from "@ecs-guardrails/core/model/known-good";
import type { ServiceDescription } from "@ecs-guardrails/core/model/description";
import { deploymentItems, observedItems, stateUpdates } from "./deployment-writes.ts";
import { importedRecordPut, importStateUpdates, seedPut } from "./import-writes.ts";
import { HistoryReads } from "./history-reads.ts";
import { epochSeconds, serviceActionEntry, timelineItem } from "./items.ts";
import { DEFAULT_RETENTION, type Retention } from "./retention.ts";
import { stopItems, taskUpdate } from "./task-writes.ts";
import { conditionalUpdate, putOnce, transact, type WriteResult } from "./transact.ts";

export type DynamoHistoryOptions = { client: DynamoDBClient; tableName: string; retention?: Partial<Retention> };

/**
 * The service history in one DynamoDB table, as the functions write it (the console's and the
 * deploy stage's reads are in DynamoHistoryStore, dynamo-history-store.ts). Every write is conditional or commutative, so
 * duplicated, late and concurrent deliveries converge. Requests per event: a task event 1
 * (an UpdateItem, or one transaction when it stopped), a service action 1, a deployment event
 * 2–3 (a transaction, then the state item's conditional updates), and a query before it for a breaker rollback;
 * when answering it described the service, one conditional transaction per completed deployment ECS listed.
 * An import of ECS's deployment history (once per service): one conditional put per deployment
 * (at most 20), one of the service's seed, then 1–3 conditional updates of the state item.
 */
export class DynamoHistoryWrites extends HistoryReads implements HistoryWriter {
  private readonly retention: Retention;

  constructor(options: DynamoHistoryOptions) {
    super(options.client, options.tableName);
    this.retention = { ...DEFAULT_RETENTION, ...options.retention };
  }

  async recordTask(e: TaskEvent): Promise<RecordOutcome> {
    if (!e.service) return { status: "ignored", reason: "standalone task (not started by a service)" };
    const task = { ...e, service: e.service };
    const update = taskUpdate(this.table, task, this.retention);
    const result = e.stop
      ? await transact(this.client, [
          { Update: { ...update, ReturnValuesOnConditionCheckFailure: "ALL_OLD" } },
          ...stopItems(this.table, task, this.retention),
        ])
      : await conditionalUpdate(this.client, update);
    return taskOutcome(result, e);
  }

  async recordDeployment(e: DeploymentEvent, taskDefinitionArn: string | undefined): Promise<RecordOutcome> {
    // ECS's rollback names where it returns to; the deployment it replaced is read from the
    // history (one query, on rollbacks only), so that one is marked rolled back by ECS.
    const replaced = e.rollbackTo
      ? replacedByRollback(await this.listDeployments(e), {
          deploymentId: e.deploymentId,
          rollbackTo: e.rollbackTo,
          updatedAt: e.updatedAt,
        })
      : undefined;
    const result = await transact(
      this.client,
      deploymentItems(this.table, e, taskDefinitionArn, this.retention, replaced),
    );
    // Applied on a redelivery too: an invocation that died after the transaction must not
    // leave the current deployment and last known-good unwritten. Each update is conditional
    // on its timestamp, so applying it again changes nothing.
    for (const update of stateUpdates(this.table, e, taskDefinitionArn)) await conditionalUpdate(this.client, update);
    return result.ok ? { status: "recorded" } : { status: "duplicate" };
  }

  async recordObserved(ref: ServiceRef, deployments: readonly ObservedDeployment[], at: string): Promise<void> {
    // A failed condition means the history has the deployment already: nothing to do.
    for (const d of deployments) await transact(this.client, observedItems(this.table, ref, d, at, this.retention));
  }

  async recordImported(
    ref: ServiceRef,
    imported: ImportedHistory,
    summary: ImportSummary,
    described?: ServiceDescription,
  ): Promise<void> {
    // One conditional put per deployment (at most the import's cap), then the state item's
    // updates, the summary last: an import cut short is repeated, never half-marked as done.
    for (const d of imported.deployments)
      await putOnce(this.client, importedRecordPut(this.table, ref, d, summary.at, this.retention));
    if (described) await putOnce(this.client, seedPut(this.table, ref, described, imported, summary.at));
    for (const update of importStateUpdates(this.table, ref, imported, summary))
      await conditionalUpdate(this.client, update);
  }

  async recordServiceAction(e: ServiceActionEventModel): Promise<RecordOutcome> {
    const item = timelineItem(serviceActionEntry(e), epochSeconds(e.createdAt, this.retention.timelineDays));
    const put = { TableName: this.table, Item: marshall(item, { removeUndefinedValues: true }) };
    return (await putOnce(this.client, put)) ? { status: "recorded" } : { status: "duplicate" };
  }
}

function taskOutcome(result: WriteResult, e: TaskEvent): RecordOutcome {
  if (result.ok) return { status: "recorded" };
  const stored = result.stored?.["version"];
  const storedVersion = typeof stored === "number" ? stored : undefined;
  // Equal version (or, without versions, the same event id) is a redelivery; lower is late.
  if (e.version === undefined || storedVersion === e.version) return { status: "duplicate" };
  return { status: "stale", storedVersion };
}

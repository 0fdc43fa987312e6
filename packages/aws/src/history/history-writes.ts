import { marshall } from "@aws-sdk/util-dynamodb";
import type { DeploymentEvent, ServiceActionEventModel, TaskEvent } from "@ecs-guardrails/core/events/model";
import type { RecordOutcome } from "@ecs-guardrails/core/history/model";
import { replacedByRollback } from "@ecs-guardrails/core/history/rollbacks";
import type { HistoryWriter } from "@ecs-guardrails/core/engine/ports";
import { deploymentItems, stateUpdates } from "./deployment-writes.ts";
import { epochSeconds, serviceActionEntry, timelineItem } from "./items.ts";
import { type DynamoHistoryOptions, DynamoStateWrites } from "./state-writes.ts";
import { stopItems, taskUpdate } from "./task-writes.ts";
import { conditionalUpdate, putOnce, transact, type WriteResult } from "./transact.ts";

export type { DynamoHistoryOptions };

/**
 * The service history in one DynamoDB table, as the functions write it (the console's and the
 * deploy stage's reads are in DynamoHistoryStore, dynamo-history-store.ts). Every write is conditional or commutative, so
 * duplicated, late and concurrent deliveries converge. Requests per event: a task event 1
 * (an UpdateItem, or one transaction when it stopped), a service action 1, a deployment event
 * 2–3 (a transaction, then the state item's conditional updates), and a query before it for a breaker rollback;
 * when answering it described the service, one conditional transaction per completed deployment ECS listed
 * (recordObserved, with the import's writes, is DynamoStateWrites': state-writes.ts).
 */
export class DynamoHistoryWrites extends DynamoStateWrites implements HistoryWriter {
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

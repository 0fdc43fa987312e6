import type { AttributeValue, TransactWriteItem } from "@aws-sdk/client-dynamodb";
import { marshall } from "@aws-sdk/util-dynamodb";
import type { TaskEvent } from "@ecs-guardrails/core/events/model";
import { isFailure } from "@ecs-guardrails/core/events/stop-class";
import { buildUpdate, type UpdateExpression } from "./update-expression.ts";
import { deploymentSk, failureSk, servicePk, taskSk } from "./keys.ts";
import { epochSeconds, stripUndefined, taskStopEntry, timelineItem } from "./items.ts";
import type { Retention } from "./retention.ts";

type ServiceTask = TaskEvent & { service: string };
export type KeyedUpdate = UpdateExpression & { TableName: string; Key: Record<string, AttributeValue> };

/**
 * The task item keeps the highest detail.version seen: an event at or below it is a duplicate
 * or arrived late. Events without a version (documentation snippets) fall back to the event id.
 * A task is counted as stopped once, whatever version a later STOPPED event carries.
 */
export function taskUpdate(table: string, e: ServiceTask, retention: Retention): KeyedUpdate {
  const final = e.lastStatus === "STOPPED";
  const fresh =
    e.version !== undefined
      ? "(attribute_not_exists(#version) OR #version < :version)"
      : "(attribute_not_exists(#lastEventId) OR #lastEventId <> :eventId)";
  return {
    TableName: table,
    Key: marshall({ pk: servicePk(e), sk: taskSk(e.taskId) }),
    ...buildUpdate({
      set: {
        version: e.version,
        lastEventId: e.eventId,
        lastStatus: e.lastStatus,
        desiredStatus: e.desiredStatus,
        deploymentId: e.deploymentId,
        taskDefinitionArn: e.taskDefinitionArn,
        capacityProviderName: e.capacityProviderName,
        cpu: e.cpu,
        memory: e.memory,
        startedAt: e.startedAt,
        updatedAt: e.time,
        stopClass: e.stop?.class,
        stoppedAt: final ? e.time : undefined,
        expiresAt: epochSeconds(e.time, retention.taskDays),
      },
      condition: final ? `${fresh} AND attribute_not_exists(#stoppedAt)` : fresh,
      conditionValues: e.version !== undefined ? { ":version": e.version } : { ":eventId": e.eventId },
    }),
  };
}

/** The other items a stop writes in the same transaction: timeline entry, failure counters. */
export function stopItems(table: string, e: ServiceTask, retention: Retention): TransactWriteItem[] {
  const entryExpiry = epochSeconds(e.time, retention.timelineDays);
  const items: TransactWriteItem[] = [
    {
      Put: {
        TableName: table,
        Item: marshall(timelineItem(taskStopEntry(e), entryExpiry), { removeUndefinedValues: true }),
      },
    },
  ];
  const stop = e.stop!;
  if (e.lastStatus !== "STOPPED" || !isFailure(stop.class) || !e.deploymentId) return items;
  items.push({
    Update: {
      TableName: table,
      Key: marshall({ pk: servicePk(e), sk: deploymentSk(e.deploymentId) }),
      ...buildUpdate({
        set: {
          cluster: e.cluster,
          service: e.service,
          deploymentId: e.deploymentId,
          expiresAt: epochSeconds(e.time, retention.deploymentDays),
        },
        setIfAbsent: { taskDefinitionArn: e.taskDefinitionArn },
        add: { failureCount: 1, [`failures_${stop.class}`]: 1 },
      }),
    },
  });
  const failure = stripUndefined({
    pk: servicePk(e),
    sk: failureSk(e.deploymentId, stop.class, e.time, e.taskId),
    cluster: e.cluster,
    service: e.service,
    deploymentId: e.deploymentId,
    class: stop.class,
    time: e.time,
    taskId: e.taskId,
    taskDefinitionArn: e.taskDefinitionArn,
    explanation: stop.explanation,
    expiresAt: entryExpiry,
  });
  items.push({ Put: { TableName: table, Item: marshall(failure) } });
  return items;
}

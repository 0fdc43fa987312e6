import type { TransactWriteItem, UpdateItemCommandInput } from "@aws-sdk/client-dynamodb";
import { marshall } from "@aws-sdk/util-dynamodb";
import type { DeploymentEvent, ServiceRef } from "@ecs-guardrails/core/events/model";
import type { ObservedDeployment } from "@ecs-guardrails/core/history/observed";
import { buildUpdate } from "./update-expression.ts";
import { deploymentEntry, epochSeconds, timelineItem } from "./items.ts";
import { deploymentSk, servicePk, STATE_SK } from "./keys.ts";
import type { Retention } from "./retention.ts";

// A deployment's transitions are separate timestamps (startedAt, completedAt, failedAt,
// rolledBackAt), so applying its events in any order converges on the same record.

const TRANSITION: Record<string, string> = {
  SERVICE_DEPLOYMENT_IN_PROGRESS: "startedAt",
  SERVICE_DEPLOYMENT_COMPLETED: "completedAt",
  SERVICE_DEPLOYMENT_FAILED: "failedAt",
};

/** `replaced`: for ECS's rollback, the deployment it replaced (replacedByRollback), when known. */
export function deploymentItems(
  table: string,
  e: DeploymentEvent,
  td: string | undefined,
  retention: Retention,
  replaced?: string,
): TransactWriteItem[] {
  const entry = timelineItem(deploymentEntry(e, td), epochSeconds(e.updatedAt, retention.timelineDays));
  const key = { pk: servicePk(e), sk: deploymentSk(e.deploymentId) };
  const transition = TRANSITION[e.eventName];
  const items: TransactWriteItem[] = [
    // The envelope id is part of the key: a redelivered event fails this condition.
    {
      Put: {
        TableName: table,
        Item: marshall(entry, { removeUndefinedValues: true }),
        ConditionExpression: "attribute_not_exists(pk)",
      },
    },
    {
      Update: {
        TableName: table,
        Key: marshall(key),
        ...buildUpdate({
          set: {
            cluster: e.cluster,
            service: e.service,
            deploymentId: e.deploymentId,
            expiresAt: epochSeconds(e.updatedAt, retention.deploymentDays),
          },
          setIfAbsent: {
            taskDefinitionArn: td,
            rollbackTo: e.rollbackTo,
            rollbackOf: replaced,
            ...(transition ? { [transition]: e.updatedAt } : {}),
          },
          appendToList: e.eventName === "SERVICE_DEPLOYMENT_FAILED" && e.reason ? { reasons: [e.reason] } : undefined,
        }),
      },
    },
  ];
  if (replaced) {
    items.push({
      Update: {
        TableName: table,
        Key: marshall({ pk: servicePk(e), sk: deploymentSk(replaced) }),
        ...buildUpdate({
          set: { cluster: e.cluster, service: e.service, deploymentId: replaced },
          setIfAbsent: { rolledBackAt: e.updatedAt, rolledBackBy: "ecs-circuit-breaker" },
        }),
      },
    });
  }
  return items;
}

/**
 * Updates of the service's state item, each with its own condition (a failed one is normal):
 * the current deployment is the one most recently reported in progress; the last known-good
 * task definition is the one of the most recently completed deployment.
 */
export function stateUpdates(table: string, e: DeploymentEvent, td: string | undefined): UpdateItemCommandInput[] {
  const key = marshall({ pk: servicePk(e), sk: STATE_SK });
  const base = { cluster: e.cluster, service: e.service };
  const current = (condition: string, conditionValues: Record<string, unknown> = {}): UpdateItemCommandInput => ({
    TableName: table,
    Key: key,
    ...buildUpdate({
      set: { ...base, currentDeploymentId: e.deploymentId, currentDeploymentAt: e.updatedAt },
      condition,
      conditionValues,
    }),
  });
  const updates: UpdateItemCommandInput[] = [];
  if (e.eventName === "SERVICE_DEPLOYMENT_IN_PROGRESS") {
    updates.push(
      current("attribute_not_exists(#currentDeploymentAt) OR #currentDeploymentAt < :at", { ":at": e.updatedAt }),
    );
  } else {
    // Completion seen before its start: take it as current only if nothing newer is known.
    updates.push(current("attribute_not_exists(#currentDeploymentAt)"));
  }
  if (e.eventName === "SERVICE_DEPLOYMENT_COMPLETED" && td) {
    updates.push({
      TableName: table,
      Key: key,
      ...buildUpdate({
        set: {
          ...base,
          lastKnownGoodTaskDefinition: td,
          lastKnownGoodDeploymentId: e.deploymentId,
          lastKnownGoodAt: e.updatedAt,
        },
        condition: "attribute_not_exists(#lastKnownGoodAt) OR #lastKnownGoodAt < :at",
        conditionValues: { ":at": e.updatedAt },
      }),
    });
  }
  return updates;
}

/**
 * A completed deployment seen in DescribeServices (core's history/observed.ts): its record,
 * only if the history has none — a record from events is never overwritten — and a timeline
 * entry saying where it came from. Later events of it fill in only what is absent.
 */
export function observedItems(
  table: string,
  ref: ServiceRef,
  d: ObservedDeployment,
  at: string,
  retention: Retention,
): TransactWriteItem[] {
  const record = {
    pk: servicePk(ref),
    sk: deploymentSk(d.deploymentId),
    ...ref,
    deploymentId: d.deploymentId,
    taskDefinitionArn: d.taskDefinitionArn,
    startedAt: d.startedAt,
    completedAt: d.completedAt,
    source: "observed",
    observedAt: at,
    expiresAt: epochSeconds(at, retention.deploymentDays),
  };
  const revision = d.taskDefinitionArn.slice(d.taskDefinitionArn.lastIndexOf("/") + 1);
  const entry = {
    ...ref,
    type: "deployment" as const,
    time: at,
    eventId: `observed#${d.deploymentId}`,
    summary: `${d.deploymentId} (${revision}) seen completed in DescribeServices: recorded as a known-good revision`,
    deploymentId: d.deploymentId,
    eventName: "OBSERVED_COMPLETED",
    data: { taskDefinitionArn: d.taskDefinitionArn, source: "observed" },
  };
  return [
    {
      Put: {
        TableName: table,
        Item: marshall(record, { removeUndefinedValues: true }),
        ConditionExpression: "attribute_not_exists(pk)",
      },
    },
    {
      Put: {
        TableName: table,
        Item: marshall(timelineItem(entry, epochSeconds(at, retention.timelineDays)), { removeUndefinedValues: true }),
      },
    },
  ];
}

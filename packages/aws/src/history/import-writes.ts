import type { PutItemCommandInput, UpdateItemCommandInput } from "@aws-sdk/client-dynamodb";
import { marshall } from "@aws-sdk/util-dynamodb";
import type { ServiceRef } from "@ecs-guardrails/core/events/model";
import type { ImportedDeployment, ImportedHistory } from "@ecs-guardrails/core/history/ecs-history";
import type { ImportSummary } from "@ecs-guardrails/core/model/known-good";
import type { ServiceDescription } from "@ecs-guardrails/core/model/description";
import { epochSeconds } from "./items.ts";
import { deploymentSk, SEED_SK, servicePk, STATE_SK } from "./keys.ts";
import type { Retention } from "./retention.ts";
import { buildUpdate } from "./update-expression.ts";

// ECS's deployment history, imported once per service (core's engine/import-history.ts). Every
// write is conditional, so the import's replay after a crash changes nothing: a deployment the
// history has (from events, or an earlier import) is never overwritten, and the known-good is
// moved only forward in time.

/**
 * The service as first seen, the known-good the import found and the newest success ECS no
 * longer listed (drained), once (a repeated import finds
 * it and changes nothing): what `guardrails export` seeds replay with (cli replay/service-seed.ts).
 * A JSON string like the archive's envelopes (DynamoDB maps drop empty values). No expiry: it
 * stays the service's starting state for as long as the history names the service.
 */
export function seedPut(
  table: string,
  ref: ServiceRef,
  described: ServiceDescription,
  imported: ImportedHistory,
  at: string,
): PutItemCommandInput {
  const seed = JSON.stringify({ service: described, knownGood: imported.knownGood, drained: imported.drained });
  return { TableName: table, Item: marshall({ pk: servicePk(ref), sk: SEED_SK, ...ref, at, seed }) };
}

/** One imported deployment's record, only if the history has none. */
export function importedRecordPut(
  table: string,
  ref: ServiceRef,
  d: ImportedDeployment,
  at: string,
  retention: Retention,
): PutItemCommandInput {
  const record = {
    pk: servicePk(ref),
    sk: deploymentSk(d.deploymentId),
    ...ref,
    deploymentId: d.deploymentId,
    taskDefinitionArn: d.taskDefinitionArn,
    startedAt: d.startedAt,
    completedAt: d.completedAt,
    failedAt: d.failedAt,
    rolledBackAt: d.rolledBackAt,
    rolledBackBy: d.rolledBackBy,
    rollbackOf: d.rollbackOf,
    reasons: d.reasons,
    serviceDeploymentArn: d.serviceDeploymentArn,
    serviceRevisionArn: d.serviceRevisionArn,
    ecsStatus: d.status,
    source: "imported",
    importedAt: at,
    // Kept as long as an event's record, counted from when it happened.
    expiresAt: epochSeconds(d.completedAt ?? d.failedAt ?? d.startedAt ?? at, retention.deploymentDays),
  };
  return {
    TableName: table,
    Item: marshall(record, { removeUndefinedValues: true }),
    ConditionExpression: "attribute_not_exists(pk)",
  };
}

/**
 * The state item's updates, each with its own condition (a failed one is normal): the
 * known-good revision and the last known-good task definition unless a newer one is known,
 * then the import's summary, once: the mark that stops the service from being imported again.
 */
export function importStateUpdates(
  table: string,
  ref: ServiceRef,
  imported: ImportedHistory,
  summary: ImportSummary,
): UpdateItemCommandInput[] {
  const key = marshall({ pk: servicePk(ref), sk: STATE_SK });
  const base = { cluster: ref.cluster, service: ref.service };
  const updates: UpdateItemCommandInput[] = [];
  const good = imported.knownGood;
  if (good) {
    updates.push({
      TableName: table,
      Key: key,
      ...buildUpdate({
        set: { ...base, knownGoodRevision: good },
        condition: "attribute_not_exists(#knownGoodRevision) OR #knownGoodRevision.#finishedAt < :at",
        conditionValues: { ":at": good.finishedAt },
      }),
    });
    const deploymentId = good.deploymentId ?? good.serviceDeploymentArn;
    updates.push({
      TableName: table,
      Key: key,
      ...buildUpdate({
        set: {
          ...base,
          lastKnownGoodTaskDefinition: good.config.taskDefinition,
          lastKnownGoodDeploymentId: deploymentId,
          lastKnownGoodAt: good.finishedAt,
        },
        condition: "attribute_not_exists(#lastKnownGoodAt) OR #lastKnownGoodAt < :at",
        conditionValues: { ":at": good.finishedAt },
      }),
    });
  }
  updates.push({
    TableName: table,
    Key: key,
    ...buildUpdate({ set: { ...base, imported: summary }, condition: "attribute_not_exists(#imported)" }),
  });
  return updates;
}

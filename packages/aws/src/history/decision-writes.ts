import type { TransactWriteItem } from "@aws-sdk/client-dynamodb";
import { marshall } from "@aws-sdk/util-dynamodb";
import type { ServiceRef } from "@ecs-guardrails/core/events/model";
import type { DecisionRecord } from "@ecs-guardrails/core/ports";
import { epochSeconds, stripUndefined, timelineItem } from "./items.ts";
import { deploymentSk, servicePk, STATE_SK } from "./keys.ts";
import type { Retention } from "./retention.ts";
import { buildUpdate } from "./update-expression.ts";

// The engine's claims, lock and decision records. A decision key is claimed once, ever; a
// claim left "claimed" by an invocation that died can be taken over once it is stale.

export const decisionSk = (key: string) => `DECISION#${key}`;
export const LOCK_SK = "LOCK";

export function claimItems(table: string, ref: ServiceRef, key: string, o: { now: Date; lockSeconds: number; lock: boolean }, retention: Retention): TransactWriteItem[] {
  const now = o.now.toISOString();
  const stale = new Date(o.now.getTime() - o.lockSeconds * 1000).toISOString();
  const items: TransactWriteItem[] = [
    {
      Put: {
        TableName: table,
        Item: marshall({ pk: servicePk(ref), sk: decisionSk(key), status: "claimed", claimedAt: now, expiresAt: epochSeconds(now, retention.deploymentDays) }),
        ConditionExpression: "attribute_not_exists(pk) OR (#status = :claimed AND #claimedAt < :stale)",
        ExpressionAttributeNames: { "#status": "status", "#claimedAt": "claimedAt" },
        ExpressionAttributeValues: marshall({ ":claimed": "claimed", ":stale": stale }),
      },
    },
  ];
  if (o.lock) {
    items.push({
      Put: {
        TableName: table,
        Item: marshall({ pk: servicePk(ref), sk: LOCK_SK, owner: key, lockedUntil: new Date(o.now.getTime() + o.lockSeconds * 1000).toISOString() }),
        ConditionExpression: "attribute_not_exists(pk) OR #lockedUntil < :now OR #owner = :key",
        ExpressionAttributeNames: { "#lockedUntil": "lockedUntil", "#owner": "owner" },
        ExpressionAttributeValues: marshall({ ":now": now, ":key": key }),
      },
    });
  }
  return items;
}

export function completionItems(table: string, ref: ServiceRef, r: DecisionRecord & { recentActionTimes: string[] }, retention: Retention): TransactWriteItem[] {
  const pk = servicePk(ref);
  const entry = {
    ...ref,
    type: "decision" as const,
    time: r.time,
    eventId: r.key,
    summary: `${r.policy} ${r.verdict}: ${r.title}`,
    deploymentId: r.deploymentId,
    reason: r.reason,
    data: stripUndefined({ policy: r.policy, mode: r.mode, verdict: r.verdict, guard: r.guard, action: r.action, startedDeployment: r.startedDeployment, facts: r.facts }),
  };
  const items: TransactWriteItem[] = [{ Put: { TableName: table, Item: marshall(timelineItem(entry, epochSeconds(r.time, retention.timelineDays)), { removeUndefinedValues: true }) } }];
  // A failed action gives its key back, so the retried event can try again.
  items.push(
    r.verdict === "failed"
      ? { Delete: { TableName: table, Key: marshall({ pk, sk: decisionSk(r.key) }) } }
      : { Update: { TableName: table, Key: marshall({ pk, sk: decisionSk(r.key) }), ...buildUpdate({ set: { status: "done", verdict: r.verdict } }) } },
  );
  if (r.verdict === "acted" || r.verdict === "failed") {
    items.push({ Delete: { TableName: table, Key: marshall({ pk, sk: LOCK_SK }), ConditionExpression: "attribute_not_exists(pk) OR #owner = :key", ExpressionAttributeNames: { "#owner": "owner" }, ExpressionAttributeValues: marshall({ ":key": r.key }) } });
  }
  if (r.counted) {
    items.push({ Update: { TableName: table, Key: marshall({ pk, sk: STATE_SK }), ...buildUpdate({ set: { ...ref, actionTimes: r.recentActionTimes } }) } });
  }
  const by = `guardrails:${r.policy}`;
  if (r.rolledBack && r.verdict === "acted") {
    items.push({
      Update: {
        TableName: table,
        Key: marshall({ pk, sk: deploymentSk(r.rolledBack) }),
        ...buildUpdate({ set: { ...ref, deploymentId: r.rolledBack }, setIfAbsent: { rolledBackAt: r.time, rolledBackBy: by }, appendToList: { reasons: [r.reason] } }),
      },
    });
  }
  if (r.startedDeployment && r.verdict === "acted" && r.startedDeployment !== r.rolledBack) {
    items.push({
      Update: {
        TableName: table,
        Key: marshall({ pk, sk: deploymentSk(r.startedDeployment) }),
        ...buildUpdate({ set: { ...ref, deploymentId: r.startedDeployment, initiatedBy: by }, setIfAbsent: { rollbackOf: r.rolledBack } }),
      },
    });
  }
  return items;
}

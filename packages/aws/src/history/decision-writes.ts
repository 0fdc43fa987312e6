import type { TransactWriteItem } from "@aws-sdk/client-dynamodb";
import { marshall } from "@aws-sdk/util-dynamodb";
import type { ServiceRef } from "@ecs-guardrails/core/events/model";
import type { DecisionRecord } from "@ecs-guardrails/core/ports";
import type { PolicyState } from "@ecs-guardrails/core/policies/types";
import { POLICY_PREFIX } from "./mapping.ts";
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
        // Tells a finished decision (a duplicate) from one still in flight.
        ReturnValuesOnConditionCheckFailure: "ALL_OLD",
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
  // One update of the state item (a transaction may touch an item once).
  if (r.policyState || r.counted) items.push(policyStateUpdate(table, ref, r.policy, r.policyState, r.counted ? r.recentActionTimes : undefined));
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

/** Attention puts the state item in the sparse gsi1 partition the reconcile reads. */
export const attentionPk = (policy: string) => `ATTENTION#${policy}`;

/** The state item's update for a decision: the policy's state and/or the rate-limit times. */
export function policyStateUpdate(table: string, ref: ServiceRef, policy: string, state: PolicyState | undefined, actionTimes?: string[]): TransactWriteItem {
  const names: Record<string, string> = { "#cluster": "cluster", "#service": "service" };
  const values: Record<string, unknown> = { ":cluster": ref.cluster, ":service": ref.service };
  const sets = ["#cluster = :cluster", "#service = :service"];
  const removes: string[] = [];
  if (actionTimes) {
    Object.assign(names, { "#times": "actionTimes" });
    Object.assign(values, { ":times": actionTimes });
    sets.push("#times = :times");
  }
  if (state) {
    Object.assign(names, { "#state": `${POLICY_PREFIX}${policy}`, "#g1": "gsi1pk", "#g2": "gsi1sk" });
    values[":state"] = stripUndefinedDeep(state.value);
    sets.push("#state = :state");
    if (state.attention) {
      Object.assign(values, { ":g1": attentionPk(policy), ":g2": `${ref.cluster}#${ref.service}` });
      sets.push("#g1 = :g1", "#g2 = :g2");
    } else removes.push("#g1", "#g2");
  }
  return {
    Update: {
      TableName: table,
      Key: marshall({ pk: servicePk(ref), sk: STATE_SK }),
      UpdateExpression: `SET ${sets.join(", ")}${removes.length ? ` REMOVE ${removes.join(", ")}` : ""}`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: marshall(values, { removeUndefinedValues: true }),
    },
  };
}

function stripUndefinedDeep(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value));
}

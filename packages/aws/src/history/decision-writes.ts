import type { TransactWriteItem } from "@aws-sdk/client-dynamodb";
import { marshall } from "@aws-sdk/util-dynamodb";
import type { ServiceRef } from "@ecs-guardrails/core/events/model";
import type { Notice } from "@ecs-guardrails/core/notifications/notice";
import type { DecisionRecord, Seen } from "@ecs-guardrails/core/engine/ports";
import type { OpenIntent, Decision, PolicyState } from "@ecs-guardrails/core/model/decision";
import { epochSeconds, stripUndefined, timelineItem } from "./items.ts";
import { deploymentSk, servicePk, STATE_SK } from "./keys.ts";
import { OUTBOX_PREFIX, POLICY_PREFIX, REVISION_PREFIX } from "./mapping.ts";
import type { Retention } from "./retention.ts";
import { buildUpdate, selfNames } from "./update-expression.ts";

// The engine's decision items (docs/history.md "Decisions"). A key's item goes
//   claimed (an intent to act, with its owner) → done, or → blocked / failed (parked) → … → done.
// Done is final. Parked items sit in the sparse PARKED partition of gsi1 for the reconcile.
// A claim left by an invocation that died can be taken over once stale (lockSeconds).

export const decisionSk = (key: string) => `DECISION#${key}`;
export const PARKED_PK = "PARKED";
const INTENT = "intent";

export type DecisionItem = {
  status?: string;
  owner?: string;
  claimedAt?: string;
  parkedStatus?: string;
  parkedGuard?: string;
};

/** Who may write a key: nobody finished it, and no live invocation holds it. */
const CLAIMABLE =
  "(attribute_not_exists(pk) OR #status IN (:blocked, :failed) OR (#status = :claimed AND #claimedAt < :stale))";
const OWNED = "(#status = :claimed AND #owner = :owner)";
const CLAIM =
  "SET #status = :claimedNow, #owner = :me, #claimedAt = :now, #cluster = :cluster, #service = :service, #expiresAt = :exp, #gsi1pk = :gpk, #gsi1sk = :gsk";

/** The same test in code, on an item a failed condition returned. */
export function claimable(item: DecisionItem | undefined, stale: string): boolean {
  return (
    !item ||
    item.status === "blocked" ||
    item.status === "failed" ||
    (item.status === "claimed" && (item.claimedAt ?? "") < stale)
  );
}

type Ctx = { table: string; ref: ServiceRef; retention: Retention };
const key = (c: Ctx, k: string) => marshall({ pk: servicePk(c.ref), sk: decisionSk(k) });
const staleBefore = (now: Date, lockSeconds: number) => new Date(now.getTime() - lockSeconds * 1000).toISOString();

function access(owner: string | undefined, now: Date, lockSeconds: number) {
  const values = { ":blocked": "blocked", ":failed": "failed", ":claimed": "claimed" };
  return owner
    ? { condition: OWNED, values: { ":claimed": "claimed", ":owner": owner } }
    : { condition: CLAIMABLE, values: { ...values, ":stale": staleBefore(now, lockSeconds) } };
}

export function claimItems(
  c: Ctx,
  intent: OpenIntent,
  now: Date,
  lockSeconds: number,
  seen?: Seen,
): TransactWriteItem[] {
  const a = access(undefined, now, lockSeconds);
  const guard = seen ? seenCondition(seen, intent.decision.policy, { intent: false }) : undefined;
  return [
    {
      Update: {
        TableName: c.table,
        Key: key(c, intent.key),
        // Listed for the reconcile while claimed: if the claimant dies, a tick finds and completes it.
        UpdateExpression: CLAIM,
        ConditionExpression: a.condition,
        ExpressionAttributeNames: selfNames(CLAIM, a.condition),
        ExpressionAttributeValues: marshall({
          ...a.values,
          ":claimedNow": "claimed",
          ":me": intent.owner,
          ":now": now.toISOString(),
          ":cluster": c.ref.cluster,
          ":service": c.ref.service,
          ":exp": epochSeconds(now.toISOString(), c.retention.deploymentDays),
          ":gpk": PARKED_PK,
          ":gsk": `${c.ref.cluster}#${c.ref.service}#${intent.key}`,
        }),
        // Tells a finished decision (a duplicate) from one still in flight.
        ReturnValuesOnConditionCheckFailure: "ALL_OLD",
      },
    },
    {
      // The intent is the service's lock: one acting decision at a time, taken over once stale.
      Update: {
        TableName: c.table,
        Key: marshall({ pk: servicePk(c.ref), sk: STATE_SK }),
        UpdateExpression: "SET #intent = :intent, #cluster = :cluster, #service = :service",
        ConditionExpression: `(attribute_not_exists(#intent) OR #intent.#until < :now OR #intent.#key = :key)${guard ? ` AND ${guard.condition}` : ""}`,
        // The guard's #rev is the policy's own revision attribute, not a name mapped to itself.
        ExpressionAttributeNames: { ...selfNames("#intent #until #key #cluster #service"), ...guard?.names },
        ExpressionAttributeValues: marshall(
          {
            ":intent": json(intent),
            ":now": now.toISOString(),
            ":key": intent.key,
            ":cluster": c.ref.cluster,
            ":service": c.ref.service,
            ...guard?.values,
          },
          { removeUndefinedValues: true },
        ),
      },
    },
  ];
}

export function resumeItems(
  c: Ctx,
  intent: OpenIntent,
  owner: string,
  now: Date,
  lockSeconds: number,
): TransactWriteItem[] {
  const until = new Date(now.getTime() + lockSeconds * 1000).toISOString();
  return [
    {
      Update: {
        TableName: c.table,
        Key: key(c, intent.key),
        // Claimed by an invocation that died, or failed with the intent kept open.
        UpdateExpression: "SET #owner = :me, #claimedAt = :now, #status = :claimed",
        ConditionExpression: "#status IN (:claimed, :failed) AND #owner = :owner",
        ExpressionAttributeNames: selfNames("#owner #claimedAt #status"),
        ExpressionAttributeValues: marshall({
          ":claimed": "claimed",
          ":failed": "failed",
          ":owner": intent.owner,
          ":me": owner,
          ":now": now.toISOString(),
        }),
      },
    },
    {
      Update: {
        TableName: c.table,
        Key: marshall({ pk: servicePk(c.ref), sk: STATE_SK }),
        UpdateExpression: "SET #intent.#owner = :me, #intent.#until = :until",
        ConditionExpression: "#intent.#owner = :old AND #intent.#until < :now",
        ExpressionAttributeNames: selfNames("#intent #owner #until"),
        ExpressionAttributeValues: marshall({
          ":old": intent.owner,
          ":me": owner,
          ":now": now.toISOString(),
          ":until": until,
        }),
      },
    },
  ];
}

const DONE_REMOVES = "REMOVE #owner, #claimedAt, #decision, #gsi1pk, #gsi1sk";

/** The final write of a decision: key done (message in its outbox), timeline, state, deployment marks, intent closed. */
export function completionItems(
  c: Ctx,
  r: DecisionRecord,
  notice: Notice | undefined,
  o: { owner?: string; now: Date; lockSeconds: number; seen?: Seen | undefined },
): TransactWriteItem[] {
  const a = access(o.owner, o.now, o.lockSeconds);
  const sets = [
    "#status = :done",
    "#verdict = :verdict",
    "#mode = :mode",
    "#cluster = :cluster",
    "#service = :service",
    "#expiresAt = :exp",
  ];
  const items: TransactWriteItem[] = [
    {
      Update: {
        TableName: c.table,
        Key: key(c, r.key),
        UpdateExpression: `SET ${sets.join(", ")} ${DONE_REMOVES}`,
        ConditionExpression: a.condition,
        ExpressionAttributeNames: selfNames(...sets, DONE_REMOVES, a.condition),
        ExpressionAttributeValues: marshall({
          ...a.values,
          ":done": "done",
          ":verdict": r.verdict,
          ":mode": r.mode,
          ":cluster": c.ref.cluster,
          ":service": c.ref.service,
          ":exp": epochSeconds(r.time, c.retention.deploymentDays),
        }),
        ReturnValuesOnConditionCheckFailure: "ALL_OLD",
      },
    },
    timelinePut(c, r),
  ];
  // One update of the state item (a transaction may touch an item once).
  // The claimant holds the lock (its claim checked what it saw); a decision that does not act
  // checks it here. An acted decision counts as a change of its policy's view of the service.
  if (r.policyState || r.counted || r.observedActionTimes || o.owner || notice) {
    const seen = o.owner ? undefined : o.seen;
    items.push(
      stateUpdate(c.table, c.ref, r.policy, {
        state: r.policyState,
        actionTimes: r.counted ? (r.recentActionTimes ?? [r.time]) : undefined,
        observedActionTimes: r.observedActionTimes,
        closeIntent: Boolean(o.owner),
        outbox: notice && { key: r.key, at: r.time, notice },
        bump: Boolean(o.owner),
        seen,
      }),
    );
  }
  items.push(...deploymentMarks(c, r));
  return items;
}

/** A blocked or failed decision: stays open (and listed for the reconcile); `announce` adds its timeline entry and message. */
export function parkItems(
  c: Ctx,
  r: DecisionRecord,
  notice: Notice | undefined,
  o: { owner?: string; decision: Decision; now: Date; lockSeconds: number; announce: boolean },
): TransactWriteItem[] {
  const a = access(o.owner, o.now, o.lockSeconds);
  const sets = [
    "#status = :parked",
    "#parkedStatus = :parked",
    "#parkedGuard = :guard",
    "#mode = :mode",
    "#decision = :decision",
    "#gsi1pk = :gpk",
    "#gsi1sk = :gsk",
    "#cluster = :cluster",
    "#service = :service",
    "#expiresAt = :exp",
  ];
  // Announce only a new reason: the same block seen again on every event or tick stays quiet.
  // A failed action is announced at its second failure in a row: a throttle that the next
  // attempt gets past is not worth a critical message, a failure that persists is (once).
  const failed = r.verdict === "failed";
  const announceWhen = failed
    ? "#failures = :one"
    : "(attribute_not_exists(#parkedGuard) OR #parkedGuard <> :guard OR #parkedStatus <> :parked)";
  const condition = o.announce ? `${a.condition} AND ${announceWhen}` : a.condition;
  // A failed action keeps its owner and intent: whether it took effect (a timeout) is not
  // known, so the next invocation resumes it from what ECS shows instead of deciding afresh.
  const update = `SET ${sets.join(", ")} REMOVE ${failed && o.owner ? "#claimedAt" : "#owner, #claimedAt"}${failed ? " ADD #failures :one" : ""}`;
  const items: TransactWriteItem[] = [
    {
      Update: {
        TableName: c.table,
        Key: key(c, r.key),
        UpdateExpression: update,
        ConditionExpression: condition,
        ExpressionAttributeNames: selfNames(update, condition),
        ExpressionAttributeValues: marshall({
          ...a.values,
          ":parked": r.verdict,
          ":guard": r.guard ?? "",
          ":mode": r.mode,
          ":decision": JSON.stringify(o.decision),
          ":gpk": PARKED_PK,
          ":gsk": `${c.ref.cluster}#${c.ref.service}#${r.key}`,
          ":cluster": c.ref.cluster,
          ":service": c.ref.service,
          ":exp": epochSeconds(r.time, c.retention.deploymentDays),
          ...(failed ? { ":one": 1 } : {}),
        }),
        ReturnValuesOnConditionCheckFailure: "ALL_OLD",
      },
    },
  ];
  if (o.announce) items.push(timelinePut(c, r));
  const outbox = o.announce && notice ? { key: r.key, at: r.time, notice } : undefined;
  const keepIntent = failed && Boolean(o.owner);
  if (o.owner || outbox)
    items.push(
      stateUpdate(c.table, c.ref, r.policy, {
        closeIntent: Boolean(o.owner) && !keepIntent,
        expireIntentAt: keepIntent ? r.time : undefined,
        outbox,
      }),
    );
  return items;
}

function timelinePut(c: Ctx, r: DecisionRecord): TransactWriteItem {
  const entry = {
    ...c.ref,
    type: "decision" as const,
    time: r.time,
    eventId: r.key,
    summary: `${r.policy} ${r.verdict}: ${r.title}`,
    deploymentId: r.deploymentId,
    reason: r.reason,
    data: stripUndefined({
      policy: r.policy,
      mode: r.mode,
      verdict: r.verdict,
      guard: r.guard,
      action: r.action,
      startedDeployment: r.startedDeployment,
      facts: r.facts,
      severity: r.severity,
    }),
  };
  return {
    Put: {
      TableName: c.table,
      Item: marshall(timelineItem(entry, epochSeconds(r.time, c.retention.timelineDays)), {
        removeUndefinedValues: true,
      }),
    },
  };
}

function deploymentMarks(c: Ctx, r: DecisionRecord): TransactWriteItem[] {
  if (r.verdict !== "acted") return [];
  const pk = servicePk(c.ref);
  const by = `guardrails:${r.policy}`;
  const items: TransactWriteItem[] = [];
  if (r.rolledBack) {
    items.push({
      Update: {
        TableName: c.table,
        Key: marshall({ pk, sk: deploymentSk(r.rolledBack) }),
        ...buildUpdate({
          set: { ...c.ref, deploymentId: r.rolledBack },
          setIfAbsent: { rolledBackAt: r.time, rolledBackBy: by },
          appendToList: { reasons: [r.reason] },
        }),
      },
    });
  }
  if (r.startedDeployment && r.startedDeployment !== r.rolledBack) {
    items.push({
      Update: {
        TableName: c.table,
        Key: marshall({ pk, sk: deploymentSk(r.startedDeployment) }),
        ...buildUpdate({
          set: { ...c.ref, deploymentId: r.startedDeployment, initiatedBy: by },
          setIfAbsent: { rollbackOf: r.rolledBack },
        }),
      },
    });
  }
  return items;
}

/** Attention puts the state item in the sparse gsi1 partition the reconcile reads. */
export const attentionPk = (policy: string) => `ATTENTION#${policy}`;

/** The state item's update for a decision: the policy's state, the rate-limit times, closing the intent. */
export function stateUpdate(
  table: string,
  ref: ServiceRef,
  policy: string,
  o: {
    state?: PolicyState | undefined;
    actionTimes?: string[] | undefined;
    observedActionTimes?: string[] | undefined;
    closeIntent?: boolean;
    expireIntentAt?: string | undefined;
    outbox?: { key: string; at: string; notice: Notice } | undefined;
    bump?: boolean;
    seen?: Seen | undefined;
  },
): TransactWriteItem {
  const names: Record<string, string> = { "#cluster": "cluster", "#service": "service" };
  const values: Record<string, unknown> = { ":cluster": ref.cluster, ":service": ref.service };
  const sets = ["#cluster = :cluster", "#service = :service"];
  const removes: string[] = [];
  const adds: string[] = [];
  const guard = o.seen ? seenCondition(o.seen, policy) : undefined;
  if (guard) {
    Object.assign(names, guard.names);
    Object.assign(values, guard.values);
  }
  if (o.state || o.bump) {
    Object.assign(names, { "#rev": `${REVISION_PREFIX}${policy}` });
    values[":one"] = 1;
    adds.push("#rev :one");
  }
  // The rate limit's times: enforce's actions, and observe's counted as if taken.
  for (const name of ["actionTimes", "observedActionTimes"] as const) {
    if (!o[name]) continue;
    names[`#${name}`] = name;
    values[`:${name}`] = o[name];
    sets.push(`#${name} = :${name}`);
  }
  if (o.state) {
    Object.assign(names, { "#state": `${POLICY_PREFIX}${policy}`, "#g1": "gsi1pk", "#g2": "gsi1sk" });
    values[":state"] = json(o.state.value);
    sets.push("#state = :state");
    if (o.state.attention) {
      Object.assign(values, { ":g1": attentionPk(policy), ":g2": `${ref.cluster}#${ref.service}` });
      sets.push("#g1 = :g1", "#g2 = :g2");
    } else removes.push("#g1", "#g2");
  }
  if (o.closeIntent) {
    names["#intent"] = INTENT;
    removes.push("#intent");
  }
  if (o.expireIntentAt) {
    // Stale at once: the next invocation for the service takes the intent over and resumes it.
    Object.assign(names, { "#intent": INTENT, "#until": "until" });
    values[":expired"] = o.expireIntentAt;
    sets.push("#intent.#until = :expired");
  }
  if (o.outbox) {
    // The outbox lives on the state item (one attribute per message), so the next invocation for the service (a retry,
    // any later event or tick) sees undelivered messages without another read.
    names["#outbox"] = `${OUTBOX_PREFIX}${o.outbox.key}`;
    values[":outbox"] = JSON.stringify({ at: o.outbox.at, notice: o.outbox.notice });
    sets.push("#outbox = :outbox");
  }
  return {
    Update: {
      TableName: table,
      Key: marshall({ pk: servicePk(ref), sk: STATE_SK }),
      UpdateExpression: `SET ${sets.join(", ")}${removes.length ? ` REMOVE ${removes.join(", ")}` : ""}${adds.length ? ` ADD ${adds.join(", ")}` : ""}`,
      ...(guard ? { ConditionExpression: guard.condition } : {}),
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: marshall(values, { removeUndefinedValues: true }),
    },
  };
}

/** Plain JSON data: drops undefined members at any depth (DynamoDB cannot store them). */
function json(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value));
}

/** The condition a Seen stands for, on the state item (see Seen); a claim tests the intent itself. */
function seenCondition(
  seen: Seen,
  policy: string,
  o: { intent: boolean } = { intent: true },
): { names: Record<string, string>; values: Record<string, unknown>; condition: string } {
  const unchanged = seen.revision === undefined ? "attribute_not_exists(#rev)" : "#rev = :seenRev";
  const revision = seen.revision === undefined ? {} : { ":seenRev": seen.revision };
  if (!o.intent) return { names: { "#rev": `${REVISION_PREFIX}${policy}` }, values: revision, condition: unchanged };
  return {
    names: { "#rev": `${REVISION_PREFIX}${policy}`, "#intent": INTENT, "#until": "until" },
    values: { ...revision, ":seenAt": seen.now },
    condition: `${unchanged} AND (attribute_not_exists(#intent) OR #intent.#until < :seenAt)`,
  };
}

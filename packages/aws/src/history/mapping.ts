import { placeOf } from "@ecs-guardrails/core/model/service-ref";
import { refOfPk } from "./keys.ts";
import { FAILURE_CLASSES, type FailureClass } from "@ecs-guardrails/core/events/stop-class";
import {
  deriveOutcome,
  type DeploymentRecord,
  type FailureEntry,
  type ServiceState,
  type TimelineEntry,
} from "@ecs-guardrails/core/history/model";

// Stored items → domain records. Keys and storage-only attributes stay here.

import type { Notice } from "@ecs-guardrails/core/notifications/notice";

type Item = Record<string, unknown>;

/** Each mapped alarm's latest state is its own attribute of the state item: "alarm#<name>". */
export const ALARM_PREFIX = "alarm#";
/** Each policy's state is its own attribute of the state item: "policy#<id>". */
export const POLICY_PREFIX = "policy#";
/** rev#<policy>: how many times the policy's view of the service changed (see Seen in core's ports). */
export const REVISION_PREFIX = "rev#";
/** Each undelivered message is its own attribute of the state item: "outbox#<decision key>" (JSON). */
export const OUTBOX_PREFIX = "outbox#";

function prefixed<T>(i: Item, prefix: string): Record<string, T> {
  return Object.fromEntries(
    Object.entries(i)
      .filter(([k]) => k.startsWith(prefix))
      .map(([k, v]) => [k.slice(prefix.length), v as T]),
  );
}
const str = (v: unknown) => (typeof v === "string" ? v : undefined);

export function toDeployment(i: Item): DeploymentRecord {
  const failures: Partial<Record<FailureClass, number>> = {};
  for (const cls of FAILURE_CLASSES) {
    const n = i[`failures_${cls}`];
    if (typeof n === "number") failures[cls] = n;
  }
  const record = {
    cluster: String(i["cluster"]),
    service: String(i["service"]),
    ...placeOf(refOfPk(i["pk"]) ?? {}),
    deploymentId: String(i["deploymentId"]),
    taskDefinitionArn: str(i["taskDefinitionArn"]),
    startedAt: str(i["startedAt"]),
    completedAt: str(i["completedAt"]),
    failedAt: str(i["failedAt"]),
    rolledBackAt: str(i["rolledBackAt"]),
    rolledBackBy: str(i["rolledBackBy"]),
    rollbackOf: str(i["rollbackOf"]),
    rollbackTo: str(i["rollbackTo"]),
    initiatedBy: str(i["initiatedBy"]),
    failures,
    failureCount: typeof i["failureCount"] === "number" ? i["failureCount"] : 0,
    reasons: Array.isArray(i["reasons"]) ? i["reasons"].map(String) : [],
    ...(i["source"] === "observed" || i["source"] === "imported"
      ? { source: i["source"] as "observed" | "imported" }
      : {}),
    ...(i["source"] === "imported"
      ? { serviceDeploymentArn: str(i["serviceDeploymentArn"]), serviceRevisionArn: str(i["serviceRevisionArn"]) }
      : {}),
  };
  return { ...record, outcome: deriveOutcome(record) };
}

export function toState(i: Item): ServiceState {
  return {
    cluster: String(i["cluster"]),
    service: String(i["service"]),
    ...placeOf(refOfPk(i["pk"]) ?? {}),
    currentDeploymentId: str(i["currentDeploymentId"]),
    lastKnownGoodTaskDefinition: str(i["lastKnownGoodTaskDefinition"]),
    lastKnownGoodDeploymentId: str(i["lastKnownGoodDeploymentId"]),
    ...(i["knownGoodRevision"]
      ? { knownGoodRevision: i["knownGoodRevision"] as ServiceState["knownGoodRevision"] }
      : {}),
    ...(i["imported"] ? { imported: i["imported"] as ServiceState["imported"] } : {}),
    updatedAt: str(i["currentDeploymentAt"]),
    alarms: prefixed<{ state: string; at: string }>(i, ALARM_PREFIX),
    actionTimes: Array.isArray(i["actionTimes"]) ? i["actionTimes"].map(String) : [],
    ...(Array.isArray(i["observedActionTimes"]) ? { observedActionTimes: i["observedActionTimes"].map(String) } : {}),
    policies: prefixed<unknown>(i, POLICY_PREFIX),
    revisions: prefixed<number>(i, REVISION_PREFIX),
    intent: i["intent"] as ServiceState["intent"],
    tickProblem: str(i["tickProblem"]),
    outbox: Object.fromEntries(
      Object.entries(prefixed<string>(i, OUTBOX_PREFIX)).map(([k, v]) => [
        k,
        JSON.parse(v) as { at: string; notice: Notice },
      ]),
    ),
  };
}

export function toTimelineEntry(i: Item): TimelineEntry {
  const { pk: _pk, sk: _sk, gsi1pk: _g1, gsi1sk: _g2, expiresAt: _e, ...entry } = i;
  return entry as TimelineEntry;
}

export function toFailure(i: Item): FailureEntry {
  const { pk: _pk, sk: _sk, expiresAt: _e, ...entry } = i;
  return entry as FailureEntry;
}

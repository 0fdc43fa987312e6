import type { FailureClass } from "../events/stop-class.ts";
import type { DeploymentRecord } from "../history/model.ts";
import { deploymentRecord, taskDefinitionOf } from "./deployments.ts";
import type { Snapshot } from "./snapshot.ts";

// A rollout is one revision being released, which may span several ECS deployments: a capacity
// change the guardrails make while someone's release is rolling out (a Spot fallback or return,
// both UpdateService with forceNewDeployment) starts a new deployment of the same revision. It
// must not hide the release: failures count against the revision, across the person's deployment
// and ours (docs/capabilities/auto-rollback.md, "Whose failures count").

export type Rollout = {
  /** The deployment the rollout began with: a person's release, or a rollback. Decisions key on it. */
  origin: string;
  /** Its deployments, newest first: `head` (what ECS rolls out now) back to `origin`. */
  members: string[];
  head: string;
  /** The revision being rolled out. */
  taskDefinition: string | undefined;
  /** The rollout is a rollback (ECS's or ours): never rolled back in its turn. */
  rollback: boolean;
  /** The head was started by a guardrail and carries on no one's release. */
  ours: boolean;
};

/**
 * The rollout `deploymentId` belongs to. Walking back from it, a deployment a guardrail started
 * for a capacity change joins the deployment it replaced when that one carried the same
 * revision and had not completed (or been rolled back) before ours started: ours carries on that
 * rollout. Anything else — a person's deployment, a rollback, a different revision, a finished
 * rollout — is where the rollout begins.
 */
export function rolloutOf(s: Snapshot, deploymentId: string): Rollout {
  const order = byStartNewestFirst(s);
  const members = [deploymentId];
  let current = deploymentId;
  while (isCapacityChange(deploymentRecord(s, current))) {
    const index = order.indexOf(current);
    const previous = index >= 0 ? order[index + 1] : undefined;
    if (!previous || !carriesOn(s, current, previous)) break;
    members.push(previous);
    current = previous;
  }
  const origin = members.at(-1)!;
  const originRecord = deploymentRecord(s, origin);
  return {
    origin,
    members,
    head: deploymentId,
    taskDefinition: taskDefinitionOf(s, deploymentId) ?? taskDefinitionOf(s, origin),
    rollback: isRollback(originRecord),
    ours: Boolean(originRecord?.initiatedBy) && !isRollback(originRecord),
  };
}

/** The rollout's failures of the given classes, added up over its deployments. */
export function rolloutFailures(
  s: Snapshot,
  rollout: Rollout,
  classes: readonly FailureClass[],
): [FailureClass, number][] {
  const count = (c: FailureClass) =>
    rollout.members.reduce((n, id) => n + (deploymentRecord(s, id)?.failures[c] ?? 0), 0);
  return classes.map((c) => [c, count(c)] as [FailureClass, number]).filter(([, n]) => n > 0);
}

/** One of the rollout's deployments was already rolled back (by `by…`, if given): the rollout is over. */
export function rolledBack(s: Snapshot, rollout: Rollout, by?: string): boolean {
  return rollout.members.some((id) => {
    const record = deploymentRecord(s, id);
    return record?.outcome === "rolled-back" && (by === undefined || (record.rolledBackBy ?? "").startsWith(by));
  });
}

/** Started by a guardrail, and not a rollback: a capacity change (Spot fallback or return). */
function isCapacityChange(record: DeploymentRecord | undefined): boolean {
  return Boolean(record?.initiatedBy) && !isRollback(record);
}

function carriesOn(s: Snapshot, ours: string, previous: string): boolean {
  const mine = taskDefinitionOf(s, ours);
  if (!mine || mine !== taskDefinitionOf(s, previous)) return false;
  const record = deploymentRecord(s, previous);
  if (record?.rolledBackAt) return false;
  const started = startOf(s, ours);
  const completed = record?.completedAt;
  // A rollout that had completed before ours started is over: ours is a plain redeploy.
  return !completed || (started !== undefined && completed > started);
}

/** When ECS started a deployment: the history's first IN_PROGRESS, else ECS's createdAt. */
export function startOf(s: Snapshot, id: string): string | undefined {
  return deploymentRecord(s, id)?.startedAt ?? s.service?.deployments.find((d) => d.id === id)?.createdAt;
}

/** Every deployment the snapshot knows, newest first; one without a known start is the newest. */
function byStartNewestFirst(s: Snapshot): string[] {
  const ids = [
    ...new Set([...s.deployments.map((d) => d.deploymentId), ...(s.service?.deployments.map((d) => d.id) ?? [])]),
  ];
  const key = (id: string) => startOf(s, id) ?? "\uffff";
  return ids.sort((a, b) => key(b).localeCompare(key(a)));
}

/** A rollback deployment: ours (it names what it replaced) or ECS's (it names where it returns to). */
function isRollback(record: DeploymentRecord | undefined): boolean {
  return Boolean(record?.rollbackOf ?? record?.rollbackTo);
}

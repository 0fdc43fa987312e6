import type { DeploymentRecord } from "../history/model.ts";
import type { Snapshot } from "./types.ts";

// Facts about deployments that several policies share, derived from the snapshot.

/** The deployment being rolled out now: ECS's PRIMARY if ECS answered, else the history's. */
export function currentDeploymentId(s: Snapshot): string | undefined {
  return s.service?.deployments.find((d) => d.status === "PRIMARY")?.id ?? s.state?.currentDeploymentId;
}

export function deploymentRecord(s: Snapshot, id: string): DeploymentRecord | undefined {
  return s.deployments.find((d) => d.deploymentId === id);
}

export function taskDefinitionOf(s: Snapshot, id: string): string | undefined {
  return deploymentRecord(s, id)?.taskDefinitionArn ?? s.service?.deployments.find((d) => d.id === id)?.taskDefinition;
}

export function isInProgress(s: Snapshot, id: string): boolean {
  const ecs = s.service?.deployments.find((d) => d.id === id);
  if (ecs?.rolloutState) return ecs.rolloutState === "IN_PROGRESS";
  return deploymentRecord(s, id)?.outcome === "in-progress";
}

/** In progress, or completed less than `bakeMinutes` ago. */
export function inWatchWindow(s: Snapshot, id: string, bakeMinutes: number, now: Date): boolean {
  if (isInProgress(s, id)) return true;
  const completedAt = deploymentRecord(s, id)?.completedAt;
  return completedAt !== undefined && now.getTime() - Date.parse(completedAt) <= bakeMinutes * 60_000;
}

/** A deployment that is itself a rollback (by ECS or by us) or that a guardrail started. */
export function isRollbackOrOurs(s: Snapshot, id: string): boolean {
  const record = deploymentRecord(s, id);
  return Boolean(record?.rollbackOf || record?.initiatedBy);
}

/**
 * The rollback target: the task definition of the most recent deployment that completed and
 * was not rolled back, other than the one being replaced; else the stored last known-good;
 * else a COMPLETED deployment ECS still lists beside the one being replaced.
 */
export function knownGoodTaskDefinition(s: Snapshot, replacing: string): string | undefined {
  const bad = taskDefinitionOf(s, replacing);
  const completed = s.deployments
    .filter((d) => d.deploymentId !== replacing && d.outcome === "completed" && d.taskDefinitionArn && d.taskDefinitionArn !== bad)
    .sort((a, b) => (b.completedAt ?? "").localeCompare(a.completedAt ?? ""));
  const fromHistory = completed[0]?.taskDefinitionArn;
  if (fromHistory) return fromHistory;
  const stored = s.state?.lastKnownGoodTaskDefinition;
  if (stored && stored !== bad) return stored;
  // A service guarded since before its last release has no history of it, but ECS still
  // lists the deployment being replaced, and whether it had completed.
  const rolledBack = new Set(s.deployments.filter((d) => d.outcome === "rolled-back").map((d) => d.deploymentId));
  return s.service?.deployments.find((d) => d.id !== replacing && d.rolloutState === "COMPLETED" && d.taskDefinition !== bad && !rolledBack.has(d.id))?.taskDefinition;
}

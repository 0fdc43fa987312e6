import type { DeploymentRecord } from "../history/model.ts";
import { BREAKER_CLASSES, breakerCount, ecsBreaker, type EcsBreaker } from "./circuit-breaker.ts";
import type { Snapshot } from "./snapshot.ts";

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

/**
 * The last known-good revision: the task definition of the most recent deployment that completed
 * and was not rolled back, other than the rollout's own (`exclude`); else the stored last
 * known-good, unless it was recorded from one of those; else a COMPLETED deployment ECS still
 * lists. It may be the very revision being rolled out (a restart of the known-good revision):
 * the caller decides what that means.
 */
export function lastKnownGood(s: Snapshot, exclude: readonly string[]): string | undefined {
  const completed = s.deployments
    .filter((d) => !exclude.includes(d.deploymentId) && d.outcome === "completed" && d.taskDefinitionArn)
    .sort((a, b) => (b.completedAt ?? "").localeCompare(a.completedAt ?? ""));
  const fromHistory = completed[0]?.taskDefinitionArn;
  if (fromHistory) return fromHistory;
  const stored = s.state?.lastKnownGoodTaskDefinition;
  if (stored && !exclude.includes(s.state?.lastKnownGoodDeploymentId ?? "")) return stored;
  // A service guarded since before its last release has no history of it, but ECS still
  // lists the deployment being replaced, and whether it had completed.
  const rolledBack = new Set(s.deployments.filter((d) => d.outcome === "rolled-back").map((d) => d.deploymentId));
  return s.service?.deployments.find(
    (d) => !exclude.includes(d.id) && d.rolloutState === "COMPLETED" && d.taskDefinition && !rolledBack.has(d.id),
  )?.taskDefinition;
}

/** The mechanisms by which ECS rolls a failed deployment back itself (docs/design/aws-facts.md#ecs-deployments-and-capacity and #deployment-controllers-and-strategies). */
export function ecsRollbackMechanisms(s: Snapshot): string[] {
  const service = s.service;
  const breaker = ecsBreaker(service)?.rollsBack ? ["its circuit breaker"] : [];
  const alarms = service?.deploymentAlarms;
  const byAlarms =
    alarms?.enable && alarms.rollback && alarms.alarmNames.length > 0
      ? [`its deployment alarms (${alarms.alarmNames.join(", ")})`]
      : [];
  const express = isExpress(s) ? ["Express Mode's canary deployment with alarm-based rollback"] : [];
  return [...breaker, ...byAlarms, ...express];
}

/** A service Express Mode manages: ECS deploys it with its own canary and alarm-based rollback. */
export const isExpress = (s: Snapshot): boolean => s.service?.managedBy === "ECS";

/** ECS rolls back itself when this alarm fires during a deployment. */
export function ecsRollsBackOnAlarm(s: Snapshot, alarmName: string): boolean {
  const alarms = s.service?.deploymentAlarms;
  return Boolean(alarms?.enable && alarms.rollback && alarms.alarmNames.includes(alarmName));
}

/**
 * ECS's circuit breaker has reached its threshold on this deployment (it counts per deployment,
 * and only while ECS lists it in progress): ECS fails it at that failure. Undefined when the
 * breaker does not watch it or, as far as the guardrails can be sure, has not reached it.
 */
export function ecsBreakerReached(s: Snapshot, id: string): { breaker: EcsBreaker; count: number } | undefined {
  const breaker = ecsBreaker(s.service);
  const ecs = s.service?.deployments.find((d) => d.id === id);
  if (!breaker || ecs?.rolloutState !== "IN_PROGRESS") return undefined;
  const failures = deploymentRecord(s, id)?.failures ?? {};
  const counted = BREAKER_CLASSES.reduce((n, c) => n + (failures[c] ?? 0), 0);
  const count = breakerCount(
    { counted, ecsFailedTasks: ecs.failedTasks, healthyTask: ecs.runningCount > 0 },
    breaker.resets,
  );
  return count >= breaker.threshold ? { breaker, count } : undefined;
}

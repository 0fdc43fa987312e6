import type { DeploymentEvent, ServiceActionEventModel, TaskEvent } from "@ecs-guardrails/core/events/model";
import type { TimelineEntry } from "@ecs-guardrails/core/history/model";
import { placeOf } from "@ecs-guardrails/core/model/service-ref";
import { clusterDayPk, clusterSk, servicePk, timelineSk } from "./keys.ts";

// Timeline entries as stored: the entry plus its keys and expiry. One builder per event kind.

export function timelineItem(entry: TimelineEntry, expiresAt: number): Record<string, unknown> {
  return {
    pk: servicePk(entry),
    sk: timelineSk(entry.time, entry.eventId),
    gsi1pk: clusterDayPk(entry.cluster, entry.time, entry),
    gsi1sk: clusterSk(entry.time, entry.service, entry.eventId),
    expiresAt,
    ...stripUndefined(entry),
  };
}

export function taskStopEntry(e: TaskEvent & { service: string }): TimelineEntry {
  const stop = e.stop!;
  const final = e.lastStatus === "STOPPED";
  return {
    cluster: e.cluster,
    ...placeOf(e),
    service: e.service,
    type: final ? "task-stopped" : "task-stopping",
    time: e.time,
    eventId: e.eventId,
    summary: `task ${e.taskId} ${final ? "stopped" : "stopping"}: ${stop.class} (${stop.explanation})`,
    deploymentId: e.deploymentId,
    taskId: e.taskId,
    stopClass: stop.class,
    reason: stop.reason,
    data: {
      stopCode: stop.code,
      taskDefinitionArn: e.taskDefinitionArn,
      capacityProviderName: e.capacityProviderName,
      version: e.version,
    },
  };
}

export function deploymentEntry(e: DeploymentEvent, taskDefinitionArn: string | undefined): TimelineEntry {
  return {
    cluster: e.cluster,
    ...placeOf(e),
    service: e.service,
    type: "deployment",
    time: e.updatedAt,
    eventId: e.eventId,
    summary: `${e.eventName} ${e.deploymentId}${e.rollbackTo ? ` (ECS rollback to ${e.rollbackTo})` : ""}`,
    deploymentId: e.deploymentId,
    eventName: e.eventName,
    reason: e.reason,
    data: { taskDefinitionArn },
  };
}

export function serviceActionEntry(e: ServiceActionEventModel): TimelineEntry {
  return {
    cluster: e.cluster,
    ...placeOf(e),
    service: e.service,
    type: "service-action",
    time: e.createdAt,
    eventId: e.eventId,
    summary: `${e.eventType} ${e.eventName}${e.reason ? `: ${e.reason}` : ""}`,
    eventName: e.eventName,
    reason: e.reason,
    data: e.capacityProviders.length > 0 ? { capacityProviders: e.capacityProviders } : undefined,
  };
}

export function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

export function epochSeconds(iso: string, plusDays: number): number {
  return Math.floor(Date.parse(iso) / 1000) + Math.round(plusDays * 86_400);
}

import { taskId, clusterName } from "./arns.ts";
import type { TaskEvent } from "./model.ts";
import { classifyStop } from "./stop-class.ts";
import type { TaskDetail } from "./ecs.ts";

export type TaskEventInput = TaskDetail;

const DEPLOYMENT_ID = /^ecs-svc\/\d+$/;

/** Reads a numeric string field ("256"); "null" and non-numbers become undefined. */
function numeric(value: string | undefined): number | undefined {
  const n = value === undefined ? Number.NaN : Number(value);
  return Number.isFinite(n) ? n : undefined;
}

type Base = Pick<TaskEvent, "eventId" | "time" | "account" | "region">;

export function toTaskEvent(base: Base, d: TaskEventInput): TaskEvent {
  const stopping = d.lastStatus === "STOPPED" || d.desiredStatus === "STOPPED" || d.stopCode !== undefined;
  const containers = (d.containers ?? []).map((c) => ({ name: c.name, exitCode: c.exitCode, reason: c.reason }));
  const classification = stopping
    ? classifyStop({ stopCode: d.stopCode, stoppedReason: d.stoppedReason, containers })
    : undefined;
  return {
    kind: "task",
    ...base,
    cluster: clusterName(d.clusterArn),
    service: d.group?.startsWith("service:") ? d.group.slice("service:".length) : undefined,
    taskArn: d.taskArn,
    taskId: taskId(d.taskArn),
    version: d.version,
    lastStatus: d.lastStatus,
    desiredStatus: d.desiredStatus,
    deploymentId: d.startedBy && DEPLOYMENT_ID.test(d.startedBy) ? d.startedBy : undefined,
    taskDefinitionArn: d.taskDefinitionArn,
    capacityProviderName: d.capacityProviderName,
    launchType: d.launchType,
    cpu: numeric(d.cpu),
    memory: numeric(d.memory),
    startedAt: d.startedAt ? new Date(d.startedAt).toISOString() : undefined,
    stop: classification && {
      code: d.stopCode,
      reason: d.stoppedReason,
      class: classification.class,
      explanation: classification.reason,
      containers,
    },
  };
}

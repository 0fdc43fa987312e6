import type { GuardrailsEvent } from "@ecs-guardrails/core/events/model";
import { parseEvent } from "@ecs-guardrails/core/events/parse";
import type { StreamFact } from "@ecs-guardrails/sim/follow";
import { type Home, placeOf, serviceKey as key } from "@ecs-guardrails/core/model/service-ref";
import { BREAKER_CLASSES } from "@ecs-guardrails/core/model/circuit-breaker";

// What a recorded event says about ECS's state: the fact the simulated ECS follows before the
// event is delivered, so the functions see ECS as it was when the event was sent.

const ROLLOUT: Record<string, "IN_PROGRESS" | "COMPLETED" | "FAILED"> = {
  SERVICE_DEPLOYMENT_IN_PROGRESS: "IN_PROGRESS",
  SERVICE_DEPLOYMENT_COMPLETED: "COMPLETED",
  SERVICE_DEPLOYMENT_FAILED: "FAILED",
};

/**
 * The parsed event, or undefined when it does not parse (the pipeline reports why). With the
 * stream's `home`, a member's event keeps its account and Region, as the hub's ingest parses it.
 */
export function parsed(raw: unknown, home?: Home): GuardrailsEvent | undefined {
  try {
    return parseEvent(raw, home);
  } catch {
    return undefined;
  }
}

export function factOf(
  event: GuardrailsEvent,
  raw: unknown,
  revisions: ReadonlyMap<string, string>,
): StreamFact | undefined {
  const time = Date.parse(event.time);
  if (event.kind === "deployment") {
    const state = ROLLOUT[event.eventName];
    if (!state) return undefined;
    const key = deploymentKey(event.cluster, event.service, event.deploymentId, event);
    return {
      kind: "deployment",
      cluster: event.cluster,
      service: event.service,
      deploymentId: event.deploymentId,
      state,
      time,
      reason: event.reason,
      rollbackTo: event.rollbackTo,
      taskDefinition: revisions.get(key),
    };
  }
  if (event.kind === "task" && event.service && event.deploymentId) {
    return {
      kind: "task",
      cluster: event.cluster,
      service: event.service,
      taskArn: event.taskArn,
      deploymentId: event.deploymentId,
      taskDefinition: event.taskDefinitionArn ? revisionName(event.taskDefinitionArn) : undefined,
      lastStatus: event.lastStatus,
      desiredStatus: event.desiredStatus,
      version: event.version,
      capacityProvider: event.capacityProviderName,
      startedAt: event.startedAt ? Date.parse(event.startedAt) : undefined,
      ...(event.stop && BREAKER_CLASSES.includes(event.stop.class as never) ? { breakerFailure: true } : {}),
      time,
    };
  }
  if (event.kind === "service-action" && event.eventName === "SERVICE_DESIRED_COUNT_UPDATED") {
    // No documented sample carries the new count; a recording that has it is followed.
    const count = (raw as { detail?: { desiredCount?: unknown } }).detail?.desiredCount;
    return typeof count === "number"
      ? { kind: "desired-count", cluster: event.cluster, service: event.service, desiredCount: count, time }
      : undefined;
  }
  if (event.kind === "hook" && event.serviceDeploymentArn && event.hookId) {
    // A paused deployment's hook, under ECS's ids: the guardrails answer it through them.
    return {
      kind: "hook",
      cluster: event.cluster,
      service: event.service,
      serviceDeploymentArn: event.serviceDeploymentArn,
      hookId: event.hookId,
      stage: event.stage ?? "unknown",
      status: event.status ?? event.eventName.replace(/^HOOK_/, ""),
      expiresAt: event.expiresAt ? Date.parse(event.expiresAt) : undefined,
      timeoutAction: event.timeoutAction,
      time,
    };
  }
  return undefined;
}

type Placed = { account?: string | undefined; region?: string | undefined };

/** A service's key, with its place when it is a member's (core's serviceKey). */
export const serviceKey = (cluster: string, service: string, place: Placed = {}) =>
  key({ cluster, service, ...placeOf(place) });
export const deploymentKey = (cluster: string, service: string, deploymentId: string, place: Placed = {}) =>
  `${serviceKey(cluster, service, place)}/${deploymentId}`;

/** The service an event belongs to, if any (alarms and pipelines belong to none). */
export function serviceOfEvent(event: GuardrailsEvent | undefined): string | undefined {
  if (!event) return undefined;
  if (event.kind === "task") return event.service ? serviceKey(event.cluster, event.service, event) : undefined;
  if (event.kind === "deployment" || event.kind === "service-action" || event.kind === "hook")
    return serviceKey(event.cluster, event.service, event);
  return undefined;
}

/** "family:revision" of a task definition ARN or name: recordings come from other accounts and regions. */
export function revisionName(taskDefinition: string): string {
  const i = taskDefinition.lastIndexOf("task-definition/");
  return i >= 0 ? taskDefinition.slice(i + 16) : taskDefinition;
}

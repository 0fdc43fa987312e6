import { InvalidEventError } from "../errors.ts";
import { clusterName, serviceFromArn } from "./arns.ts";
import type { AlarmStateChangeEvent } from "./cloudwatch.ts";
import type {
  DeploymentStateChangeEvent,
  HookStateChangeEvent,
  ServiceActionEvent,
  TaskStateChangeEvent,
} from "./ecs.ts";
import type { TaskEventInput } from "./task.ts";
import { toTaskEvent } from "./task.ts";
import type { AnyEnvelope } from "./envelope.ts";
import type { GuardrailsEvent, ServiceRef } from "./model.ts";
import { type Home, isMember, placeOf } from "../model/service-ref.ts";
import { toTrigger } from "../history/provenance.ts";
import { checked } from "./event-shapes.ts";

const ROLLBACK = /^ECS deployment circuit breaker: rolling back to deploymentId (\S+?)\.?$/;

type Envelope = {
  id: string;
  time?: string | undefined;
  account: string;
  region?: string | undefined;
  resources: string[];
};

function base(e: Envelope, ...fallbackTimes: (string | undefined)[]) {
  const time = e.time ?? fallbackTimes.find((t) => t !== undefined);
  if (!time) throw new InvalidEventError("invalid event", ["time is required (no time in the envelope or the detail)"]);
  return { eventId: e.id, time: new Date(time).toISOString(), account: e.account, region: e.region };
}

const parsers: Record<string, (raw: unknown) => GuardrailsEvent> = {
  "ECS Task State Change": (raw) => {
    const e = checked<TaskStateChangeEvent>("ECS Task State Change", raw, "ECS Task State Change");
    const d = e.detail;
    return toTaskEvent(base(e, d.updatedAt, d.stoppedAt, d.createdAt), d as TaskEventInput);
  },
  "ECS Deployment State Change": (raw) => {
    const e = checked<DeploymentStateChangeEvent>("ECS Deployment State Change", raw, "ECS Deployment State Change");
    const d = e.detail;
    return {
      kind: "deployment",
      ...base(e, d.updatedAt),
      ...serviceFromArn(e.resources[0]),
      eventName: d.eventName,
      eventType: d.eventType,
      deploymentId: d.deploymentId,
      updatedAt: new Date(d.updatedAt).toISOString(),
      reason: d.reason,
      rollbackTo: d.reason?.match(ROLLBACK)?.[1],
    };
  },
  "ECS Service Action": (raw) => {
    const e = checked<ServiceActionEvent>("ECS Service Action", raw, "ECS Service Action");
    const d = e.detail;
    const b = base(e, d.createdAt);
    return {
      kind: "service-action",
      ...b,
      ...serviceFromArn(e.resources[0], d.clusterArn),
      eventName: d.eventName,
      eventType: d.eventType,
      createdAt: d.createdAt ? new Date(d.createdAt).toISOString() : b.time,
      reason: d.reason,
      capacityProviders: (d.capacityProviderArns ?? []).map((arn) => arn.slice(arn.lastIndexOf("/") + 1)),
    };
  },
  "ECS Hook State Change": (raw) => {
    const e = checked<HookStateChangeEvent>("ECS Hook State Change", raw, "ECS Hook State Change");
    const d = e.detail;
    const ref = serviceNamed(e.resources, d);
    if (!ref)
      throw new InvalidEventError("invalid event", ["resources or detail.serviceDeploymentArn must name the service"]);
    return {
      kind: "hook",
      ...base(e, d.updatedAt),
      ...ref,
      eventName: d.eventName,
      serviceDeploymentArn: d.serviceDeploymentArn ?? e.resources.find((r) => r.includes(":service-deployment/")),
      deploymentId: d.deploymentId,
      hookId: d.hookId,
      targetType: d.targetType,
      stage: d.lifecycleStage,
      status: d.status,
      expiresAt: d.expiresAt ? new Date(d.expiresAt).toISOString() : undefined,
      timeoutAction: d.timeoutAction,
    };
  },
  "ECS Container Instance State Change": (raw) => {
    const type = "ECS Container Instance State Change";
    const e = checked<Envelope & { detail: { clusterArn: string } }>(type, raw, type);
    return { kind: "container-instance", ...base(e), cluster: clusterName(e.detail.clusterArn) };
  },
  "CloudWatch Alarm State Change": (raw) => {
    const e = checked<AlarmStateChangeEvent>("CloudWatch Alarm State Change", raw, "CloudWatch Alarm State Change");
    const d = e.detail;
    return {
      kind: "alarm",
      ...base(e),
      alarmName: d.alarmName,
      alarmArn: e.resources[0],
      state: d.state.value,
      previousState: d.previousState?.value,
      reason: d.state.reason,
    };
  },
  "CodePipeline Pipeline Execution State Change": (raw) =>
    pipeline(
      checked<PipelineEnvelope>("CodePipeline Pipeline Execution State Change", raw, "CodePipeline event"),
      "pipeline",
    ),
  "CodePipeline Stage Execution State Change": (raw) =>
    pipeline(
      checked<PipelineEnvelope>("CodePipeline Stage Execution State Change", raw, "CodePipeline event"),
      "stage",
    ),
  "CodePipeline Action Execution State Change": (raw) =>
    pipeline(
      checked<PipelineEnvelope>("CodePipeline Action Execution State Change", raw, "CodePipeline event"),
      "action",
    ),
};

type PipelineEnvelope = Envelope & {
  detail: {
    pipeline: string;
    "execution-id": string;
    state: string;
    stage?: string;
    action?: string;
    "execution-trigger"?: Record<string, unknown> | undefined;
    type?: { provider?: string | undefined } | undefined;
  };
};

function pipeline(e: PipelineEnvelope, level: "pipeline" | "stage" | "action"): GuardrailsEvent {
  const d = e.detail;
  return {
    kind: "pipeline",
    ...base(e),
    level,
    pipeline: d.pipeline,
    executionId: d["execution-id"],
    state: d.state,
    stage: d.stage,
    action: d.action,
    trigger: toTrigger(d["execution-trigger"]),
    provider: d.type?.provider,
  };
}

export const SUPPORTED_DETAIL_TYPES = Object.keys(parsers);

/**
 * Validates an EventBridge envelope and returns the normalized event. Throws InvalidEventError
 * naming each wrong field. A detail-type nothing here knows is an `unknown` event, never an
 * error: AWS adds event kinds, and the history keeps them (docs/design/aws-facts.md#ecs-events).
 */
export function parseEvent(raw: unknown, home?: Home): GuardrailsEvent {
  const envelope = checked<AnyEnvelope>("(any)", raw, "EventBridge event");
  const parser = parsers[envelope["detail-type"]];
  return placed(parser ? parser(raw) : unknownEvent(envelope), home);
}

/**
 * Keeps the event's account and Region only when they are a member's (not `home`): the
 * references built from it then key apart from home's and from other members' same names.
 */
function placed(event: GuardrailsEvent, home: Home | undefined): GuardrailsEvent {
  const mutable = event as { account?: string | undefined; region?: string | undefined; ref?: ServiceRef | undefined };
  if (isMember(home, event.account, event.region)) {
    if (mutable.ref) mutable.ref = { ...mutable.ref, ...placeOf(event) };
    return event;
  }
  delete mutable.account;
  delete mutable.region;
  return event;
}

function unknownEvent(e: AnyEnvelope): GuardrailsEvent {
  const d = e.detail as Record<string, unknown>;
  const text = (v: unknown) => (typeof v === "string" && v.length > 0 ? v : undefined);
  const times = [text(d["updatedAt"]), text(d["createdAt"])].filter((t) => t && !Number.isNaN(Date.parse(t)));
  return {
    kind: "unknown",
    ...base(e, ...times, new Date(0).toISOString()),
    source: e.source,
    detailType: e["detail-type"],
    eventName: text(d["eventName"]),
    ref: serviceNamed(e.resources, { clusterArn: text(d["clusterArn"]) }),
  };
}

/** The service an event names: a service ARN in resources, else a service deployment ARN. */
function serviceNamed(
  resources: readonly string[],
  d: { clusterArn?: string | undefined; serviceDeploymentArn?: string | undefined },
): ServiceRef | undefined {
  const serviceArn = resources.find((r) => r.includes(":service/"));
  if (serviceArn) {
    try {
      return serviceFromArn(serviceArn, d.clusterArn);
    } catch {
      return undefined;
    }
  }
  const deployment = d.serviceDeploymentArn ?? resources.find((r) => r.includes(":service-deployment/"));
  const [cluster, service] = deployment?.split(":service-deployment/")[1]?.split("/") ?? [];
  return cluster && service ? { cluster, service } : undefined;
}

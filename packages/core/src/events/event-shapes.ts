import { InvalidEventError } from "../errors.ts";
import { received } from "../util/received.ts";

// The ingest's checks of the events it reads, without zod (issue 19: zod's runtime was ~31 kB
// of the ingest's bundle, docs/design/benchmarks.md "Cold start and bundle size"). Each check
// is a field of ecs.ts, cloudwatch.ts or pipeline-events.ts written out: the same loose objects
// (unknown fields pass), the same optional fields and the same problems, in zod's words and
// order, as zod-issues.ts turns them into lines ("detail.taskArn is required").
// test/unit/core/events/event-shapes.test.ts runs both over every captured event and every way
// each field can be wrong; the zod schemas stay the reference, and the CLI's readers.

type Check = (value: unknown, path: readonly string[], problems: string[]) => void;

const field = (path: readonly string[]) => (path.length > 0 ? path.join(".") : "(event)");

/** zod's invalid_type issue, as a line: a missing field "is required". */
function wrongType(expected: string, value: unknown, path: readonly string[], problems: string[]): void {
  problems.push(
    value === undefined
      ? `${field(path)} is required`
      : `${field(path)}: Invalid input: expected ${expected}, received ${received(value)}`,
  );
}

const typed =
  (expected: string, is: (v: unknown) => boolean): Check =>
  (v, path, problems) =>
    is(v) || wrongType(expected, v, path, problems);

const text = typed("string", (v) => typeof v === "string");
const number = typed("number", (v) => typeof v === "number" && Number.isFinite(v));
const boolean = typed("boolean", (v) => typeof v === "boolean");

/**
 * A string with at least one character. As zod's minLength, the length is checked on whatever
 * has one, after a wrong type too (an empty array is also "too small").
 */
const nonEmpty: Check = (v, path, problems) => {
  if (typeof v !== "string") wrongType("string", v, path, problems);
  const length = v === null || v === undefined ? undefined : (v as { length?: number }).length;
  if (length === undefined || length >= 1) return;
  const origin = typeof v === "string" ? "string" : Array.isArray(v) ? "array" : "unknown";
  const unit = origin === "string" ? " characters" : origin === "array" ? " items" : "";
  problems.push(`${field(path)}: Too small: expected ${origin} to ${unit ? "have" : "be"} >=1${unit}`);
};

/** ISO-8601 timestamps of varying precision (".19Z", ".325Z", whole seconds). */
const isoTime: Check = (v, path, problems) => {
  if (typeof v !== "string") return wrongType("string", v, path, problems);
  if (Number.isNaN(Date.parse(v))) problems.push(`${field(path)}: not an ISO-8601 time`);
};

const optional =
  (check: Check): Check =>
  (v, path, problems) =>
    v === undefined || check(v, path, problems);

const array =
  (item: Check): Check =>
  (v, path, problems) => {
    if (!Array.isArray(v)) return wrongType("array", v, path, problems);
    for (let i = 0; i < v.length; i++) item(v[i], [...path, String(i)], problems); // holes too, as zod
  };

/** A loose object: the declared fields checked in order, any other passing through. */
const object =
  (shape: Record<string, Check>): Check =>
  (v, path, problems) => {
    if (typeof v !== "object" || v === null || Array.isArray(v)) return wrongType("object", v, path, problems);
    for (const [key, check] of Object.entries(shape))
      check((v as Record<string, unknown>)[key], [...path, key], problems);
  };

const literal =
  (expected: string): Check =>
  (v, path, problems) =>
    v === expected || problems.push(`${field(path)}: Invalid input: expected "${expected}"`);

const maybeText = optional(text);
const maybeTime = optional(isoTime);
const maybeNumber = optional(number);
const anyObject = optional(object({}));

/** The EventBridge envelope's fields. The documented Spot-interruption snippet has neither `time` nor `region`. */
const envelope = {
  version: text,
  id: nonEmpty,
  "detail-type": nonEmpty,
  source: nonEmpty,
  account: text,
  time: maybeTime,
  region: maybeText,
  resources: array(text),
};

const envelopeOf = (detailType: string, detail: Record<string, Check>): Check =>
  object({ ...envelope, "detail-type": literal(detailType), detail: object(detail) });

const container = object({
  name: maybeText,
  containerArn: maybeText,
  lastStatus: maybeText,
  exitCode: maybeNumber,
  reason: maybeText,
  image: maybeText,
  cpu: maybeText,
  memory: maybeText,
});

const execution = {
  pipeline: nonEmpty,
  "execution-id": nonEmpty,
  state: nonEmpty,
  version: maybeNumber,
  "start-time": maybeTime,
  "pipeline-execution-attempt": maybeNumber,
  "execution-trigger": anyObject,
};

const alarmState = object({
  value: nonEmpty,
  reason: maybeText,
  reasonData: maybeText,
  timestamp: maybeText,
  actionsSuppressedBy: maybeText,
});

/** The checks by detail type; "(any)" is the envelope every event is first read with. */
export const EVENT_SHAPES: Record<string, Check> = {
  "(any)": object({ ...envelope, detail: object({}) }),
  "ECS Task State Change": envelopeOf("ECS Task State Change", {
    clusterArn: nonEmpty,
    taskArn: nonEmpty,
    lastStatus: nonEmpty,
    desiredStatus: nonEmpty,
    version: maybeNumber,
    group: maybeText,
    startedBy: maybeText,
    taskDefinitionArn: maybeText,
    launchType: maybeText,
    capacityProviderName: maybeText,
    cpu: maybeText,
    memory: maybeText,
    stopCode: maybeText,
    stoppedReason: maybeText,
    containers: optional(array(container)),
    createdAt: maybeTime,
    startedAt: maybeTime,
    stoppingAt: maybeTime,
    stoppedAt: maybeTime,
    updatedAt: maybeTime,
  }),
  "ECS Deployment State Change": envelopeOf("ECS Deployment State Change", {
    eventType: nonEmpty,
    eventName: nonEmpty,
    deploymentId: nonEmpty,
    updatedAt: isoTime,
    reason: maybeText,
  }),
  "ECS Service Action": envelopeOf("ECS Service Action", {
    eventType: nonEmpty,
    eventName: nonEmpty,
    clusterArn: maybeText,
    createdAt: maybeTime,
    reason: maybeText,
    capacityProviderArns: optional(array(text)),
    containerInstanceArns: optional(array(text)),
  }),
  "ECS Container Instance State Change": envelopeOf("ECS Container Instance State Change", {
    clusterArn: nonEmpty,
    containerInstanceArn: nonEmpty,
    version: maybeNumber,
    status: maybeText,
    agentConnected: optional(boolean),
  }),
  "ECS Hook State Change": envelopeOf("ECS Hook State Change", {
    eventType: maybeText,
    eventName: nonEmpty,
    clusterArn: maybeText,
    serviceDeploymentArn: maybeText,
    deploymentId: maybeText,
    lifecycleStage: maybeText,
    hookId: maybeText,
    targetType: maybeText,
    status: maybeText,
    expiresAt: maybeTime,
    timeoutAction: maybeText,
    updatedAt: maybeTime,
  }),
  "CloudWatch Alarm State Change": envelopeOf("CloudWatch Alarm State Change", {
    alarmName: nonEmpty,
    state: alarmState,
    previousState: optional(alarmState),
    configuration: optional(object({ description: maybeText })),
  }),
  "CodePipeline Pipeline Execution State Change": envelopeOf("CodePipeline Pipeline Execution State Change", execution),
  "CodePipeline Stage Execution State Change": envelopeOf("CodePipeline Stage Execution State Change", {
    ...execution,
    stage: nonEmpty,
  }),
  "CodePipeline Action Execution State Change": envelopeOf("CodePipeline Action Execution State Change", {
    ...execution,
    stage: nonEmpty,
    action: nonEmpty,
    "action-execution-id": maybeText,
    type: optional(object({ category: maybeText, provider: maybeText })),
    "execution-result": anyObject,
  }),
};

/** The problems `raw` has as the event `shape` names, one line each; none when it is one. */
export function shapeProblems(shape: string, raw: unknown): string[] {
  const problems: string[] = [];
  EVENT_SHAPES[shape]!(raw, [], problems);
  return problems;
}

/** `raw`, typed as `T` once it passed `shape`'s checks; else InvalidEventError naming each wrong field. */
export function checked<T>(shape: string, raw: unknown, what: string): T {
  const problems = shapeProblems(shape, raw);
  if (problems.length > 0) throw new InvalidEventError(`invalid ${what}`, problems);
  return raw as T;
}

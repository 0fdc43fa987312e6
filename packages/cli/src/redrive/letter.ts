import type { ReceivedLetter } from "@ecs-guardrails/aws/sqs/dead-letter-queue";

// What one dead letter is, read from the message alone (no AWS call): the stage's queue holds
// two kinds. Lambda's on-failure destination sends the invocation record: the event as
// requestPayload, the error as responsePayload, the function in requestContext
// (https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html).
// EventBridge Scheduler sends the schedule's input as the body and names the error, the
// retries and the target in message attributes
// (https://docs.aws.amazon.com/scheduler/latest/UserGuide/configuring-schedule-dlq.html).

export type LetterView = {
  messageId: string;
  /** When the queue took it (SentTimestamp). */
  sentAt: string | undefined;
  receiveCount: number | undefined;
  /** One line: the event and its service, or the schedule's run. */
  what: string;
  source?: string | undefined;
  detailType?: string | undefined;
  service?: string | undefined;
  eventTime?: string | undefined;
  /** The function that failed it (its name). */
  function: string | undefined;
  /** One line: the error the function (or the schedule) gave. */
  why: string;
  /** Why Lambda gave up: "retries exhausted", "too old to retry". */
  condition?: string | undefined;
  errorType?: string | undefined;
  errorMessage?: string | undefined;
  attempts?: number | undefined;
  /** Where a redrive sends it; absent: it stays in the queue. */
  target: { functionArn: string; payload: unknown } | undefined;
};

type Json = Record<string, unknown>;

const CONDITIONS: Record<string, string> = {
  RetriesExhausted: "retries exhausted",
  EventAgeExceeded: "too old to retry",
};

export function readLetter(m: ReceivedLetter): LetterView {
  const base = {
    messageId: m.messageId,
    sentAt: epoch(m.attributes["SentTimestamp"]),
    receiveCount: number(m.attributes["ApproximateReceiveCount"]),
  };
  const body = parse(m.body);
  if (isObject(body) && isObject(body["requestContext"]) && "requestPayload" in body)
    return { ...base, ...fromLambda(body) };
  const target = m.messageAttributes["TARGET_ARN"];
  if (target) return { ...base, ...fromScheduler(m, target, body) };
  return {
    ...base,
    what: `an unknown message (${Buffer.byteLength(m.body)} bytes)`,
    function: undefined,
    why: "not a Lambda invocation record nor an EventBridge Scheduler dead letter: left in the queue",
    target: undefined,
  };
}

function fromLambda(record: Json) {
  const context = record["requestContext"] as Json;
  const response = isObject(record["responsePayload"]) ? record["responsePayload"] : {};
  const functionArn = text(context["functionArn"]);
  const attempts = number(context["approximateInvokeCount"]);
  const errorType =
    text(response["errorType"]) ?? text((record["responseContext"] as Json | undefined)?.["functionError"]);
  const errorMessage = text(response["errorMessage"]);
  const condition = CONDITIONS[String(context["condition"])] ?? text(context["condition"]);
  const payload = record["requestPayload"];
  return {
    ...describeEvent(payload),
    function: functionArn ? functionName(functionArn) : undefined,
    why: [errorType, errorMessage].filter(Boolean).join(": ") || "no error given",
    condition,
    errorType,
    errorMessage,
    attempts,
    target: functionArn ? { functionArn, payload } : undefined,
  };
}

function fromScheduler(m: ReceivedLetter, targetArn: string, body: unknown) {
  const a = m.messageAttributes;
  const retries = number(a["RETRY_ATTEMPTS"]);
  const attempts = retries === undefined ? undefined : retries + 1;
  const schedule = a["SCHEDULE_ARN"]?.split("/").at(-1) ?? "a schedule";
  const errorType = a["ERROR_CODE"];
  const errorMessage = a["ERROR_MESSAGE"];
  return {
    what: `scheduled run of ${schedule} (${m.body})`,
    function: functionName(targetArn),
    why: [errorType, errorMessage].filter(Boolean).join(": ") || "no error given",
    errorType,
    errorMessage,
    attempts,
    // The schedule's input is the function's event: the body, as JSON when it is JSON.
    target: { functionArn: targetArn, payload: body === undefined ? m.body : body },
  };
}

/** An EventBridge envelope's detail-type, source, service and time; anything else as the schedule's input it is. */
function describeEvent(payload: unknown) {
  if (!isObject(payload) || typeof payload["detail-type"] !== "string")
    return { what: `a scheduled run (${JSON.stringify(payload) ?? "no input"})` };
  const detailType = payload["detail-type"];
  const service = serviceOf(payload);
  const eventTime = text(payload["time"]);
  return {
    what: [detailType, service ? `for ${service}` : undefined, eventTime ? `at ${eventTime}` : undefined]
      .filter(Boolean)
      .join(" "),
    source: text(payload["source"]),
    detailType,
    service,
    eventTime,
  };
}

/** `cluster/service` from an ECS ARN or a task's group, the alarm's name, or the pipeline's. */
function serviceOf(event: Json): string | undefined {
  const detail = isObject(event["detail"]) ? event["detail"] : {};
  const resources = Array.isArray(event["resources"]) ? event["resources"].map(String) : [];
  const arn = resources.find((r) => r.includes(":service/"));
  if (arn) return arn.split(":service/")[1];
  const group = text(detail["group"]);
  const cluster = text(detail["clusterArn"])?.split("/").at(-1);
  if (group?.startsWith("service:")) return `${cluster ? `${cluster}/` : ""}${group.slice("service:".length)}`;
  if (typeof detail["alarmName"] === "string") return `alarm ${detail["alarmName"]}`;
  if (typeof detail["pipeline"] === "string") return `pipeline ${detail["pipeline"]}`;
  return undefined;
}

/** A function ARN's name: `arn:aws:lambda:<region>:<account>:function:<name>[:<qualifier>]`. */
function functionName(arn: string): string {
  return arn.split(":")[6] ?? arn;
}

function parse(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const text = (v: unknown) => (typeof v === "string" && v !== "" ? v : undefined);

function number(v: unknown): number | undefined {
  const n = typeof v === "number" ? v : typeof v === "string" && v.trim() !== "" ? Number(v) : Number.NaN;
  return Number.isFinite(n) ? n : undefined;
}

function epoch(v: string | undefined): string | undefined {
  const n = number(v);
  return n === undefined ? undefined : new Date(n).toISOString();
}

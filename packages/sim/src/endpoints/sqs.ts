import { createHash, randomUUID } from "node:crypto";
import type { JsonService } from "./json-service.ts";
import { optionalString, requiredString, validation } from "./json-service.ts";
import { AwsError, JSON_1_0 } from "./protocol.ts";

// SQS over AWS JSON 1.0 (target prefix AmazonSQS), for the dead-letter queue: what Lambda's
// on-failure destination sends, and what `guardrails redrive` reads, releases and deletes. A
// received message is hidden for its visibility timeout and comes back unless deleted, as in SQS.
// The SDK checks MD5OfBody on every message it receives and MD5OfMessageBody on a send.

export type MessageAttributeValue = { DataType: string; StringValue?: string };

type StoredMessage = {
  id: string;
  body: string;
  attributes: Record<string, MessageAttributeValue>;
  sentAt: number;
  receiveCount: number;
  firstReceivedAt: number | undefined;
  visibleAt: number;
  receiptHandle: string | undefined;
};

const MAX_BODY_BYTES = 256 * 1024;
const DEFAULT_VISIBILITY_SECONDS = 30;
const MAX_VISIBILITY_SECONDS = 12 * 60 * 60;

/** The local queues, by name; each URL is `<endpoint>/<account>/<name>`, as SQS's are `https://sqs.<region>.amazonaws.com/<account>/<name>`. */
export class SqsQueues {
  private readonly queues = new Map<string, StoredMessage[]>();
  private readonly now: () => number;
  private readonly account: string;
  private base = "http://127.0.0.1";

  constructor(options: { now: () => number; account: string; names?: readonly string[] }) {
    this.now = options.now;
    this.account = options.account;
    for (const name of options.names ?? []) this.queues.set(name, []);
  }

  /** Set once the endpoints listen: queue URLs name them, and the SDK sends a queue's calls to its URL. */
  serveAt(url: string): void {
    this.base = url;
  }

  urlOf(name: string): string {
    if (!this.queues.has(name)) throw new AwsError("QueueDoesNotExist", "The specified queue does not exist.");
    return `${this.base}/${this.account}/${name}`;
  }

  /** Sends a message as SQS SendMessage does; returns its id. */
  send(name: string, body: string, attributes: Record<string, MessageAttributeValue> = {}): string {
    const queue = this.queue(name);
    if (Buffer.byteLength(body) > MAX_BODY_BYTES)
      throw validation(
        `One or more parameters are invalid. Reason: Message must be shorter than ${MAX_BODY_BYTES} bytes.`,
      );
    const id = randomUUID();
    const now = this.now();
    queue.push({
      id,
      body,
      attributes,
      sentAt: now,
      receiveCount: 0,
      firstReceivedAt: undefined,
      visibleAt: now,
      receiptHandle: undefined,
    });
    return id;
  }

  /** The messages still in the queue (received ones included), oldest first. */
  messages(name: string): readonly { id: string; body: string }[] {
    return this.queue(name).map((m) => ({ id: m.id, body: m.body }));
  }

  receive(name: string, max: number, visibilitySeconds: number): StoredMessage[] {
    const now = this.now();
    const visible = this.queue(name)
      .filter((m) => m.visibleAt <= now)
      .slice(0, max);
    for (const m of visible) {
      m.receiveCount += 1;
      m.firstReceivedAt ??= now;
      m.visibleAt = now + visibilitySeconds * 1000;
      m.receiptHandle = `${m.id}#${randomUUID()}`;
    }
    return visible;
  }

  delete(name: string, receiptHandle: string): void {
    const queue = this.queue(name);
    const at = queue.findIndex((m) => m.receiptHandle === receiptHandle);
    if (at < 0)
      throw new AwsError(
        "ReceiptHandleIsInvalid",
        `The input receipt handle "${receiptHandle}" is not a valid receipt handle.`,
      );
    queue.splice(at, 1);
  }

  changeVisibility(name: string, receiptHandle: string, seconds: number): void {
    const message = this.queue(name).find((m) => m.receiptHandle === receiptHandle);
    if (!message)
      throw new AwsError(
        "ReceiptHandleIsInvalid",
        `The input receipt handle "${receiptHandle}" is not a valid receipt handle.`,
      );
    if (message.visibleAt <= this.now())
      throw new AwsError("MessageNotInflight", "The message referred to isn't in flight.");
    message.visibleAt = this.now() + seconds * 1000;
  }

  private queue(name: string): StoredMessage[] {
    const queue = this.queues.get(name);
    if (!queue) throw new AwsError("QueueDoesNotExist", "The specified queue does not exist.");
    return queue;
  }
}

const md5 = (text: string) => createHash("md5").update(text, "utf8").digest("hex");

/** The queue a QueueUrl names: its last path segment. */
function queueName(input: Record<string, unknown>): string {
  const url = requiredString(input, "QueueUrl");
  return url.split("/").filter(Boolean).at(-1) ?? "";
}

function integer(input: Record<string, unknown>, key: string, fallback: number, min: number, max: number): number {
  const v = input[key];
  if (v === undefined || v === null) return fallback;
  if (typeof v !== "number" || !Number.isInteger(v) || v < min || v > max)
    throw validation(`Value ${String(v)} for parameter ${key} is invalid. Reason: must be between ${min} and ${max}.`);
  return v;
}

function messageAttributes(input: Record<string, unknown>): Record<string, MessageAttributeValue> {
  const raw = input["MessageAttributes"];
  if (raw === undefined || raw === null) return {};
  if (typeof raw !== "object") throw validation("MessageAttributes must be a map.");
  const out: Record<string, MessageAttributeValue> = {};
  for (const [name, value] of Object.entries(raw as Record<string, Record<string, unknown>>)) {
    const dataType = optionalString(value, "DataType");
    const stringValue = optionalString(value, "StringValue");
    if (!dataType || stringValue === undefined)
      throw validation(`The message attribute '${name}' must have a DataType and a StringValue.`);
    out[name] = { DataType: dataType, StringValue: stringValue };
  }
  return out;
}

export function sqsService(queues: SqsQueues): JsonService {
  return {
    name: "SQS",
    targetPrefix: "AmazonSQS",
    contentType: JSON_1_0,
    operations: {
      GetQueueUrl: (input) => ({ QueueUrl: queues.urlOf(requiredString(input, "QueueName")) }),
      SendMessage: (input) => {
        const body = requiredString(input, "MessageBody");
        const id = queues.send(queueName(input), body, messageAttributes(input));
        return { MessageId: id, MD5OfMessageBody: md5(body) };
      },
      ReceiveMessage: (input) => {
        const max = integer(input, "MaxNumberOfMessages", 1, 1, 10);
        const visibility = integer(input, "VisibilityTimeout", DEFAULT_VISIBILITY_SECONDS, 0, MAX_VISIBILITY_SECONDS);
        integer(input, "WaitTimeSeconds", 0, 0, 20);
        const wanted = new Set((input["MessageAttributeNames"] as string[] | undefined) ?? []);
        const all = wanted.has("All") || wanted.has(".*");
        const messages = queues.receive(queueName(input), max, visibility).map((m) => {
          const attributes = Object.fromEntries(Object.entries(m.attributes).filter(([k]) => all || wanted.has(k)));
          return {
            MessageId: m.id,
            ReceiptHandle: m.receiptHandle,
            MD5OfBody: md5(m.body),
            Body: m.body,
            Attributes: {
              SentTimestamp: String(m.sentAt),
              ApproximateReceiveCount: String(m.receiveCount),
              ApproximateFirstReceiveTimestamp: String(m.firstReceivedAt),
            },
            ...(Object.keys(attributes).length > 0 ? { MessageAttributes: attributes } : {}),
          };
        });
        return messages.length > 0 ? { Messages: messages } : {};
      },
      DeleteMessage: (input) => {
        queues.delete(queueName(input), requiredString(input, "ReceiptHandle"));
        return {};
      },
      ChangeMessageVisibility: (input) => {
        if (input["VisibilityTimeout"] === undefined) requiredString(input, "VisibilityTimeout");
        const seconds = integer(input, "VisibilityTimeout", 0, 0, MAX_VISIBILITY_SECONDS);
        queues.changeVisibility(queueName(input), requiredString(input, "ReceiptHandle"), seconds);
        return {};
      },
    },
  };
}

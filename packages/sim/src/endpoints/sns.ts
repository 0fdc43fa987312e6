import { randomUUID } from "node:crypto";
import type { Reply } from "./protocol.ts";

// SNS over the query protocol: a form-encoded body (Action=Publish&TopicArn=…&Message=…) and XML
// replies. Only Publish is served; it is where the guardrails' chat notifications go, so each
// message is captured with its subject and attributes for tests and the local console.

export type MessageAttribute = { DataType: string; StringValue?: string; BinaryValue?: string };

export type PublishedMessage = {
  messageId: string;
  topicArn: string;
  subject: string | undefined;
  message: string;
  messageStructure: string | undefined;
  messageAttributes: Record<string, MessageAttribute>;
  messageGroupId: string | undefined;
  messageDeduplicationId: string | undefined;
  publishedAt: string;
  /** The client's User-Agent: tells the guardrails' own publishes from anyone else's. */
  userAgent?: string | undefined;
};

const XMLNS = "http://sns.amazonaws.com/doc/2010-03-31/";
const MAX_MESSAGE_BYTES = 256 * 1024;
const TOPIC_ARN = /^arn:aws[\w-]*:sns:[\w-]+:\d{12}:[\w-]{1,256}(\.fifo)?$/;

class SnsError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

const invalid = (message: string) => new SnsError("InvalidParameter", `Invalid parameter: ${message}`);

export type SnsIntake = { now: () => number; deliver: (message: PublishedMessage) => Promise<void> };

/** Answers one query-protocol request (the body as received). */
export async function handleSns(body: string, intake: SnsIntake, userAgent?: string): Promise<Reply> {
  const params = new URLSearchParams(body);
  const requestId = randomUUID();
  try {
    const action = params.get("Action");
    if (action !== "Publish")
      throw new SnsError("InvalidAction", `The action ${action ?? "(none)"} is not valid for this endpoint.`);
    const message = { ...toMessage(params, intake.now()), userAgent };
    await intake.deliver(message);
    return xml(
      200,
      `<PublishResponse xmlns="${XMLNS}"><PublishResult><MessageId>${message.messageId}</MessageId></PublishResult><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></PublishResponse>`,
    );
  } catch (error) {
    if (!(error instanceof SnsError)) throw error;
    return xml(
      400,
      `<ErrorResponse xmlns="${XMLNS}"><Error><Type>Sender</Type><Code>${error.code}</Code><Message>${escapeXml(error.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
    );
  }
}

function toMessage(params: URLSearchParams, now: number): Omit<PublishedMessage, "userAgent"> {
  const topicArn = params.get("TopicArn") ?? params.get("TargetArn");
  if (!topicArn) throw invalid("TopicArn or TargetArn Reason: no value for required parameter");
  if (!TOPIC_ARN.test(topicArn))
    throw invalid("TopicArn Reason: An ARN must have at least 6 elements, not a valid topic ARN");
  const message = params.get("Message");
  if (!message) throw invalid("Empty message");
  if (Buffer.byteLength(message) > MAX_MESSAGE_BYTES) throw invalid("Message too long");
  const subject = params.get("Subject") ?? undefined;
  // Subjects are shown in e-mail headers: ASCII, no line breaks, at most 100 characters.
  if (subject !== undefined && (subject.length === 0 || subject.length > 100 || !/^[\x20-\x7e]*$/.test(subject)))
    throw invalid("Subject");
  const structure = params.get("MessageStructure") ?? undefined;
  if (structure === "json") checkJsonStructure(message);
  const fifo = topicArn.endsWith(".fifo");
  const groupId = params.get("MessageGroupId") ?? undefined;
  if (fifo && !groupId) throw invalid("The MessageGroupId parameter is required for FIFO topics");
  return {
    messageId: randomUUID(),
    topicArn,
    subject,
    message,
    messageStructure: structure,
    messageAttributes: attributes(params),
    messageGroupId: groupId,
    messageDeduplicationId: params.get("MessageDeduplicationId") ?? undefined,
    publishedAt: new Date(now).toISOString(),
  };
}

function checkJsonStructure(message: string): void {
  let parsed: unknown;
  try {
    parsed = JSON.parse(message);
  } catch {
    throw invalid("Message Structure - JSON message body failed to parse");
  }
  if (
    typeof parsed !== "object" ||
    parsed === null ||
    typeof (parsed as Record<string, unknown>).default !== "string"
  ) {
    throw invalid("Message Structure - No default entry in JSON message body");
  }
}

/** MessageAttributes.entry.N.Name / .Value.DataType / .Value.StringValue / .Value.BinaryValue */
function attributes(params: URLSearchParams): Record<string, MessageAttribute> {
  const result: Record<string, MessageAttribute> = {};
  for (let n = 1; params.has(`MessageAttributes.entry.${n}.Name`); n++) {
    const prefix = `MessageAttributes.entry.${n}`;
    const name = params.get(`${prefix}.Name`)!;
    const dataType = params.get(`${prefix}.Value.DataType`);
    if (!dataType || !/^(String|Number|Binary|String\.Array)(\..+)?$/.test(dataType))
      throw invalid(`The message attribute '${name}' has an invalid message attribute type`);
    const stringValue = params.get(`${prefix}.Value.StringValue`) ?? undefined;
    const binaryValue = params.get(`${prefix}.Value.BinaryValue`) ?? undefined;
    if (stringValue === undefined && binaryValue === undefined)
      throw invalid(`The message attribute '${name}' must contain non-empty message attribute value`);
    if (dataType.startsWith("Number") && !Number.isFinite(Number(stringValue)))
      throw invalid(`Could not cast message attribute '${name}' value to number.`);
    result[name] = {
      DataType: dataType,
      ...(stringValue !== undefined ? { StringValue: stringValue } : {}),
      ...(binaryValue !== undefined ? { BinaryValue: binaryValue } : {}),
    };
  }
  if (Object.keys(result).length > 10) throw invalid("Too many message attributes (at most 10)");
  return result;
}

function xml(status: number, body: string): Reply {
  return { status, contentType: "text/xml", body: `<?xml version="1.0"?>\n${body}` };
}

function escapeXml(text: string): string {
  return text.replace(
    /[<>&'"]/g,
    (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", "'": "&apos;", '"': "&quot;" })[c]!,
  );
}

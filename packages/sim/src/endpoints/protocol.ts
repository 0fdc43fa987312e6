import { randomUUID } from "node:crypto";

// Wire details shared by the simulated services: AWS JSON 1.0/1.1 replies and errors, and
// reading request bodies. The SDK reads the error code from `__type` and the message from
// `message`; dates in AWS JSON are epoch seconds, so a reply carrying a Date is converted here
// and nowhere else.

export const JSON_1_1 = "application/x-amz-json-1.1";
export const JSON_1_0 = "application/x-amz-json-1.0";

/** An error the SDK should raise as the exception named `code`. */
export class AwsError extends Error {
  readonly code: string;
  readonly status: number;
  /** Members of the error shape besides the message (ConflictException's resourceIds). */
  readonly fields: Record<string, unknown>;
  constructor(code: string, message: string, status = 400, fields: Record<string, unknown> = {}) {
    super(message);
    this.name = code;
    this.code = code;
    this.status = status;
    this.fields = fields;
  }
}

export function unknownOperation(target: string): AwsError {
  return new AwsError("UnknownOperationException", `Unknown operation ${target}: the local endpoints do not serve it.`);
}

/** JSON with Dates as epoch seconds (fractional milliseconds), as AWS JSON protocols send them. */
export function toWireJson(value: unknown): string {
  return JSON.stringify(value, function (this: Record<string, unknown>, key: string, v: unknown) {
    const original = this[key];
    return original instanceof Date ? original.getTime() / 1000 : v;
  });
}

export type Reply = { status: number; contentType: string; body: string };

// Structural views of node:http's request and response: all this code needs, and immune to two
// copies of @types/node in one program disagreeing about the classes.
export type RequestLike = AsyncIterable<Buffer | string> & {
  method?: string | undefined;
  url?: string | undefined;
  headers: Record<string, string | string[] | undefined>;
};
export type ResponseLike = {
  writeHead(status: number, headers: Record<string, string | number>): unknown;
  end(body: string): unknown;
};

export function jsonReply(output: unknown, contentType: string): Reply {
  return { status: 200, contentType, body: toWireJson(output ?? {}) };
}

export function jsonErrorReply(error: AwsError, contentType: string): Reply {
  return {
    status: error.status,
    contentType,
    body: JSON.stringify({ ...error.fields, __type: error.code, message: error.message }),
  };
}

export function send(res: ResponseLike, reply: Reply, requestId: string = randomUUID()): void {
  res.writeHead(reply.status, {
    "Content-Type": reply.contentType,
    "Content-Length": Buffer.byteLength(reply.body),
    "x-amzn-RequestId": requestId,
  });
  res.end(reply.body);
}

const MAX_BODY_BYTES = 10 * 1024 * 1024;

export async function readBody(req: RequestLike): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const bytes = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
    size += bytes.length;
    if (size > MAX_BODY_BYTES) throw new AwsError("RequestEntityTooLarge", "Request body too large.", 413);
    chunks.push(bytes);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** The JSON body of an AWS JSON request: an object, or SerializationException. */
export function parseJsonInput(body: string): Record<string, unknown> {
  if (body.trim() === "") return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new AwsError("SerializationException", "Request body is not valid JSON.");
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed))
    throw new AwsError("SerializationException", "Request body must be a JSON object.");
  return parsed as Record<string, unknown>;
}

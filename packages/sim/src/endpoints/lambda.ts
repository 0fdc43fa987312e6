import type { CallRecord } from "./call-log.ts";
import type { Reply } from "./protocol.ts";

// Lambda Invoke over its REST-JSON protocol (POST /2015-03-31/functions/<name>/invocations), for
// `guardrails redrive`, which hands a dead-lettered event back to the function that failed it.
// Only the asynchronous invocation (X-Amz-Invocation-Type: Event) is served: Lambda queues the
// event and answers 202 at once, and the function runs it later, with its retries and its
// on-failure destination — here the local runtime does the same.

const INVOKE_PATH = /^\/2015-03-31\/functions\/([^/]+)\/invocations\/?$/;

/** A local function that takes asynchronous invocations; false when no function has that name. */
export type AsyncInvoke = (functionName: string, payload: unknown) => boolean;

export function isLambdaInvoke(method: string | undefined, url: string | undefined): boolean {
  return method === "POST" && INVOKE_PATH.test(new URL(url ?? "/", "http://local").pathname);
}

/** The function's name from any form Invoke takes: a name, a full or partial ARN, with or without a qualifier. */
export function functionNameOf(raw: string): string {
  const parts = decodeURIComponent(raw).split(":");
  if (parts[0] === "arn") return parts[6] ?? "";
  // 123456789012:function:name[:qualifier]
  if (parts[1] === "function") return parts[2] ?? "";
  return parts[0] ?? "";
}

export function handleLambdaInvoke(
  url: string,
  invocationType: string | undefined,
  body: string,
  invoke: AsyncInvoke | undefined,
): { reply: Reply; call: CallRecord } {
  const match = INVOKE_PATH.exec(new URL(url, "http://local").pathname)!;
  const functionName = decodeURIComponent(match[1]!);
  const request = { FunctionName: functionName, InvocationType: invocationType ?? "RequestResponse" };
  const done = (reply: Reply, output: unknown) => ({
    reply,
    // REST-JSON spreads the output over the status, headers and body: the call log holds it as the model's shape.
    call: { service: "Lambda", operation: "Invoke", status: reply.status, request, response: JSON.stringify(output) },
  });
  const error = (status: number, code: string, message: string) => {
    // The SDK takes a REST-JSON error's code from __type when no x-amzn-errortype header names it.
    const output = { __type: code, Type: "User", message };
    return done({ status, contentType: "application/json", body: JSON.stringify(output) }, output);
  };
  if (invocationType !== "Event")
    return error(
      400,
      "InvalidParameterValueException",
      `The local endpoints invoke functions asynchronously only (InvocationType Event), not ${request.InvocationType}.`,
    );
  let payload: unknown;
  try {
    payload = body.trim() === "" ? {} : JSON.parse(body);
  } catch {
    return error(400, "InvalidRequestContentException", "Could not parse request body into json.");
  }
  if (!invoke?.(functionNameOf(functionName), payload))
    return error(404, "ResourceNotFoundException", `Function not found: ${functionName}`);
  return done({ status: 202, contentType: "application/json", body: "" }, { StatusCode: 202 });
}

import { DOCUMENTED } from "./documented.ts";
import { decodeQueryReply, decodeQueryRequest } from "./query.ts";
import type { Models } from "./shapes.ts";
import { validateShape } from "./validate.ts";

// One call the local endpoints served (packages/sim/src/endpoints/call-log.ts), checked against
// AWS's model of its operation: the request when the endpoints accepted it (a request they
// rejected as invalid is a test of that rejection), and every successful reply.

export type Call = { service: string; operation: string; status: number; request: unknown; response: string };

/** Errors that say "your request was malformed": the request check is then the endpoint's job, done. */
const REJECTIONS = new Set([
  "ValidationException",
  "InvalidParameterException",
  "InvalidParameterValueException",
  "InvalidParameter",
  "SerializationException",
  "UnknownOperationException",
  "InvalidAction",
  "ClientException",
]);

/**
 * Errors any AWS API may answer (https://docs.aws.amazon.com/general/latest/gr/api-retries.html and each
 * API reference's Common Errors page), and the local endpoints' own NotImplementedException for a
 * service they route but do not simulate.
 */
const COMMON_ERRORS = new Set([
  "AccessDeniedException",
  // The query-protocol APIs' denial (STS AssumeRole when the role or its trust refuses the caller).
  "AccessDenied",
  "IncompleteSignature",
  "InternalFailure",
  "InvalidAction",
  "InvalidClientTokenId",
  "MissingAction",
  "NotAuthorized",
  "RequestExpired",
  "ServiceUnavailable",
  "ThrottlingException",
  "ValidationError",
  "ValidationException",
  "UnknownOperationException",
  "SerializationException",
  "RequestEntityTooLarge",
  "MisdirectedRequest",
  "NotImplementedException",
]);

export function validateCall(models: Models, call: Call, sdkMembers = new Set<string>()): string[] {
  const model = models.services[call.service];
  const operation = model?.operations[call.operation];
  if (!model || !operation) return call.status < 300 ? [`${call.service} ${call.operation}: not in AWS's model`] : [];
  const out: string[] = [];
  const say = (side: string) => (v: { path: string; problem: string }) =>
    out.push(`${call.service} ${call.operation} ${side}: ${v.path}: ${v.problem}`);
  const query = model.metadata["protocol"] === "query";
  const options = { sdkMembers, documented: DOCUMENTED[call.service] ?? {} };
  if (operation.input && (call.status < 300 || !REJECTIONS.has(errorCode(call.response, query)))) {
    if (query) {
      const { value, unknown } = decodeQueryRequest(model, operation.input.shape, String(call.request));
      for (const key of unknown) say("request")({ path: key, problem: "unknown parameter" });
      validateShape(model, operation.input.shape, value, options).forEach(say("request"));
    } else if (typeof call.request === "object" && call.request !== null)
      validateShape(model, operation.input.shape, call.request, options).forEach(say("request"));
  }
  if (call.status >= 300) {
    const code = errorCode(call.response, query);
    const declared = (operation.errors ?? []).flatMap((e) => [e.shape, model.shapes[e.shape]?.error?.code]);
    if (!COMMON_ERRORS.has(code) && !declared.includes(code))
      say("reply")({ path: "(error)", problem: `${code || "no error code"} is not an error this operation declares` });
  }
  if (call.status < 300 && operation.output) {
    if (query) {
      const wrapper = operation.output.resultWrapper ?? `${call.operation}Result`;
      const { value, unknown } = decodeQueryReply(model, operation.output.shape, wrapper, call.response);
      for (const key of unknown) say("reply")({ path: key, problem: "unknown element" });
      validateShape(model, operation.output.shape, value, options).forEach(say("reply"));
    } else validateShape(model, operation.output.shape, JSON.parse(call.response), options).forEach(say("reply"));
  }
  return out;
}

function errorCode(body: string, query: boolean): string {
  if (query) return /<Code>([^<]*)<\/Code>/.exec(body)?.[1] ?? "";
  try {
    return String((JSON.parse(body) as { __type?: string }).__type ?? "").replace(/^.*#/, "");
  } catch {
    return "";
  }
}

import { createServer } from "node:http";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { EcsSimulator } from "../api.ts";
import type { AppAutoScalingSimulator } from "../app-autoscaling.ts";
import { APPLICATION_AUTOSCALING_TARGET_PREFIX, applicationAutoScalingService } from "./application-autoscaling.ts";
import { type CallRecord, logCall } from "./call-log.ts";
import type { SimulatedUsage } from "../usage-metrics.ts";
import { CLOUDWATCH_TARGET_PREFIX, cloudWatchService } from "./cloudwatch.ts";
import type { JobResult } from "./codepipeline.ts";
import { codePipelineService } from "./codepipeline.ts";
import { ecsService, ECS_TARGET_PREFIX } from "./ecs.ts";
import type { EventEnvelope } from "./eventbridge.ts";
import { eventBridgeService } from "./eventbridge.ts";
import type { JsonService } from "./json-service.ts";
import { notImplemented } from "./json-service.ts";
import type { Reply, RequestLike } from "./protocol.ts";
import {
  AwsError,
  JSON_1_0,
  JSON_1_1,
  jsonErrorReply,
  jsonReply,
  parseJsonInput,
  readBody,
  send,
  unknownOperation,
} from "./protocol.ts";
import { hostAllowed } from "@ecs-guardrails/core/util/host-header";
import type { PublishedMessage } from "./sns.ts";
import { handleSns } from "./sns.ts";
import { type AsyncInvoke, handleLambdaInvoke, isLambdaInvoke } from "./lambda.ts";
import { type SqsQueues, sqsService } from "./sqs.ts";
import { ORGANIZATIONS_TARGET_PREFIX, organizationsService, type SimulatedOrganization } from "./organizations.ts";
import { accountOfRequest, handleSts, isStsAction, type StsOptions } from "./sts.ts";

// One local HTTP server for every AWS API the guardrails call. SDK clients reach it through
// `endpoint` or AWS_ENDPOINT_URL; it routes AWS JSON requests by X-Amz-Target and SNS's
// form-encoded query requests by their Action.

export type LocalEndpointsOptions = {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  /** Serves the ECS API; without it ECS answers NotImplementedException. */
  ecs?: EcsSimulator;
  /** Serves Application Auto Scaling; without it the service answers NotImplementedException. */
  applicationAutoScaling?: AppAutoScalingSimulator;
  /** Serves CloudWatch GetMetricData from simulated usage; without it CloudWatch answers NotImplementedException. */
  cloudwatch?: SimulatedUsage;
  account?: string;
  region?: string;
  /** Time for PutEvents entries without Time and for capture stamps; the simulator's clock fits. */
  now?: () => number;
  onEvent?: (event: EventEnvelope) => void | Promise<void>;
  onPublish?: (message: PublishedMessage) => void | Promise<void>;
  onJobResult?: (result: JobResult) => void | Promise<void>;
  /** Serves SQS (the dead-letter queue); without it SQS answers NotImplementedException. */
  queues?: SqsQueues;
  /** Serves Lambda Invoke (asynchronous only); without it every function is not found. */
  onInvoke?: AsyncInvoke;
  /** Every request and its raw reply: for checking replies against the SDK's shapes. */
  onCall?: (call: CallRecord) => void;
  /** A failing onEvent/onPublish/onJobResult does not fail the call (delivery is decoupled, as in AWS). */
  onDeliveryError?: (error: unknown, what: string) => void;
  /**
   * Member accounts behind a hub (sts.ts): each one's ECS, and the role the hub assumes there
   * (removing it from `roles` makes AssumeRole answer AccessDenied). Requests signed with a
   * member's keys reach its ECS, and its Application Auto Scaling and CloudWatch when given;
   * any other keys reach home's.
   */
  members?: Record<
    string,
    {
      ecs?: EcsSimulator;
      applicationAutoScaling?: AppAutoScalingSimulator;
      cloudwatch?: SimulatedUsage;
      roles: Set<string>;
    }
  >;
  /** Serves AWS Organizations' ListParents over this tree (rules scoped to OUs); without it Organizations answers NotImplementedException. */
  organization?: SimulatedOrganization;
};

export type { CallRecord } from "./call-log.ts";

export type LocalEndpoints = {
  readonly url: string;
  readonly port: number;
  readonly events: readonly EventEnvelope[];
  readonly published: readonly PublishedMessage[];
  readonly jobResults: readonly JobResult[];
  close(): Promise<void>;
};

export async function startLocalEndpoints(options: LocalEndpointsOptions = {}): Promise<LocalEndpoints> {
  const account = options.account ?? options.ecs?.account ?? "111122223333";
  const region = options.region ?? options.ecs?.region ?? "us-east-1";
  const now = options.now ?? (() => Date.now());
  const events: EventEnvelope[] = [];
  const published: PublishedMessage[] = [];
  const jobResults: JobResult[] = [];
  const onDeliveryError =
    options.onDeliveryError ?? ((error, what) => console.error(`local endpoints: ${what} handler failed`, error));
  const deliverer =
    <T>(list: T[], handler: ((item: T) => void | Promise<void>) | undefined, what: string) =>
    async (item: T) => {
      list.push(item);
      try {
        await handler?.(item);
      } catch (error) {
        onDeliveryError(error, what);
      }
    };

  const services: JsonService[] = [
    options.ecs ? ecsService(options.ecs) : stub("ECS", ECS_TARGET_PREFIX, JSON_1_1),
    eventBridgeService({ account, region, now, deliver: deliverer(events, options.onEvent, "onEvent") }),
    codePipelineService({ now, deliver: deliverer(jobResults, options.onJobResult, "onJobResult") }),
    options.cloudwatch ? cloudWatchService(options.cloudwatch) : stub("CloudWatch", CLOUDWATCH_TARGET_PREFIX, JSON_1_0),
    options.applicationAutoScaling
      ? applicationAutoScalingService(options.applicationAutoScaling)
      : stub("Application Auto Scaling", APPLICATION_AUTOSCALING_TARGET_PREFIX, JSON_1_1),
    options.queues ? sqsService(options.queues) : stub("SQS", "AmazonSQS", JSON_1_0),
    options.organization
      ? organizationsService(options.organization)
      : stub("Organizations", ORGANIZATIONS_TARGET_PREFIX, JSON_1_1),
  ];
  const sns = { now, deliver: deliverer(published, options.onPublish, "onPublish") };
  const members = options.members ?? {};
  // A member's own services by target prefix; the ones it was not given are home's.
  const memberServices = new Map(
    Object.entries(members).map(([id, m]) => [
      id,
      new Map<string, JsonService>([
        [ECS_TARGET_PREFIX, m.ecs ? ecsService(m.ecs) : stub("ECS", ECS_TARGET_PREFIX, JSON_1_1)],
        ...(m.applicationAutoScaling
          ? [[APPLICATION_AUTOSCALING_TARGET_PREFIX, applicationAutoScalingService(m.applicationAutoScaling)] as const]
          : []),
        ...(m.cloudwatch ? [[CLOUDWATCH_TARGET_PREFIX, cloudWatchService(m.cloudwatch)] as const] : []),
      ]),
    ]),
  );
  const sts: StsOptions = {
    home: account,
    now,
    roles: () => new Set(Object.values(members).flatMap((m) => [...m.roles])),
  };
  // A member's request is served by its own simulators; its other services are home's (one Region's simulation).
  const servicesFor = (caller: string) => {
    const own = caller === account ? undefined : memberServices.get(caller);
    return own ? services.map((s) => own.get(s.targetPrefix) ?? s) : services;
  };

  const bindHost = options.host ?? "127.0.0.1";
  let bound = { host: bindHost, port: 0 };
  const server = createServer((req, res) => {
    if (!hostAllowed(req.headers.host, bound)) return send(res, misdirected(bound.port));
    const caller = accountOfRequest(header(req, "authorization"), account);
    handle(req, servicesFor(caller), { ...sns, sts, caller }, options.onInvoke, (call) => {
      logCall(call);
      options.onCall?.(call);
    }).then(
      (reply) => send(res, reply),
      // An AwsError here is about the request itself (too large); anything else is a bug of ours.
      (error: unknown) =>
        send(
          res,
          jsonErrorReply(
            error instanceof AwsError ? error : new AwsError("InternalFailure", String(error), 500),
            JSON_1_1,
          ),
        ),
    );
  });
  await listen(server, options.port ?? 0, bindHost);
  const { address, port } = server.address() as AddressInfo;
  bound = { host: bindHost, port };
  const host = address.includes(":") ? `[${address}]` : address;
  options.queues?.serveAt(`http://${host}:${port}`);
  return {
    url: `http://${host}:${port}`,
    port,
    events,
    published,
    jobResults,
    close: () => close(server),
  };
}

/** A request for another name (DNS rebinding, host-header.ts): refused before it is read. */
function misdirected(port: number): Reply {
  return jsonErrorReply(
    new AwsError(
      "MisdirectedRequest",
      `the local endpoints answer http://127.0.0.1:${port} and http://localhost:${port} only`,
      421,
    ),
    JSON_1_1,
  );
}

function stub(name: string, targetPrefix: string, contentType: string): JsonService {
  return { name, targetPrefix, contentType, operations: {}, stub: true };
}

async function handle(
  req: RequestLike,
  services: JsonService[],
  sns: Parameters<typeof handleSns>[1] & { sts: StsOptions; caller: string },
  onInvoke: AsyncInvoke | undefined,
  onCall: (call: CallRecord) => void,
): Promise<Reply> {
  const body = await readBody(req);
  const target = header(req, "x-amz-target");
  if (!target && isLambdaInvoke(req.method, req.url)) {
    const { reply, call } = handleLambdaInvoke(req.url!, header(req, "x-amz-invocation-type"), body, onInvoke);
    onCall(call);
    return reply;
  }
  if (req.method === "GET" && !target)
    return jsonReply(
      { status: "ok", services: ["SNS", ...services.filter((s) => !s.stub).map((s) => s.name)] },
      "application/json",
    );
  if (!target && header(req, "content-type")?.startsWith("application/x-www-form-urlencoded") && isStsAction(body)) {
    const reply = handleSts(body, sns.caller, sns.sts);
    const operation = new URLSearchParams(body).get("Action") ?? "";
    onCall({ service: "STS", operation, status: reply.status, request: body, response: reply.body });
    return reply;
  }
  if (!target && header(req, "content-type")?.startsWith("application/x-www-form-urlencoded")) {
    // The SDK puts its app id (AWS_SDK_UA_APP_ID) in x-amz-user-agent; other clients only in User-Agent.
    const reply = await handleSns(
      body,
      sns,
      [header(req, "user-agent"), header(req, "x-amz-user-agent")].filter(Boolean).join(" ") || undefined,
    );
    onCall({
      service: "SNS",
      operation: new URLSearchParams(body).get("Action") ?? "",
      status: reply.status,
      request: body,
      response: reply.body,
    });
    return reply;
  }
  const [prefix, operation] = splitTarget(target);
  const service = services.find((s) => s.targetPrefix === prefix);
  const contentType = service?.contentType ?? JSON_1_1;
  let input: unknown = body;
  let reply: Reply;
  try {
    if (req.method !== "POST" || !service || !operation) throw unknownOperation(target ?? "(no X-Amz-Target)");
    input = parseJsonInput(body);
    reply = jsonReply(await invoke(service, operation, input as Record<string, unknown>, target!), contentType);
  } catch (error) {
    if (!(error instanceof AwsError)) throw error;
    reply = jsonErrorReply(error, contentType);
  }
  onCall({
    service: service?.name ?? "unknown",
    operation: operation ?? "",
    status: reply.status,
    request: input,
    response: reply.body,
  });
  return reply;
}

async function invoke(
  service: JsonService,
  operation: string,
  input: Record<string, unknown>,
  target: string,
): Promise<unknown> {
  if (service.stub) throw notImplemented(service.name, operation);
  const run = Object.hasOwn(service.operations, operation) ? service.operations[operation] : undefined;
  if (!run) throw unknownOperation(target);
  return await run(input);
}

function splitTarget(target: string | undefined): [string | undefined, string | undefined] {
  const dot = target?.lastIndexOf(".") ?? -1;
  return dot > 0 ? [target!.slice(0, dot), target!.slice(dot + 1)] : [target, undefined];
}

function header(req: RequestLike, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    // SDK clients keep connections alive; without this, close() waits for them to time out.
    server.closeAllConnections();
  });
}

import type { GuardrailsConfig } from "@ecs-guardrails/core/config/schema";
import type { Place } from "@ecs-guardrails/core/model/service-ref";
import { InvalidEventError, UnsupportedEventError } from "@ecs-guardrails/core/errors";
import {
  ensureHistoryTable,
  localDynamoClient,
  startEmbeddedDynamo,
  type EmbeddedDynamo,
} from "@ecs-guardrails/sim/dynamodb/embedded";
import { endpointMembers, memberAccounts, type MemberAccount, withOrganization } from "./members.ts";
import { startLocalEndpoints, type LocalEndpoints } from "@ecs-guardrails/sim/endpoints/server";
import { SqsQueues } from "@ecs-guardrails/sim/endpoints/sqs";
import { onFailureRecord } from "@ecs-guardrails/sim/lambda-destination";
import type { JobResult } from "@ecs-guardrails/sim/endpoints/codepipeline";
import type { PublishedMessage } from "@ecs-guardrails/sim/endpoints/sns";
import { EcsSimulator } from "@ecs-guardrails/sim/api";
import { AppAutoScalingSimulator, ecsCapacityOf } from "@ecs-guardrails/sim/app-autoscaling";
import { SimulatedUsage } from "@ecs-guardrails/sim/usage-metrics";
import { createManualClock } from "@ecs-guardrails/sim/clock";
import type { SimClock } from "@ecs-guardrails/sim/types";
import type { ProcessResult } from "@ecs-guardrails/core/engine/process-event";
import type { ReconcileResult } from "@ecs-guardrails/core/engine/reconcile";
import type { PipelineJobResult } from "@ecs-guardrails/core/capabilities/deploy-stage/run-job";
import { routesFor } from "./bus.ts";
import { FUNCTIONS_APP_ID, functionSetup, loadFunctions, type FunctionSetup } from "./functions.ts";
import { DeadLetters, invokeAsync, type DeadLetter } from "./invoker.ts";

// The local backend: DynamoDB Local, the local AWS endpoints with the ECS simulator behind
// them, and the same function code as in AWS, wired by the same event patterns.

export const LOCAL_TABLE = "ecs-guardrails-history";
/** The local dead-letter queue: Lambda's on-failure records, as the stage's DeadLetters queue holds them. */
export const LOCAL_DEAD_LETTER_QUEUE = "ecs-guardrails-dead-letters";
export { FUNCTIONS_APP_ID, LOCAL_TOPIC_ARN } from "./functions.ts";

/** Who published a message: the guardrails' functions, or anyone else (the AWS CLI, a script). */
export type PublishOrigin = "guardrails" | "outside";

export type StackOptions = {
  config: GuardrailsConfig;
  /** A directory keeps the data between runs; absent: in memory. */
  dataDir?: string;
  fresh?: boolean;
  port?: number;
  /** DynamoDB Local's port; absent: a free one. */
  dynamoPort?: number;
  start?: string | number;
  seed?: string;
  /** Where dead letters are appended (JSON Lines); always kept in memory too. */
  deadLetterFile?: string;
  /** Simulator events go to the bus (demo, serve) or nowhere (replay of recorded events). */
  simulatorEmits: boolean;
  onNotification?: (message: PublishedMessage, origin: PublishOrigin) => void;
  /** An event given up on (after its retries), as it is written to the dead-letter report. */
  onDeadLetter?: (letter: DeadLetter) => void;
  /** A CodePipeline job result a client (the pipeline gate, the AWS CLI) sent. */
  onJobResult?: (result: JobResult) => void;
  /** A DynamoDB Local already running (tests share one) and the table to use there; it is left running. */
  sharedDynamo?: { endpoint: string; tableName: string };
  /** Each envelope PutEvents takes in, before it is delivered (replay's stream follower). */
  onIntake?: (event: unknown) => void;
  onResult?: (result: ProcessResult, event: unknown) => void;
  onReconcile?: (result: ReconcileResult) => void;
  /** Run the reconcile every 5 simulated minutes while advancing (as EventBridge Scheduler does). */
  scheduleReconcile?: boolean;
  /**
   * Member accounts behind this hub, each with its own simulated ECS (same clock; the hub's
   * Region unless given): the functions reach them through the endpoints' STS, as the member role.
   */
  members?: readonly (string | Place)[];
  /** The hub's own account and Region (its topic's, home's simulated ECS); the simulator's defaults otherwise. */
  home?: Place;
};

export type RightSizingOutcome = Awaited<
  ReturnType<ReturnType<typeof import("@ecs-guardrails/functions/handlers/rightsizing").makeRightSizing>>
>;

export const RECONCILE_EVERY_MS = 5 * 60_000;

export type LocalStack = {
  dynamo: EmbeddedDynamo;
  endpoints: LocalEndpoints;
  sim: EcsSimulator;
  /** Each member account's simulated ECS, by account id (empty without `members`). */
  members: Map<string, EcsSimulator>;
  /** Each member's roles the hub may assume: removing one makes STS answer AccessDenied, as a deleted role does. */
  memberRoles: Map<string, Set<string>>;
  /** Each member account's simulators: ECS, Application Auto Scaling and CloudWatch usage. */
  memberAccounts: Map<string, MemberAccount>;
  /** Application Auto Scaling over the simulated ECS (scalable targets, target tracking). */
  autoScaling: AppAutoScalingSimulator;
  clock: SimClock;
  deadLetters: DeadLetters;
  /** The simulated SQS queues: the dead-letter queue's messages, for `guardrails redrive`. */
  queues: SqsQueues;
  /** The dead-letter queue's URL on the local endpoints. */
  deadLetterQueueUrl: string;
  /** Resolves once every asynchronous invocation (Lambda Invoke on the endpoints) has run. */
  settled(): Promise<void>;
  /** What the functions are handed: their variables and their clients' endpoints (never process.env). */
  functions: FunctionSetup;
  /** Delivers one envelope as EventBridge would: to every function whose pattern matches. */
  deliver(event: unknown): Promise<ProcessResult | undefined>;
  /** Delivers the simulator's pending events, in order, until none are left. */
  drain(): Promise<number>;
  /** Moves simulated time forward in steps, delivering the simulator's events as they happen. */
  advance(ms: number, stepMs?: number, onStep?: (now: number) => void): Promise<void>;
  /** One run of the scheduled reconcile function, at the current simulated time. */
  reconcile(): Promise<ReconcileResult>;
  /** The simulated services' CPU and memory use, served as CloudWatch metrics. */
  usage: SimulatedUsage;
  /** One invocation of the right-sizing function (`run`: the daily recommendations; `digest`: the weekly message). */
  rightSize(job?: "run" | "digest"): Promise<RightSizingOutcome>;
  /** Invokes the pipeline function with a CodePipeline job event, asynchronously as CodePipeline does (2 retries, then the dead letters). */
  invokePipeline(event: unknown): Promise<PipelineJobResult | undefined>;
  stop(): Promise<void>;
};

export async function startStack(options: StackOptions): Promise<LocalStack> {
  const shared = options.sharedDynamo;
  const dynamo = shared
    ? borrowed(shared.endpoint)
    : await startEmbeddedDynamo({
        ...(options.dataDir
          ? { dataDir: options.dataDir, fresh: options.fresh === true, owner: "guardrails start" }
          : {}),
        ...(options.dynamoPort !== undefined ? { port: options.dynamoPort } : {}),
      });
  try {
    await ensureHistoryTable(dynamo.client, shared?.tableName ?? LOCAL_TABLE);
    return await wire(dynamo, options);
  } catch (error) {
    await dynamo.stop();
    throw error;
  }
}

function borrowed(endpoint: string): EmbeddedDynamo {
  return {
    endpoint,
    port: Number(new URL(endpoint).port),
    client: localDynamoClient(endpoint),
    stop: async () => undefined,
  };
}

async function wire(dynamo: EmbeddedDynamo, given: StackOptions): Promise<LocalStack> {
  const options = withOrganization(given);
  const clock = createManualClock(options.start ?? Date.now());
  const pending: unknown[] = [];
  const emit = (e: unknown) => void (options.simulatorEmits && pending.push(e));
  const seed = options.seed ?? "ecs-guardrails-local";
  const sim = new EcsSimulator({ clock, emit, seed, ...(options.home ?? {}) });
  const roleName = options.config.organization?.memberRoleName ?? "";
  const accounts = memberAccounts(memberPlaces(options.members, sim.region), { clock, emit, seed, roleName });
  const members = new Map([...accounts].map(([account, m]) => [account, m.ecs]));
  const memberRoles = new Map([...accounts].map(([account, m]) => [account, m.roles]));
  const usage = new SimulatedUsage(() => clock.now());
  const autoScaling = new AppAutoScalingSimulator({ ecs: ecsCapacityOf(sim), now: () => clock.now() });
  const queues = new SqsQueues({ now: () => clock.now(), account: sim.account, names: [LOCAL_DEAD_LETTER_QUEUE] });
  // Bound below, once the functions are loaded: the endpoints must listen before the functions know where.
  let invokeLater: (name: string, payload: unknown) => boolean = () => false;
  const endpoints = await startLocalEndpoints({
    queues,
    onInvoke: (name, payload) => invokeLater(name, payload),
    ...(options.port !== undefined ? { port: options.port } : {}),
    ecs: sim,
    members: endpointMembers(accounts),
    cloudwatch: usage,
    applicationAutoScaling: autoScaling,
    now: () => clock.now(),
    onEvent: (event) => {
      options.onIntake?.(event);
      pending.push(event);
    },
    onPublish: (message) => options.onNotification?.(message, originOf(message)),
    onJobResult: (result) => options.onJobResult?.(result),
  });
  const arnOf = (name: string) => `arn:aws:lambda:${sim.region}:${sim.account}:function:${name}`;
  const deadLetters = new DeadLetters(options.deadLetterFile, (letter) => {
    // The pipeline function has no on-failure destination in AWS (its events carry credentials).
    if (letter.function !== "pipeline")
      queues.send(
        LOCAL_DEAD_LETTER_QUEUE,
        JSON.stringify(
          onFailureRecord({
            functionArn: arnOf(letter.function),
            at: new Date(letter.at),
            attempts: letter.attempts,
            event: letter.event,
            error: { name: letter.errorName, message: letter.error },
          }),
        ),
      );
    options.onDeadLetter?.(letter);
  });
  const functions = functionSetup({
    dynamoEndpoint: dynamo.endpoint,
    awsEndpoint: endpoints.url,
    config: options.config,
    tableName: options.sharedDynamo?.tableName ?? LOCAL_TABLE,
    home: { account: sim.account, region: sim.region },
  });
  const { handler, reconciler, rightSizer, pipeline } = loadFunctions(functions, () => new Date(clock.now()));

  const ingest = async (event: unknown) => {
    const outcome = await invokeAsync("ingest", handler, event, deadLetters, {
      now: () => new Date(clock.now()),
      // Bad input does not get better with retries; a busy service does.
      retryable: (e) => !(e instanceof InvalidEventError || e instanceof UnsupportedEventError),
    });
    if (outcome.ok) options.onResult?.(outcome.result, event);
    return outcome.ok ? outcome.result : undefined;
  };
  const deliver = async (event: unknown) => {
    let result: ProcessResult | undefined;
    for (const name of routesFor(event as object)) if (name === "ingest") result = (await ingest(event)) ?? result;
    return result;
  };
  const drain = async () => {
    let n = 0;
    while (pending.length > 0) {
      await deliver(pending.shift());
      n += 1;
    }
    return n;
  };
  const reconcile = async () => {
    const result = await reconciler();
    options.onReconcile?.(result);
    // Actions it took (UpdateService) made the simulator emit events: deliver them now.
    await drain();
    return result;
  };
  let nextReconcile = clock.now() + RECONCILE_EVERY_MS;
  const advance = async (ms: number, stepMs = 1000, onStep?: (now: number) => void) => {
    const end = clock.now() + ms;
    while (clock.now() < end) {
      const until = Math.min(end, clock.now() + stepMs);
      for (const m of members.values()) m.runUntil(until);
      sim.runUntil(until);
      await drain();
      if (options.scheduleReconcile && clock.now() >= nextReconcile) {
        nextReconcile += RECONCILE_EVERY_MS;
        await reconcile();
      }
      onStep?.(clock.now());
    }
  };
  const invokePipeline = async (event: unknown) => {
    const outcome = await invokeAsync("pipeline", pipeline, event, deadLetters, { now: () => new Date(clock.now()) });
    return outcome.ok ? outcome.result : undefined;
  };
  // Lambda Invoke (InvocationType Event) on the endpoints: queued, run one after another, as
  // Lambda runs an asynchronous invocation after answering 202 (`guardrails redrive` sends them).
  const now = () => new Date(clock.now());
  const runners: Record<string, (payload: unknown) => Promise<unknown>> = {
    ingest: async (event) => {
      await ingest(event);
      await drain();
    },
    reconcile: () => invokeAsync("reconcile", () => reconcile(), undefined, deadLetters, { now }),
    rightsizing: (payload) =>
      invokeAsync("rightsizing", (p) => rightSizer(p as { job: "run" | "digest" }), payload, deadLetters, { now }),
  };
  let queued: Promise<unknown> = Promise.resolve();
  invokeLater = (name, payload) => {
    const run = Object.hasOwn(runners, name) ? runners[name] : undefined;
    if (!run) return false;
    queued = queued
      .then(() => run(payload))
      .catch((error: unknown) => console.error(`local ${name} invocation failed`, error));
    return true;
  };
  return {
    dynamo,
    endpoints,
    sim,
    members,
    memberRoles,
    memberAccounts: accounts,
    autoScaling,
    clock,
    deadLetters,
    queues,
    deadLetterQueueUrl: queues.urlOf(LOCAL_DEAD_LETTER_QUEUE),
    settled: async () => void (await queued),
    functions,
    invokePipeline,
    deliver,
    drain,
    advance,
    reconcile,
    usage,
    rightSize: (job = "run") => rightSizer({ job }),
    stop: async () => {
      await endpoints.close();
      dynamo.client.destroy();
      await dynamo.stop();
    },
  };
}

/** Each member's account and Region: a bare account id is in the hub's Region. */
export function memberPlaces(members: StackOptions["members"], hubRegion: string): Place[] {
  return (members ?? []).map((m) => (typeof m === "string" ? { account: m, region: hubRegion } : m));
}

export function originOf(message: PublishedMessage): PublishOrigin {
  return message.userAgent?.includes(`app/${FUNCTIONS_APP_ID}`) ? "guardrails" : "outside";
}

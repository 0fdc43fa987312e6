import type { GuardrailsConfig } from "@ecs-guardrails/core/config/schema";
import { InvalidEventError, UnsupportedEventError } from "@ecs-guardrails/core/errors";
import type { ProcessResult } from "@ecs-guardrails/core/engine/process-event";
import type { ReconcileResult } from "@ecs-guardrails/core/engine/reconcile";
import type { PipelineJobResult } from "@ecs-guardrails/core/capabilities/deploy-stage/run-job";
import { writeConfigFile } from "@ecs-guardrails/functions/lib/config";
import { ensureHistoryTable, LOCAL_CREDENTIALS, LOCAL_REGION, localDynamoClient, startEmbeddedDynamo, type EmbeddedDynamo } from "../dynamodb/embedded.ts";
import { startLocalEndpoints, type LocalEndpoints } from "../endpoints/server.ts";
import type { JobResult } from "../endpoints/codepipeline.ts";
import type { PublishedMessage } from "../endpoints/sns.ts";
import { EcsSimulator } from "../sim/api.ts";
import { AppAutoScalingSimulator, ecsCapacityOf } from "../sim/app-autoscaling.ts";
import { SimulatedUsage } from "../sim/usage-metrics.ts";
import { createManualClock } from "../sim/clock.ts";
import type { SimClock } from "../sim/types.ts";
import { routesFor } from "./bus.ts";
import { DeadLetters, invokeAsync, type DeadLetter } from "./invoker.ts";

// The local backend: DynamoDB Local, the local AWS endpoints with the ECS simulator behind
// them, and the same function code as in AWS, wired by the same event patterns.

export const LOCAL_TABLE = "ecs-guardrails-history";
export const LOCAL_TOPIC_ARN = `arn:aws:sns:${LOCAL_REGION}:111122223333:ecs-guardrails-notifications`;
/** The functions' SDK clients carry it in their User-Agent, so their publishes are told from others'. */
export const FUNCTIONS_APP_ID = "ecs-guardrails-local";

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
};

export type RightSizingOutcome = Awaited<ReturnType<ReturnType<typeof import("@ecs-guardrails/functions/rightsizing").makeRightSizing>>>;

export const RECONCILE_EVERY_MS = 5 * 60_000;

export type LocalStack = {
  dynamo: EmbeddedDynamo;
  endpoints: LocalEndpoints;
  sim: EcsSimulator;
  /** Application Auto Scaling over the simulated ECS (scalable targets, target tracking). */
  autoScaling: AppAutoScalingSimulator;
  clock: SimClock;
  deadLetters: DeadLetters;
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
    : await startEmbeddedDynamo({ ...(options.dataDir ? { dataDir: options.dataDir, fresh: options.fresh === true, owner: "guardrails start" } : {}), ...(options.dynamoPort !== undefined ? { port: options.dynamoPort } : {}) });
  try {
    await ensureHistoryTable(dynamo.client, shared?.tableName ?? LOCAL_TABLE);
    return await wire(dynamo, options);
  } catch (error) {
    await dynamo.stop();
    throw error;
  }
}

function borrowed(endpoint: string): EmbeddedDynamo {
  return { endpoint, port: Number(new URL(endpoint).port), client: localDynamoClient(endpoint), stop: async () => undefined };
}

async function wire(dynamo: EmbeddedDynamo, options: StackOptions): Promise<LocalStack> {
  const clock = createManualClock(options.start ?? Date.now());
  const pending: unknown[] = [];
  const sim = new EcsSimulator({ clock, emit: (e) => void (options.simulatorEmits && pending.push(e)), seed: options.seed ?? "ecs-guardrails-local" });
  const usage = new SimulatedUsage(() => clock.now());
  const autoScaling = new AppAutoScalingSimulator({ ecs: ecsCapacityOf(sim), now: () => clock.now() });
  const endpoints = await startLocalEndpoints({
    ...(options.port !== undefined ? { port: options.port } : {}),
    ecs: sim,
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
  const deadLetters = new DeadLetters(options.deadLetterFile, options.onDeadLetter);
  const { handler, reconciler, rightSizer, pipeline } = await loadFunctions(dynamo.endpoint, endpoints.url, options.config, () => new Date(clock.now()), options.sharedDynamo?.tableName ?? LOCAL_TABLE);

  const deliver = async (event: unknown) => {
    let result: ProcessResult | undefined;
    for (const name of routesFor(event as object)) {
      const outcome = await invokeAsync(name, handler, event, deadLetters, {
        now: () => new Date(clock.now()),
        // Bad input does not get better with retries; a busy service does.
        retryable: (e) => !(e instanceof InvalidEventError || e instanceof UnsupportedEventError),
      });
      if (outcome.ok) result = outcome.result;
      if (outcome.ok) options.onResult?.(outcome.result, event);
    }
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
      sim.runUntil(Math.min(end, clock.now() + stepMs));
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
  return {
    dynamo,
    endpoints,
    sim,
    autoScaling,
    clock,
    deadLetters,
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

/**
 * The functions' own code, configured as in AWS through environment variables: the SDK
 * clients find the local endpoints through AWS_ENDPOINT_URL_<SERVICE>.
 */
async function loadFunctions(dynamoEndpoint: string, awsEndpoint: string, config: GuardrailsConfig, now: () => Date, tableName: string) {
  Object.assign(process.env, {
    AWS_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    AWS_ENDPOINT_URL_DYNAMODB: dynamoEndpoint,
    AWS_ENDPOINT_URL_ECS: awsEndpoint,
    AWS_ENDPOINT_URL_SNS: awsEndpoint,
    AWS_ENDPOINT_URL_CODEPIPELINE: awsEndpoint,
    AWS_ENDPOINT_URL_CLOUDWATCH: awsEndpoint,
    AWS_ENDPOINT_URL_APPLICATION_AUTO_SCALING: awsEndpoint,
    AWS_ENDPOINT_URL_EVENTBRIDGE: awsEndpoint,
    AWS_SDK_UA_APP_ID: FUNCTIONS_APP_ID,
    TABLE_NAME: tableName,
    TOPIC_ARN: LOCAL_TOPIC_ARN,
    // Read at cold start from a file, as the deployed functions read the one in their package.
    GUARDRAILS_CONFIG_FILE: writeConfigFile(config),
  });
  const { makeIngest } = await import("@ecs-guardrails/functions/ingest");
  const { makeReconcile } = await import("@ecs-guardrails/functions/reconcile");
  const { makeRightSizing } = await import("@ecs-guardrails/functions/rightsizing");
  const { processDeps } = await import("@ecs-guardrails/functions/lib/deps");
  const { reconcileDeps } = await import("@ecs-guardrails/functions/lib/reconcile-deps");
  const { rightSizingDeps } = await import("@ecs-guardrails/functions/lib/rightsizing-deps");
  const { makePipelineHandler } = await import("@ecs-guardrails/functions/pipeline");
  const { pipelineDeps } = await import("@ecs-guardrails/functions/lib/pipeline-deps");
  const quiet = { info: () => undefined, error: () => undefined };
  const deps = processDeps(process.env, { clock: { now } });
  return {
    handler: makeIngest(deps, quiet),
    reconciler: makeReconcile(reconcileDeps(process.env, { clock: { now } }), quiet),
    rightSizer: makeRightSizing(rightSizingDeps(process.env, { clock: { now } }), quiet),
    // The pipeline function shares the ingest's notifier, so its notices reach the same console.
    pipeline: makePipelineHandler(pipelineDeps(process.env, { clock: { now }, notifier: deps.notifier, log: quiet })),
  };
}

export function originOf(message: PublishedMessage): PublishOrigin {
  return message.userAgent?.includes(`app/${FUNCTIONS_APP_ID}`) ? "guardrails" : "outside";
}

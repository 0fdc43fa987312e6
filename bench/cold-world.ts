import { AsyncLocalStorage } from "node:async_hooks";
import { ECSClient } from "@aws-sdk/client-ecs";
import { SNSClient } from "@aws-sdk/client-sns";
import { EcsDeploymentResolver } from "../packages/aws/src/ecs/deployment-resolver.ts";
import { EcsServiceGateway } from "../packages/aws/src/ecs/service-gateway.ts";
import { DynamoDecisionStore } from "../packages/aws/src/history/decision-store.ts";
import { DynamoHistoryStore } from "../packages/aws/src/history/dynamo-history-store.ts";
import { DEFAULT_RETENTION } from "../packages/aws/src/history/retention.ts";
import { SnsNotifier } from "../packages/aws/src/sns/sns-notifier.ts";
import { writeConfigFile } from "../functions/lib/config.ts";
import { parseConfig } from "../packages/core/src/config/load.ts";
import {
  ensureHistoryTable,
  localDynamoClient,
  LOCAL_CREDENTIALS,
  LOCAL_REGION,
  startEmbeddedDynamo,
  type EmbeddedDynamo,
} from "../packages/sim/src/dynamodb/embedded.ts";
import { startLocalEndpoints, type LocalEndpoints } from "../packages/sim/src/endpoints/server.ts";
import { EcsSimulator } from "../packages/sim/src/api.ts";
import { createManualClock } from "../packages/sim/src/clock.ts";
import { processEvent, type ProcessDeps } from "../packages/core/src/engine/process-event.ts";
import { reconcileServices } from "../packages/core/src/engine/reconcile.ts";
import { countCapacity, type Usage } from "./capacity.ts";
import { busyCluster } from "./workload.ts";

// The world the cold bench invokes functions in: DynamoDB Local with the history table, and the
// local AWS endpoints with a simulated cluster holding the services the workload's events name.

const TABLE = "bench-cold-history";
const TOPIC = `arn:aws:sns:${LOCAL_REGION}:111122223333:bench-cold`;
export const SERVICES = 40;

/** What every function process needs to build its handler (no endpoint: imports call nothing). */
export const WORLD_ENV = {
  // The default configuration, as a deployed function reads it: a file in its package.
  GUARDRAILS_CONFIG_FILE: writeConfigFile(parseConfig({})),
  AWS_REGION: LOCAL_REGION,
  AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
  AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
  TABLE_NAME: TABLE,
  TOPIC_ARN: TOPIC,
  POWERTOOLS_SERVICE_NAME: "ecs-guardrails",
  // Logged as in Lambda (the log line is part of each invocation), but not to the terminal.
  POWERTOOLS_LOG_LEVEL: "INFO",
};

export type BenchWorld = {
  dynamo: EmbeddedDynamo;
  endpoints: LocalEndpoints;
  sim: EcsSimulator;
  env: NodeJS.ProcessEnv;
  stop(): Promise<void>;
};

export async function startBenchWorld(): Promise<BenchWorld> {
  const dynamo = await startEmbeddedDynamo();
  try {
    await ensureHistoryTable(dynamo.client, TABLE);
    const sim = new EcsSimulator({
      clock: createManualClock("2026-11-20T00:00:00Z"),
      emit: () => undefined,
      seed: "bench-cold",
    });
    sim.addCluster("busy");
    sim.registerTaskDefinition({ family: "app", cpu: 256, memory: 512 });
    for (let i = 0; i < SERVICES; i++) {
      // Every other service leans on Spot, so the reconcile has services to look at.
      const spot = i % 2 === 0 ? { capacityProviderStrategy: [{ capacityProvider: "FARGATE_SPOT", weight: 1 }] } : {};
      sim.addService({ cluster: "busy", name: `svc-${i}`, taskDefinition: "app:1", desiredCount: 2, ...spot });
    }
    const endpoints = await startLocalEndpoints({ ecs: sim });
    const env = {
      ...process.env,
      ...WORLD_ENV,
      AWS_ENDPOINT_URL: endpoints.url,
      AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
    };
    return {
      dynamo,
      endpoints,
      sim,
      env,
      stop: async () => {
        await endpoints.close();
        dynamo.client.destroy();
        await dynamo.stop();
      },
    };
  } catch (error) {
    await dynamo.stop();
    throw error;
  }
}

export type MeasuredUsage = {
  dynamodb: Record<string, Usage & { events: number }>;
  snsPublishesPerEvent: Record<string, number>;
  reconcile: { services: number; ecsCallsPerService: number; dynamodb: Usage; perService: Usage };
  workload: string;
};

/**
 * DynamoDB requests and units per event kind (the whole ingest function: record, then the
 * policies in their default observe mode), SNS publishes per kind, and one reconcile's calls.
 */
export async function measureUsage(
  world: BenchWorld,
  log: (line: string) => void,
  count = 2000,
): Promise<MeasuredUsage> {
  const kindOfCall = new AsyncLocalStorage<string>();
  const inspect = localDynamoClient(world.dynamo.endpoint);
  const usage = countCapacity(world.dynamo.client, () => kindOfCall.getStore() ?? "other", inspect);
  const client = { region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS, endpoint: world.endpoints.url };
  const ecs = new ECSClient(client);
  const history = new DynamoHistoryStore({ client: world.dynamo.client, tableName: TABLE });
  const published = new Map<string, number>();
  const sns = new SNSClient(client);
  sns.middlewareStack.add(
    (next) => async (a) => {
      const kind = kindOfCall.getStore() ?? "other";
      published.set(kind, (published.get(kind) ?? 0) + 1);
      return next(a);
    },
    { step: "initialize", name: "countPublishes" },
  );
  const deps: ProcessDeps = {
    config: parseConfig({}),
    history,
    deployments: new EcsDeploymentResolver(ecs),
    store: new DynamoDecisionStore({
      client: world.dynamo.client,
      tableName: TABLE,
      reads: history,
      retention: DEFAULT_RETENTION,
    }),
    ecs: new EcsServiceGateway(ecs),
    notifier: new SnsNotifier({ client: sns, topicArn: TOPIC, minSeverity: "info" }),
    clock: { now: () => new Date("2026-11-20T12:00:00Z") },
  };
  const { events, kinds } = busyCluster(count, 7);
  const perKind = new Map<string, number>();
  for (let i = 0; i < events.length; i++) {
    const kind = kinds[i]!;
    perKind.set(kind, (perKind.get(kind) ?? 0) + 1);
    await kindOfCall.run(kind, () => processEvent(events[i], deps));
    if (i % 500 === 499) log(`  usage: ${i + 1}/${events.length} events`);
  }
  let ecsCalls = 0;
  const counting = await startLocalEndpoints({
    ecs: world.sim,
    onCall: (c) => void (c.service === "ECS" && (ecsCalls += 1)),
  });
  try {
    const reconcileEcs = new ECSClient({ ...client, endpoint: counting.url });
    const result = await kindOfCall.run("reconcile", () =>
      reconcileServices({ ...deps, ecs: new EcsServiceGateway(reconcileEcs) }),
    );
    log(`  usage: reconcile looked at ${result.services} of ${SERVICES} services`);
  } finally {
    await counting.close();
    inspect.destroy();
  }
  const r = usage.get("reconcile") ?? { requests: 0, readUnits: 0, writeUnits: 0 };
  const per = (n: number) => Number((n / SERVICES).toFixed(3));
  return {
    workload: `bench/workload.ts busyCluster(${count}, seed 7): ${SERVICES} services, default config (observe)`,
    dynamodb: Object.fromEntries(
      [...perKind].map(([k, n]) => {
        const u = usage.get(k) ?? { requests: 0, readUnits: 0, writeUnits: 0 };
        return [
          k,
          {
            events: n,
            requests: Number((u.requests / n).toFixed(3)),
            readUnits: Number((u.readUnits / n).toFixed(3)),
            writeUnits: Number((u.writeUnits / n).toFixed(3)),
          },
        ];
      }),
    ),
    snsPublishesPerEvent: Object.fromEntries(
      [...perKind].map(([k, n]) => [k, Number(((published.get(k) ?? 0) / n).toFixed(4))]),
    ),
    reconcile: {
      services: SERVICES,
      ecsCallsPerService: per(ecsCalls),
      dynamodb: r,
      perService: { requests: per(r.requests), readUnits: per(r.readUnits), writeUnits: per(r.writeUnits) },
    },
  };
}

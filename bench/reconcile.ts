// npm run bench -- --reconcile [--services 1000 --spot 300 --in-fallback 50 --accounts 1 --json --no-peek --quiet-only]
// With --accounts A > 1: A accounts behind one hub (home and A-1 members), each with --services
// services, reconciled per account in parallel (engine/accounts.ts); reports the calls per
// account and the least time each account's own ECS API budget allows.
// One reconcile tick over a big account against DynamoDB Local, with ECS answered in memory
// through the real SDK client and the real adapter, counting every ECS and DynamoDB call. The
// tick must finish inside its schedule period (5 minutes) and the function's timeout, and its
// ECS calls must fit the API budget (docs/design/aws-facts.md#api-budgets-and-service-limits: DescribeServices 100 burst / 20 per second).
import { loadavg } from "node:os";
import { parseArgs } from "node:util";
import { BatchWriteItemCommand, type DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { marshall } from "@aws-sdk/util-dynamodb";
import { deploymentSk, servicePk } from "../packages/aws/src/history/keys.ts";
import type { ServiceRef } from "../packages/core/src/events/model.ts";
import {
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  ECSClient,
  ListClustersCommand,
  ListServicesCommand,
  type Service,
  UpdateServiceCommand,
} from "@aws-sdk/client-ecs";
import { mockClient } from "aws-sdk-client-mock";
import { EcsServiceGateway } from "../packages/aws/src/ecs/service-gateway.ts";
import { DynamoDecisionStore } from "../packages/aws/src/history/decision-store.ts";
import { DynamoHistoryStore } from "../packages/aws/src/history/dynamo-history-store.ts";
import { DEFAULT_RETENTION } from "../packages/aws/src/history/retention.ts";
import { parseConfig } from "../packages/core/src/config/load.ts";
import { RecordingNotifier } from "../test/kit/recording-notifier.ts";
import { ensureHistoryTable, startEmbeddedDynamo } from "../packages/sim/src/dynamodb/embedded.ts";
import { reconcileServices } from "../packages/core/src/engine/reconcile.ts";
import { type AccountPass, reconcileAccounts } from "../packages/core/src/engine/accounts.ts";
import { mapLimit } from "../packages/core/src/util/concurrency.ts";

const { values: args } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== "--reconcile"),
  options: {
    services: { type: "string", default: "1000" },
    spot: { type: "string", default: "300" },
    "in-fallback": { type: "string", default: "50" },
    accounts: { type: "string", default: "1" },
    json: { type: "boolean", default: false },
    // Every service read one by one, as before the quiet check (issue 23): the same run's baseline.
    "no-peek": { type: "boolean", default: false },
    // The quiet tick alone (the returning tick's 50 decisions per account take the longest here).
    "quiet-only": { type: "boolean", default: false },
  },
});
const N = whole("services", args.services);
const SPOT = Math.min(N, whole("spot", args.spot));
const FALLBACK = Math.min(SPOT, whole("in-fallback", args["in-fallback"]));
const ACCOUNTS = Math.max(1, whole("accounts", args.accounts));
const log = (line: string) => args.json || process.stderr.write(`${line}\n`);
const T0 = Date.parse("2026-11-20T10:00:00Z");
/** Spot fallback's stored state of a service in fallback since T0 (both benches seed it). */
const FALLBACK_STATE = {
  status: "fallback",
  mode: "enforce",
  incident: 1,
  since: new Date(T0).toISOString(),
  stepAt: new Date(T0).toISOString(),
  trigger: "bench",
  originalStrategy: [{ capacityProvider: "FARGATE_SPOT", base: 0, weight: 1 }],
  fallbackStrategy: [{ capacityProvider: "FARGATE", base: 0, weight: 1 }],
  relapses: 0,
};

function whole(flag: string, value: string | undefined): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) {
    process.stderr.write(`bench: --${flag} must be a whole number, got "${value}"\n`);
    process.exit(2);
  }
  return n;
}

const TICKS = (
  [
    ["quiet tick (cool-down running)", 10],
    ["returning tick (cool-down over)", 31],
  ] as const
).slice(0, args["quiet-only"] ? 1 : 2);

/** ECS for N services of one cluster: the first SPOT on Fargate Spot, the first FALLBACK already moved to on-demand by us. */
function ecsAccount() {
  const client = new ECSClient({ region: "us-east-1", credentials: { accessKeyId: "x", secretAccessKey: "x" } });
  const mock = mockClient(client);
  const calls = new Map<string, number>();
  const count = (name: string) => calls.set(name, (calls.get(name) ?? 0) + 1);
  const names = Array.from({ length: N }, (_, i) => `svc-${String(i).padStart(4, "0")}`);
  const strategy = new Map(names.map((n, i) => [n, i < FALLBACK ? "FARGATE" : i < SPOT ? "FARGATE_SPOT" : "FARGATE"]));
  const describe = (name: string): Service => ({
    serviceName: name,
    serviceArn: `arn:aws:ecs:us-east-1:111122223333:service/prod/${name}`,
    status: "ACTIVE",
    desiredCount: 4,
    runningCount: 4,
    pendingCount: 0,
    taskDefinition: `arn:aws:ecs:us-east-1:111122223333:task-definition/${name}:1`,
    capacityProviderStrategy: [{ capacityProvider: strategy.get(name)!, base: 0, weight: 1 }],
    deployments: [
      {
        id: `ecs-svc/${name}`,
        status: "PRIMARY",
        taskDefinition: `arn:aws:ecs:us-east-1:111122223333:task-definition/${name}:1`,
        rolloutState: "COMPLETED",
        desiredCount: 4,
        runningCount: 4,
        failedTasks: 0,
      },
    ],
  });
  mock
    .on(ListClustersCommand)
    .callsFake(
      async () => (count("ListClusters"), { clusterArns: ["arn:aws:ecs:us-east-1:111122223333:cluster/prod"] }),
    );
  mock.on(ListServicesCommand).callsFake(async (input: { nextToken?: string }) => {
    count("ListServices");
    const from = Number(input.nextToken ?? 0);
    const page = names.slice(from, from + 100).map((n) => `arn:aws:ecs:us-east-1:111122223333:service/prod/${n}`);
    return { serviceArns: page, ...(from + 100 < N ? { nextToken: String(from + 100) } : {}) };
  });
  mock
    .on(DescribeServicesCommand)
    .callsFake(
      async (input: { services?: string[] }) => (
        count("DescribeServices"),
        { services: (input.services ?? []).map((s) => describe(s.slice(s.lastIndexOf("/") + 1))), failures: [] }
      ),
    );
  mock
    .on(DescribeTaskDefinitionCommand)
    .callsFake(async () => (count("DescribeTaskDefinition"), { taskDefinition: { cpu: "1024", memory: "2048" } }));
  mock
    .on(UpdateServiceCommand)
    .callsFake(async (input: { service?: string; capacityProviderStrategy?: { capacityProvider?: string }[] }) => {
      count("UpdateService");
      if (input.capacityProviderStrategy)
        strategy.set(input.service!, input.capacityProviderStrategy[0]!.capacityProvider!);
      return { service: describe(input.service!) };
    });
  return { client, calls, names };
}

/** `--no-peek`: the store without its page reads, so the reconcile looks at every service in full. */
function withoutPeek<S extends { peekServices?: unknown }>(store: S): S {
  if (args["no-peek"]) Object.defineProperty(store, "peekServices", { value: undefined });
  return store;
}

function countRequests(client: DynamoDBClient) {
  const requests = new Map<string, number>();
  client.middlewareStack.add(
    (next, context) => async (input) => {
      const name = String(context.commandName ?? "?").replace(/Command$/, "");
      requests.set(name, (requests.get(name) ?? 0) + 1);
      return next(input);
    },
    { step: "initialize", name: "countBenchRequests" },
  );
  return requests;
}

/**
 * Each service's listed deployment recorded, as its first tick leaves it (history/observed.ts):
 * the ticks measured are the steady ones, not the one-off first sight of 30,000 services.
 * Written straight to the table, 25 items a request, so that the setup stays short.
 */
async function recordListedDeployments(client: DynamoDBClient, refs: ServiceRef[]) {
  const chunks = Array.from({ length: Math.ceil(refs.length / 25) }, (_, i) => refs.slice(i * 25, i * 25 + 25));
  await mapLimit(chunks, 8, async (chunk) => {
    let items = chunk.map((ref) => ({
      PutRequest: {
        Item: marshall({
          pk: servicePk(ref),
          sk: deploymentSk(`ecs-svc/${ref.service}`),
          ...ref,
          deploymentId: `ecs-svc/${ref.service}`,
          taskDefinitionArn: `arn:aws:ecs:us-east-1:111122223333:task-definition/${ref.service}:1`,
          completedAt: new Date(T0).toISOString(),
          source: "observed",
        }),
      },
    }));
    while (items.length > 0) {
      const out = await client.send(new BatchWriteItemCommand({ RequestItems: { "bench-reconcile": items } }));
      items = (out.UnprocessedItems?.["bench-reconcile"] ?? []) as typeof items;
    }
  });
}

/** The budget an account's calls need at least: DescribeServices 100 then 20/s, task definitions 50 then 20/s, UpdateService 50 then 5/s. */
function budgetSeconds(calls: Map<string, number>): number {
  return Math.max(
    0,
    ((calls.get("DescribeServices") ?? 0) - 100) / 20,
    ((calls.get("DescribeTaskDefinition") ?? 0) - 50) / 20,
    ((calls.get("UpdateService") ?? 0) - 50) / 5,
  );
}

async function organizationBench(client: DynamoDBClient, dynamoCalls: Map<string, number>) {
  const history = new DynamoHistoryStore({ client, tableName: "bench-reconcile" });
  const store = withoutPeek(
    new DynamoDecisionStore({ client, tableName: "bench-reconcile", reads: history, retention: DEFAULT_RETENTION }),
  );
  let now = new Date(T0);
  const clock = { now: () => now };
  const notifier = new RecordingNotifier();
  const config = parseConfig({ policies: { "spot-fallback": { mode: "enforce" } } });
  const accounts = Array.from({ length: ACCOUNTS }, (_, i) => ({
    place: i === 0 ? undefined : { account: String(100000000000 + i), region: "us-east-1" },
    ecs: ecsAccount(),
  }));
  await mapLimit(
    accounts.flatMap((a) =>
      a.ecs.names.slice(0, FALLBACK).map((name) => ({ ...a.place, cluster: "prod", service: name })),
    ),
    16,
    (ref) => store.savePolicyState(ref, "spot-fallback", { value: FALLBACK_STATE, attention: true }),
  );
  await recordListedDeployments(
    client,
    accounts.flatMap((a) => a.ecs.names.map((name) => ({ ...a.place, cluster: "prod", service: name }))),
  );
  log(`DynamoDB Local; ${ACCOUNTS} accounts × ${N} services (${SPOT} on Spot, ${FALLBACK} in fallback each)`);
  const passes: AccountPass[] = accounts.map((a) => ({
    place: a.place,
    deps: async () => ({ config, store, history, ecs: new EcsServiceGateway(a.ecs.client), notifier, clock }),
  }));
  const ticks = [];
  for (const [label, minute] of TICKS) {
    for (const a of accounts) a.ecs.calls.clear();
    dynamoCalls.clear();
    now = new Date(T0 + minute * 60_000);
    const started = performance.now();
    const cpu = process.cpuUsage();
    const outcomes = await reconcileAccounts(passes, { ledger: store, notifier, clock });
    const seconds = (performance.now() - started) / 1000;
    // This process's CPU (the reconcile, the SDK, the in-memory ECS); DynamoDB Local runs apart.
    const used = process.cpuUsage(cpu);
    const perAccount = accounts.map((a) => [...a.ecs.calls.values()].reduce((x, y) => x + y, 0));
    const budgets = accounts.map((a) => budgetSeconds(a.ecs.calls));
    ticks.push({
      tick: label,
      seconds: Number(seconds.toFixed(1)),
      load: Number(loadavg()[0]!.toFixed(1)),
      cpuSeconds: Number(((used.user + used.system) / 1e6).toFixed(1)),
      services: outcomes.reduce((n, o) => n + (o.status === "reconciled" ? o.result.services : 0), 0),
      decisions: outcomes.reduce(
        (n, o) => n + (o.status === "reconciled" ? o.result.results.filter((r) => !r.duplicate).length : 0),
        0,
      ),
      ecsCallsPerAccount: { min: Math.min(...perAccount), max: Math.max(...perAccount) },
      ecsCallsOfOneAccount: Object.fromEntries(accounts[1]!.ecs.calls),
      apiBudgetSecondsPerAccountAtLeast: Number(Math.max(...budgets).toFixed(1)),
      dynamoRequestsPerAccount: Object.fromEntries(
        [...dynamoCalls].map(([k, v]) => [k, Number((v / ACCOUNTS).toFixed(2))]),
      ),
    });
  }
  const out = { accounts: ACCOUNTS, servicesPerAccount: N, schedulePeriodSeconds: 300, ticks };
  if (args.json) console.log(JSON.stringify(out));
  else {
    console.log(`reconcile over ${ACCOUNTS} accounts × ${N} services = ${ACCOUNTS * N}; schedule period 300 s`);
    for (const t of ticks)
      console.log(
        `  ${t.tick}: ${t.seconds} s (load ${t.load}; ${t.cpuSeconds} s CPU), ${t.services} services, ${t.decisions} decisions; ECS calls per account ${t.ecsCallsPerAccount.min}–${t.ecsCallsPerAccount.max} (${Object.entries(
          t.ecsCallsOfOneAccount,
        )
          .map(([k, v]) => `${k} ${v}`)
          .join(
            ", ",
          )}); each account's budget needs ≥ ${t.apiBudgetSecondsPerAccountAtLeast} s; DynamoDB requests per account: ${Object.entries(
          t.dynamoRequestsPerAccount,
        )
          .map(([k, v]) => `${k} ${v}`)
          .join(", ")}`,
      );
  }
}

const dynamo = await startEmbeddedDynamo();
try {
  await ensureHistoryTable(dynamo.client, "bench-reconcile");
  const dynamoCalls = countRequests(dynamo.client);
  if (ACCOUNTS > 1) {
    await organizationBench(dynamo.client, dynamoCalls);
    process.exit(0);
  }
  const ecs = ecsAccount();
  const history = new DynamoHistoryStore({ client: dynamo.client, tableName: "bench-reconcile" });
  const store = withoutPeek(
    new DynamoDecisionStore({
      client: dynamo.client,
      tableName: "bench-reconcile",
      reads: history,
      retention: DEFAULT_RETENTION,
    }),
  );
  let now = new Date(T0);
  const deps = {
    config: parseConfig({ policies: { "spot-fallback": { mode: "enforce" } } }),
    store,
    history,
    ecs: new EcsServiceGateway(ecs.client),
    notifier: new RecordingNotifier(),
    clock: { now: () => now },
  };
  for (const name of ecs.names.slice(0, FALLBACK))
    await store.savePolicyState({ cluster: "prod", service: name }, "spot-fallback", {
      value: FALLBACK_STATE,
      attention: true,
    });
  await recordListedDeployments(
    dynamo.client,
    ecs.names.map((name) => ({ cluster: "prod", service: name })),
  );
  log(`DynamoDB Local at ${dynamo.endpoint}; ${N} services, ${SPOT} on Fargate Spot, ${FALLBACK} in fallback`);

  const ticks = [];
  for (const [label, minute] of [
    ["quiet tick (cool-down running)", 10],
    ["returning tick (cool-down over)", 31],
  ] as const) {
    ecs.calls.clear();
    dynamoCalls.clear();
    now = new Date(T0 + minute * 60_000);
    const started = performance.now();
    const result = await reconcileServices(deps);
    const seconds = (performance.now() - started) / 1000;
    const ecsCalls = Object.fromEntries(ecs.calls);
    const describes = ecs.calls.get("DescribeServices") ?? 0;
    // The budget: a bucket of 100 DescribeServices refilled at 20/s; likewise 50 / 20 for task definitions.
    const budgetSeconds = Math.max(
      0,
      (describes - 100) / 20,
      ((ecs.calls.get("DescribeTaskDefinition") ?? 0) - 50) / 20,
      ((ecs.calls.get("UpdateService") ?? 0) - 50) / 5,
    );
    ticks.push({
      tick: label,
      seconds: Number(seconds.toFixed(2)),
      servicesLookedAt: result.services,
      decisions: result.results.filter((r) => !r.duplicate).length,
      failures: result.failures.length,
      ecsCalls,
      dynamoRequests: Object.fromEntries(dynamoCalls),
      apiBudgetSecondsAtLeast: Number(budgetSeconds.toFixed(1)),
    });
  }
  const out = { services: N, spot: SPOT, inFallback: FALLBACK, schedulePeriodSeconds: 300, ticks };
  if (args.json) console.log(JSON.stringify(out));
  else {
    console.log(`reconcile over ${N} services (${SPOT} on Spot, ${FALLBACK} in FALLBACK_STATE); schedule period 300 s`);
    for (const t of ticks) {
      console.log(
        `  ${t.tick}: ${t.seconds} s, ${t.servicesLookedAt} services looked at, ${t.decisions} decisions, ${t.failures} failures`,
      );
      console.log(
        `    ECS calls: ${Object.entries(t.ecsCalls)
          .map(([k, v]) => `${k} ${v}`)
          .join(", ")}; at least ${t.apiBudgetSecondsAtLeast} s by the API budget`,
      );
      console.log(
        `    DynamoDB requests: ${Object.entries(t.dynamoRequests)
          .map(([k, v]) => `${k} ${v}`)
          .join(", ")}`,
      );
    }
  }
} finally {
  dynamo.client.destroy();
  await dynamo.stop();
}

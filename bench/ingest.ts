// npm run bench [-- --events 10000 --concurrency 8 --json --policies --replay]
// Pushes a busy cluster's events through the ingestion use case against DynamoDB Local and
// compares with the raw single-item PutItem rate of the same DynamoDB Local (the floor).
import { AsyncLocalStorage } from "node:async_hooks";
import { parseArgs } from "node:util";
import { PutItemCommand, type DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoHistoryStore } from "../packages/aws/src/history/dynamo-history-store.ts";
import { ingestEvent } from "../packages/core/src/engine/ingest.ts";
import { processEvent, type ProcessDeps } from "../packages/core/src/engine/process-event.ts";
import { parseConfig } from "../packages/core/src/config/load.ts";
import { DynamoDecisionStore } from "../packages/aws/src/history/decision-store.ts";
import { DEFAULT_RETENTION } from "../packages/aws/src/history/retention.ts";
import { RecordingNotifier } from "../test/kit/recording-notifier.ts";
import { ensureHistoryTable, startEmbeddedDynamo } from "../packages/sim/src/dynamodb/embedded.ts";
import { busyCluster } from "./workload.ts";

// Other benches, chosen by a flag (`npm run bench -- --cold`): each runs on import, owns its
// arguments, and this one stops when it is done.
const OTHER_BENCHES: Record<string, string> = {
  "--cold": "./cold.ts",
  "--rightsizing": "./rightsizing.ts",
  "--rightsizing-run": "./rightsizing-run.ts",
  "--reconcile": "./reconcile.ts",
  "--console": "./console.ts",
  "--cli": "./cli.ts",
};
const other = process.argv.slice(2).find((a) => a in OTHER_BENCHES);
if (other) {
  await import(OTHER_BENCHES[other]!);
  process.exit();
}

const USAGE =
  "usage: npm run bench [-- --events N (10000) --concurrency N (8) --json --policies | --cold | --reconcile | --rightsizing | --rightsizing-run | --console | --cli | --replay]";
const { values: args } = readArgs();
const N = count("events", args.events);
const C = count("concurrency", args.concurrency);
const log = (line: string) => args.json || process.stderr.write(`${line}\n`);

const kindOfCall = new AsyncLocalStorage<string>();
const requests = new Map<string, number>();

function countRequests(client: DynamoDBClient): void {
  client.middlewareStack.add(
    (next) => async (input) => {
      const kind = kindOfCall.getStore() ?? "raw";
      requests.set(kind, (requests.get(kind) ?? 0) + 1);
      return next(input);
    },
    { step: "initialize", name: "countRequests" },
  );
}

/** A mistyped flag or value stops the run with one line naming it (exit 2), not a stack trace or NaN. */
function readArgs() {
  try {
    const parsed = parseArgs({
      options: {
        events: { type: "string", default: "10000" },
        concurrency: { type: "string", default: "8" },
        json: { type: "boolean", default: false },
        policies: { type: "boolean", default: false },
        replay: { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
    });
    if (parsed.values.help) {
      console.log(USAGE);
      process.exit(0);
    }
    return parsed;
  } catch (error) {
    return usageError((error as Error).message.split(". ")[0]!);
  }
}

function count(flag: string, raw: string): number {
  const n = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(n) || n < 1)
    return usageError(`--${flag} "${raw}" is not a whole number of at least 1`);
  return n;
}

function usageError(message: string): never {
  process.stderr.write(`bench: ${message} (see \`npm run bench -- --help\`)\n`);
  process.exit(2);
}

async function pool(count: number, work: (i: number) => Promise<void>, label: string): Promise<number> {
  let next = 0;
  const started = performance.now();
  const progress = setInterval(() => log(`  ${label}: ${next}/${count}`), 2000);
  await Promise.all(
    Array.from({ length: C }, async () => {
      while (next < count) await work(next++);
    }),
  );
  clearInterval(progress);
  return (performance.now() - started) / 1000;
}

const dynamo = await startEmbeddedDynamo();
try {
  countRequests(dynamo.client);
  await ensureHistoryTable(dynamo.client, "bench-raw");
  await ensureHistoryTable(dynamo.client, "bench-history");
  log(`DynamoDB Local at ${dynamo.endpoint}; ${N} events, concurrency ${C}`);

  const rawSeconds = await pool(
    N,
    (i) =>
      dynamo.client
        .send(
          new PutItemCommand({
            TableName: "bench-raw",
            Item: { pk: { S: `raw#${i % 500}` }, sk: { S: `item#${i}` }, n: { N: String(i) } },
          }),
        )
        .then(() => undefined),
    "raw PutItem",
  );

  const { events, kinds } = busyCluster(N);
  const store = new DynamoHistoryStore({ client: dynamo.client, tableName: "bench-history" });
  const deps = {
    history: store,
    deployments: {
      taskDefinitionOf: async (_r: unknown, id: string) => `arn:aws:ecs:us-east-1:111122223333:task-definition/${id}`,
    },
  };
  // --policies: the whole ingest function (record, then the policies in observe mode) with ECS
  // answered in memory, to show what failed-task events add to the hot path.
  const withPolicies: ProcessDeps = {
    ...deps,
    config: parseConfig({}),
    store: new DynamoDecisionStore({
      client: dynamo.client,
      tableName: "bench-history",
      reads: store,
      retention: DEFAULT_RETENTION,
    }),
    history: store,
    ecs: {
      describeService: async () => undefined,
      updateService: async () => ({ deploymentId: undefined }),
    },
    notifier: new RecordingNotifier(),
    clock: { now: () => new Date("2026-11-20T12:00:00Z") },
  };
  const perKind = new Map<string, number>();
  const outcomes = new Map<string, number>();
  const ingestSeconds = await pool(
    N,
    async (i) => {
      const kind = kinds[i]!;
      perKind.set(kind, (perKind.get(kind) ?? 0) + 1);
      const { outcome } = await kindOfCall.run(kind, () =>
        args.policies ? processEvent(events[i], withPolicies) : ingestEvent(events[i], deps),
      );
      outcomes.set(outcome.status, (outcomes.get(outcome.status) ?? 0) + 1);
    },
    "ingest",
  );

  const result = {
    events: N,
    concurrency: C,
    rawPutItemPerSecond: Math.round(N / rawSeconds),
    ingestEventsPerSecond: Math.round(N / ingestSeconds),
    ratio: Number((rawSeconds / ingestSeconds).toFixed(2)),
    requestsPerEvent: Object.fromEntries(
      [...perKind].map(([k, n]) => [k, Number(((requests.get(k) ?? 0) / n).toFixed(2))]),
    ),
    eventsByKind: Object.fromEntries(perKind),
    outcomes: Object.fromEntries(outcomes),
  };
  // --replay: the same stream through `guardrails replay` (bench/replay.ts), beside the ingestion rate.
  const replayed = args.replay
    ? await (await import("./replay.ts")).benchReplay(events, { dynamoEndpoint: dynamo.endpoint, concurrency: C, log })
    : undefined;
  if (replayed)
    Object.assign(result, {
      replay: {
        ...replayed,
        ofIngestion: Number((replayed.eventsPerSecond / result.ingestEventsPerSecond).toFixed(2)),
      },
    });
  if (args.json) console.log(JSON.stringify(result));
  else {
    if (replayed)
      console.log(
        `replay                 ${replayed.eventsPerSecond} events/s (${Math.round((replayed.eventsPerSecond / result.ingestEventsPerSecond) * 100)} % of ingestion; target ≥ 70 %)`,
      );
    console.log(`raw PutItem            ${result.rawPutItemPerSecond} req/s (floor)`);
    console.log(
      `${args.policies ? "ingest + policies" : "ingestion"}      ${result.ingestEventsPerSecond} events/s (${Math.round(result.ratio * 100)} % of raw; target ≥ 50 %)`,
    );
    console.log("DynamoDB requests per event by type (target: task ≤ 2):");
    for (const [kind, n] of Object.entries(result.requestsPerEvent))
      console.log(`  ${kind.padEnd(16)} ${n.toFixed(2)}  (${result.eventsByKind[kind]} events)`);
    console.log(`outcomes: ${JSON.stringify(result.outcomes)}`);
  }
} finally {
  dynamo.client.destroy();
  await dynamo.stop();
}

import { GuardrailsError } from "../errors.ts";
import { gbSeconds, initDurationMs, warmDurationMs, type MeasuredRun } from "./lambda.ts";
import { HOURS_PER_MONTH, US_EAST_1, type PriceTable } from "./prices.ts";

// The monthly bill of the guardrails themselves: pure arithmetic over what the bench measured
// (bench/measured.json, refreshed by `npm run bench -- --cold --write`) and a workload size.

export type FunctionMeasurement = MeasuredRun & { readonly logBytesPerInvocation: number };
export type KindUsage = {
  readonly events: number;
  readonly requests: number;
  readonly readUnits: number;
  readonly writeUnits: number;
};

export type MeasuredInputs = {
  readonly lambda: { readonly ingest: FunctionMeasurement; readonly reconcile: FunctionMeasurement };
  /** Per event of each kind; `events` is how many of that kind the measured workload had. */
  readonly dynamodb: Readonly<Record<string, KindUsage>>;
  readonly snsPublishesPerEvent: Readonly<Record<string, number>>;
  readonly reconcile: {
    /** How many services the measured reconcile ran over: its duration is scaled from it. */
    readonly services: number;
    readonly ecsCallsPerService: number;
    readonly perService: { readonly requests: number; readonly readUnits: number; readonly writeUnits: number };
  };
};

export type Workload = {
  readonly services: number;
  readonly taskEventsPerMonth: number;
  readonly memoryMB: { readonly ingest: number; readonly reconcile: number };
  readonly reconcileEveryMinutes: number;
  /** Share of ingest invocations that start a new environment (AWS: under 1 % in production). */
  readonly coldStartShare: number;
  /** Right-sizing reads each service's CPU and memory utilization once a day. */
  readonly rightSizing: { readonly metricsPerService: number; readonly runsPerDay: number };
};

export const DEFAULT_WORKLOAD: Workload = {
  services: 100,
  taskEventsPerMonth: 1_000_000,
  memoryMB: { ingest: 256, reconcile: 256 },
  reconcileEveryMinutes: 5,
  coldStartShare: 0.01,
  // The run reads CPUUtilization and MemoryUtilization, Maximum and Average (metric-queries.ts).
  rightSizing: { metricsPerService: 4, runsPerDay: 1 },
};

// START, END and REPORT: the lines Lambda itself writes for every invocation (text format).
export const LAMBDA_PLATFORM_LOG_BYTES = [
  "START RequestId: 8f507cfc-1c2a-4697-b07a-ac58fc914c95 Version: $LATEST\n",
  "END RequestId: 8f507cfc-1c2a-4697-b07a-ac58fc914c95\n",
  "REPORT RequestId: 8f507cfc-1c2a-4697-b07a-ac58fc914c95\tDuration: 15.74 ms\tBilled Duration: 16 ms\tMemory Size: 256 MB\tMax Memory Used: 88 MB\tInit Duration: 185.14 ms\t\n",
].join("").length;

export type BillLine = {
  readonly item: string;
  readonly quantity: number;
  readonly unit: string;
  readonly cost: number;
};
export type Bill = { readonly lines: readonly BillLine[]; readonly total: number; readonly workload: Workload };

const DAYS_PER_MONTH = HOURS_PER_MONTH / 24;

/** Events per month of each kind: task events as given, the others in the measured mix. */
export function eventsPerMonth(measured: MeasuredInputs, taskEventsPerMonth: number): Record<string, number> {
  const taskShare = measured.dynamodb["task"]?.events;
  if (!taskShare)
    throw new GuardrailsError("the measured inputs have no task events: run `npm run bench -- --cold --write`");
  return Object.fromEntries(
    Object.entries(measured.dynamodb).map(([kind, u]) => [kind, (taskEventsPerMonth * u.events) / taskShare]),
  );
}

export function monthlyBill(
  measured: MeasuredInputs,
  workload: Workload = DEFAULT_WORKLOAD,
  prices: PriceTable = US_EAST_1,
): Bill {
  const events = eventsPerMonth(measured, workload.taskEventsPerMonth);
  const invocations = sum(Object.values(events));
  const perEvent = (f: (kind: string) => number) => sum(Object.entries(events).map(([kind, n]) => n * f(kind)));

  const ingest = measured.lambda.ingest;
  const ingestMem = workload.memoryMB.ingest;
  const ingestGbs =
    invocations *
    (gbSeconds(warmDurationMs(ingest, ingestMem), ingestMem) +
      workload.coldStartShare * gbSeconds(initDurationMs(ingest, ingestMem), ingestMem));

  // Every run is counted cold: five minutes apart is at the edge of what Lambda keeps warm.
  const runs = (HOURS_PER_MONTH * 60) / workload.reconcileEveryMinutes;
  const rec = measured.lambda.reconcile;
  const recMem = workload.memoryMB.reconcile;
  const scale = workload.services / measured.reconcile.services;
  const runMs = warmDurationMs({ warmMs: rec.warmMs * scale, warmCpuMs: rec.warmCpuMs * scale }, recMem);
  const reconcileGbs = runs * (gbSeconds(runMs, recMem) + gbSeconds(initDurationMs(rec, recMem), recMem));
  const perRun = (n: number) => runs * workload.services * n;

  const metrics =
    workload.services * workload.rightSizing.metricsPerService * workload.rightSizing.runsPerDay * DAYS_PER_MONTH;
  const logBytes =
    invocations * (ingest.logBytesPerInvocation + LAMBDA_PLATFORM_LOG_BYTES) +
    runs * (rec.logBytesPerInvocation + LAMBDA_PLATFORM_LOG_BYTES);

  const line = (item: string, quantity: number, unit: string, price: number): BillLine => ({
    item,
    quantity,
    unit,
    cost: quantity * price,
  });
  const lines = [
    line("Lambda requests", invocations + runs, "requests", prices.lambdaRequest),
    line(`Lambda ingest, ${ingestMem} MB (init included)`, ingestGbs, "GB-s", prices.lambdaGbSecond),
    line(`Lambda reconcile, ${recMem} MB (init included)`, reconcileGbs, "GB-s", prices.lambdaGbSecond),
    line(
      "DynamoDB writes (ingest)",
      perEvent((k) => measured.dynamodb[k]!.writeUnits),
      "WRU",
      prices.dynamoWriteUnit,
    ),
    line(
      "DynamoDB reads (ingest)",
      perEvent((k) => measured.dynamodb[k]!.readUnits),
      "RRU",
      prices.dynamoReadUnit,
    ),
    line("DynamoDB reads (reconcile)", perRun(measured.reconcile.perService.readUnits), "RRU", prices.dynamoReadUnit),
    line(
      "DynamoDB writes (reconcile)",
      perRun(measured.reconcile.perService.writeUnits),
      "WRU",
      prices.dynamoWriteUnit,
    ),
    line(
      "SNS publishes",
      perEvent((k) => measured.snsPublishesPerEvent[k] ?? 0),
      "publishes",
      prices.snsPublish,
    ),
    line("EventBridge AWS service events", invocations, "events", prices.eventBridgeAwsEvent),
    line("EventBridge Scheduler (reconcile)", runs, "invocations", prices.schedulerInvocation),
    line("ECS API calls (reconcile; no charge)", perRun(measured.reconcile.ecsCallsPerService), "calls", 0),
    line("CloudWatch GetMetricData (right-sizing)", metrics, "metrics", prices.getMetricDataMetric),
    line("CloudWatch Logs ingestion", logBytes / 1e9, "GB", prices.logsIngestedGb),
  ];
  return { lines, total: sum(lines.map((l) => l.cost)), workload };
}

/** The Lambda part of the bill and the latency at each memory size: what the memory setting trades. */
export function memoryOptions(
  measured: MeasuredInputs,
  workload: Workload,
  sizes: readonly number[] = [128, 256, 512],
  prices: PriceTable = US_EAST_1,
) {
  return sizes.map((memoryMB) => {
    const bill = monthlyBill(measured, { ...workload, memoryMB: { ingest: memoryMB, reconcile: memoryMB } }, prices);
    const lambda = sum(bill.lines.filter((l) => l.unit === "GB-s").map((l) => l.cost));
    return {
      memoryMB,
      ingestWarmMs: warmDurationMs(measured.lambda.ingest, memoryMB),
      ingestInitMs: initDurationMs(measured.lambda.ingest, memoryMB),
      lambdaDurationCost: lambda,
      total: bill.total,
    };
  });
}

function sum(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0);
}

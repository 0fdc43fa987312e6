import { describe, expect, it } from "vitest";
import {
  eventsPerMonth,
  LAMBDA_PLATFORM_LOG_BYTES,
  memoryOptions,
  monthlyBill,
  type MeasuredInputs,
  type Workload,
} from "@ecs-guardrails/core/pricing/guardrails-bill";
import { cpuStretch, gbSeconds, initDurationMs, warmDurationMs } from "@ecs-guardrails/core/pricing/lambda";
import { US_EAST_1 } from "@ecs-guardrails/core/pricing/prices";

// Round measured numbers so every expectation below can be checked by hand.
const measured: MeasuredInputs = {
  lambda: {
    ingest: { warmMs: 10, warmCpuMs: 4, initCpuMs: 100, logBytesPerInvocation: 400 },
    reconcile: { warmMs: 200, warmCpuMs: 50, initCpuMs: 100, logBytesPerInvocation: 300 },
  },
  dynamodb: {
    task: { events: 900, requests: 1, readUnits: 0.1, writeUnits: 3 },
    deployment: { events: 100, requests: 3, readUnits: 1, writeUnits: 7 },
  },
  snsPublishesPerEvent: { task: 0, deployment: 0.01 },
  reconcile: { services: 40, ecsCallsPerService: 0.25, perService: { requests: 1.5, readUnits: 2, writeUnits: 0 } },
};

const workload: Workload = {
  services: 40,
  taskEventsPerMonth: 900_000,
  memoryMB: { ingest: 256, reconcile: 256 },
  reconcileEveryMinutes: 5,
  coldStartShare: 0.01,
  rightSizing: { metricsPerService: 2, runsPerDay: 1 },
};

const cost = (item: string) => monthlyBill(measured, workload).lines.find((l) => l.item.startsWith(item))!;

describe("Lambda duration at a memory size", () => {
  it("stretches CPU time by 1,769 / memory below one full vCPU, never above it", () => {
    expect(cpuStretch(256)).toBeCloseTo(6.91015625, 8); // 1769 / 256
    expect(cpuStretch(1769)).toBe(1);
    expect(cpuStretch(3008)).toBe(1);
  });

  it("stretches only the CPU part of a warm invocation, not the waiting", () => {
    // 4 ms CPU × 6.91015625 + 6 ms waiting on DynamoDB = 33.640625 ms
    expect(warmDurationMs({ warmMs: 10, warmCpuMs: 4 }, 256)).toBeCloseTo(33.640625, 6);
    expect(warmDurationMs({ warmMs: 10, warmCpuMs: 4 }, 1769)).toBe(10);
  });

  it("stretches init, which is CPU-bound, entirely", () => {
    // 100 ms × 1769 / 512 = 345.5078125 ms
    expect(initDurationMs({ initCpuMs: 100 }, 512)).toBeCloseTo(345.5078125, 6);
  });

  it("bills duration rounded up to the millisecond, by the GB", () => {
    // 33.64 ms → 34 ms; 0.034 s × 0.25 GB = 0.0085 GB-s
    expect(gbSeconds(33.640625, 256)).toBeCloseTo(0.0085, 10);
  });
});

describe("monthlyBill", () => {
  it("scales the other event kinds with task events, in the measured mix", () => {
    // 900 task : 100 deployment events measured → 900,000 task events bring 100,000 deployments
    expect(eventsPerMonth(measured, 900_000)).toEqual({ task: 900_000, deployment: 100_000 });
  });

  it("counts a request for every event and every reconcile run", () => {
    // 1,000,000 events + 730 h × 60 / 5 = 8,760 runs → 1,008,760 × $0.20 / million
    expect(cost("Lambda requests").quantity).toBe(1_008_760);
    expect(cost("Lambda requests").cost).toBeCloseTo(0.201752, 6);
  });

  it("bills the ingest's warm invocations and its share of cold starts", () => {
    // warm: 34 ms × 0.25 GB = 0.0085 GB-s; init: 100 ms × 6.91015625 = 691.02 → 692 ms × 0.25 GB
    // = 0.173 GB-s, on 1 % of invocations → 0.00173; (0.0085 + 0.00173) × 1,000,000 = 10,230 GB-s
    expect(cost("Lambda ingest").quantity).toBeCloseTo(10_230, 6);
    expect(cost("Lambda ingest").cost).toBeCloseTo(10_230 * 0.0000133334, 8);
  });

  it("bills every reconcile run cold, its duration scaled with the number of services", () => {
    // 40 services as measured: 50 ms CPU × 6.91015625 + 150 ms waiting = 495.5 → 496 ms × 0.25
    // = 0.124 GB-s, plus init 0.173 GB-s = 0.297 GB-s × 8,760 runs = 2,601.72 GB-s
    expect(cost("Lambda reconcile").quantity).toBeCloseTo(2_601.72, 6);
    // 80 services: 100 ms CPU × 6.91 + 300 ms = 991.02 → 992 ms × 0.25 = 0.248 + 0.173 = 0.421
    const doubled = monthlyBill(measured, { ...workload, services: 80 }).lines.find((l) =>
      l.item.startsWith("Lambda reconcile"),
    )!;
    expect(doubled.quantity).toBeCloseTo(0.421 * 8_760, 6);
  });

  it("prices DynamoDB units per event kind as measured (transactions already doubled there)", () => {
    // writes: 900,000 × 3 + 100,000 × 7 = 3,400,000 WRU × $0.625 / million = $2.125
    expect(cost("DynamoDB writes (ingest)").quantity).toBeCloseTo(3_400_000, 6);
    expect(cost("DynamoDB writes (ingest)").cost).toBeCloseTo(2.125, 8);
    // reads: 900,000 × 0.1 + 100,000 × 1 = 190,000 RRU × $0.125 / million = $0.02375
    expect(cost("DynamoDB reads (ingest)").cost).toBeCloseTo(0.02375, 8);
    // reconcile: 8,760 runs × 40 services × 2 RRU = 700,800 RRU → $0.0876
    expect(cost("DynamoDB reads (reconcile)").cost).toBeCloseTo(0.0876, 8);
  });

  it("prices SNS, the scheduler, GetMetricData and logs; EventBridge's AWS events and ECS calls are free", () => {
    // 100,000 deployments × 0.01 = 1,000 publishes × $0.50 / million
    expect(cost("SNS publishes").cost).toBeCloseTo(0.0005, 10);
    expect(cost("EventBridge Scheduler").cost).toBeCloseTo(0.00876, 10);
    // 40 services × 2 metrics × 1 run × 30.4167 days (730 h) = 2,433.33 metrics × $0.01 / 1,000
    expect(cost("CloudWatch GetMetricData").cost).toBeCloseTo((40 * 2 * 730) / 24 / 100_000, 10);
    expect(cost("EventBridge AWS service events")).toMatchObject({ quantity: 1_000_000, cost: 0 });
    expect(cost("ECS API calls")).toMatchObject({ quantity: 8_760 * 40 * 0.25, cost: 0 });
    // (1,000,000 × (400 + 289) + 8,760 × (300 + 289)) bytes = 0.694159 GB × $0.50
    expect(LAMBDA_PLATFORM_LOG_BYTES).toBe(289);
    expect(cost("CloudWatch Logs").cost).toBeCloseTo(0.694159 * 0.5, 6);
  });

  it("totals its lines", () => {
    const bill = monthlyBill(measured, workload);
    expect(bill.total).toBeCloseTo(
      bill.lines.reduce((s, l) => s + l.cost, 0),
      12,
    );
    expect(bill.total).toBeCloseTo(
      0.201752 + 0.1364 + 0.03469 + 2.125 + 0.02375 + 0.0876 + 0.0005 + 0.00876 + 0.024333 + 0.34708,
      3,
    );
  });

  it("uses the price table it is given", () => {
    const free = monthlyBill(measured, workload, { ...US_EAST_1, dynamoWriteUnit: 0 });
    expect(free.lines.find((l) => l.item === "DynamoDB writes (ingest)")!.cost).toBe(0);
  });

  it("refuses measured inputs without task events, naming the command that makes them", () => {
    expect(() => monthlyBill({ ...measured, dynamodb: {} }, workload)).toThrow(/npm run bench -- --cold --write/);
  });
});

describe("memoryOptions", () => {
  it("trades duration for memory: 128 MB stretches CPU 13.8×, 512 MB 3.5×", () => {
    const [m128, m256, m512] = memoryOptions(measured, workload);
    // 4 × 1769/128 + 6 = 61.28125 ms; 4 × 1769/512 + 6 = 19.8203125 ms
    expect(m128!.ingestWarmMs).toBeCloseTo(61.28125, 6);
    expect(m256!.ingestWarmMs).toBeCloseTo(33.640625, 6);
    expect(m512!.ingestWarmMs).toBeCloseTo(19.8203125, 6);
    // init: 100 ms CPU × 13.8203125 = 1,382 ms at 128 MB
    expect(m128!.ingestInitMs).toBeCloseTo(1382.03125, 4);
    // ingest warm GB-s per invocation: 62 ms × 0.125 = 0.00775 < 34 ms × 0.25 = 0.0085 < 20 ms × 0.5 = 0.01
    expect(m128!.lambdaDurationCost).toBeLessThan(m256!.lambdaDurationCost);
    expect(m256!.lambdaDurationCost).toBeLessThan(m512!.lambdaDurationCost);
  });
});

import { describe, expect, it } from "vitest";
import {
  GET_METRIC_DATA_LIMITS,
  periodFor,
  planQueries,
  type QueryPlan,
} from "@ecs-guardrails/core/capabilities/right-sizing/metric-queries";

const DAY = 86_400_000;
const now = new Date("2026-12-01T00:00:00Z");
const back = (ms: number) => ({ start: new Date(now.getTime() - ms), end: now });
const services = (n: number, containerInsights = false) =>
  Array.from({ length: n }, (_, i) => ({ ref: { cluster: "prod", service: `s${i}` }, containerInsights }));

/** Every call within both limits, every id valid and unique in its call. */
function expectWithinLimits(plan: QueryPlan): void {
  for (const call of plan.calls) {
    expect(call.queries.length).toBeLessThanOrEqual(GET_METRIC_DATA_LIMITS.queriesPerCall);
    expect(call.datapoints).toBeLessThanOrEqual(GET_METRIC_DATA_LIMITS.datapointsPerCall);
    expect(new Set(call.queries.map((q) => q.id)).size).toBe(call.queries.length);
    for (const q of call.queries) expect(q.id).toMatch(/^[a-z][a-zA-Z0-9_]*$/);
  }
}

describe("periodFor", () => {
  it.each([
    ["an hour", 3600, 60],
    ["exactly 15 days", 15 * 86_400, 60],
    ["15 days and a second", 15 * 86_400 + 1, 300],
    ["exactly 63 days", 63 * 86_400, 300],
    ["63 days and a second", 63 * 86_400 + 1, 3600],
    ["a year", 365 * 86_400, 3600],
  ])("data %s old is read at %i… a period of %i s", (_, age, period) => {
    expect(periodFor(age)).toBe(period);
  });
});

describe("planQueries", () => {
  it("reads 1,000 services × 14 days of 1-minute data in 800 calls, the minimum, for $0.04", () => {
    // 14 × 1,440 = 20,160 points a metric; 100,800 / 20,160 = 5 metrics a call. 4 metrics a
    // service → 4,000 metrics → 800 calls; ⌈4,000 / 500⌉ = 8 calls by the query limit, so the
    // datapoint limit binds. 4,000 / 1,000 × $0.01 = $0.04.
    const plan = planQueries(services(1000), back(14 * DAY), now);
    expect(plan).toMatchObject({
      period: 60,
      pointsPerQuery: 20_160,
      queries: 4000,
      datapoints: 80_640_000,
      minimumCalls: 800,
    });
    expect(plan.calls).toHaveLength(800);
    expect(plan.usd).toBeCloseTo(0.04, 12);
    expectWithinLimits(plan);
  });

  it("adds the Container Insights metrics where the cluster has them", () => {
    // 7 metrics a service: 7,000 → 1,400 calls, $0.07.
    const plan = planQueries(services(1000, true), back(14 * DAY), now);
    expect(plan.queries).toBe(7000);
    expect(plan.calls).toHaveLength(1400);
    expect(plan.usd).toBeCloseTo(0.07, 12);
    expect(new Set(plan.calls.flatMap((c) => c.queries.map((q) => q.namespace)))).toEqual(
      new Set(["AWS/ECS", "ECS/ContainerInsights"]),
    );
  });

  it("fills a call to exactly 100,800 points and no further", () => {
    // 20,160 × 5 = 100,800: one call; a sixth metric needs a second.
    const five = planQueries(services(1), back(14 * DAY), now);
    expect(five.calls.map((c) => [c.queries.length, c.datapoints])).toEqual([[4, 80_640]]);
    const eight = planQueries(services(2), back(14 * DAY), now);
    expect(eight.calls.map((c) => [c.queries.length, c.datapoints])).toEqual([
      [5, 100_800],
      [3, 60_480],
    ]);
  });

  it("fills a call to exactly 500 queries and no further", () => {
    // 201 minutes = 201 points; 500 × 201 = 100,500 ≤ 100,800: the query limit binds.
    // 125 services × 4 = 500 → 1 call; 126 × 4 = 504 → 2.
    expect(planQueries(services(125), back(201 * 60_000), now).calls.map((c) => c.queries.length)).toEqual([500]);
    const over = planQueries(services(126), back(201 * 60_000), now);
    expect(over.calls.map((c) => c.queries.length)).toEqual([500, 4]);
    expect(over.minimumCalls).toBe(2);
    expectWithinLimits(over);
  });

  it("lets the datapoint limit bind first just above it", () => {
    // 202 points: 500 × 202 = 101,000 > 100,800, so ⌊100,800 / 202⌋ = 499 a call.
    // The minimum: max(⌈500 / 500⌉, ⌈101,000 / 100,800⌉) = 2.
    const plan = planQueries(services(125), back(202 * 60_000), now);
    expect(plan.calls.map((c) => c.queries.length)).toEqual([499, 1]);
    expect(plan.minimumCalls).toBe(2);
    expectWithinLimits(plan);
  });

  it("switches to 5-minute and 1-hour periods for older data", () => {
    // 30 days at 300 s = 8,640 points → 11 a call; 90 days at 3,600 s = 2,160 → 46 a call.
    const month = planQueries(services(10), back(30 * DAY), now);
    expect([month.period, month.pointsPerQuery, month.calls[0]!.queries.length]).toEqual([300, 8640, 11]);
    const quarter = planQueries(services(10), back(90 * DAY), now);
    expect([quarter.period, quarter.pointsPerQuery, quarter.calls[0]!.queries.length]).toEqual([3600, 2160, 40]);
  });

  it("asks for Maximum and Average utilization by cluster and service", () => {
    const [call] = planQueries(services(1), back(DAY), now).calls;
    expect(call!.queries.map((q) => `${q.metricName}/${q.stat}`)).toEqual([
      "CPUUtilization/Maximum",
      "MemoryUtilization/Maximum",
      "CPUUtilization/Average",
      "MemoryUtilization/Average",
    ]);
    expect(call!.queries[0]!.dimensions).toEqual([
      { name: "ClusterName", value: "prod" },
      { name: "ServiceName", value: "s0" },
    ]);
  });

  it("plans nothing for no services", () => {
    expect(planQueries([], back(DAY), now)).toMatchObject({ calls: [], queries: 0, minimumCalls: 0, usd: 0 });
  });
});

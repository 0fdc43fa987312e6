import { CloudWatchClient, GetMetricDataCommand } from "@aws-sdk/client-cloudwatch";
import { CloudWatchMetricReader } from "@ecs-guardrails/aws/cloudwatch/metric-reader";
import { startLocalEndpoints, type CallRecord, type LocalEndpoints } from "@ecs-guardrails/sim/endpoints/server";
import { SimulatedUsage } from "@ecs-guardrails/sim/usage-metrics";
import type { UsageProfile } from "@ecs-guardrails/sim/usage";
import { planQueries } from "@ecs-guardrails/core/capabilities/right-sizing/metric-queries";
import { recommend } from "@ecs-guardrails/core/capabilities/right-sizing/recommend";
import { rightSizingSettings } from "@ecs-guardrails/core/capabilities/right-sizing/settings";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// The CloudWatch adapter through the real SDK client (JSON 1.0) against the local endpoint,
// which serves GetMetricData from the simulator's usage profiles.

const NOW = Date.parse("2026-12-01T00:00:00Z");
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const PROFILES: Record<string, UsageProfile> = {
  // Over-provisioned: 1 vCPU / 4 GB using a fifth of its CPU and a quarter of its memory.
  web: {
    tasks: 2,
    cpuUnits: 1024,
    memoryMiB: 4096,
    cpu: { low: 5, high: 18, peakHourUtc: 14 },
    memory: { low: 20, high: 25 },
    spikes: { everyHours: 6, minutes: 3, cpu: 60 },
    noise: 2,
  },
  // OOM-prone: memory leaks 10 % of 1 GB an hour from 40 %, killed every 6 hours.
  worker: {
    tasks: 1,
    cpuUnits: 512,
    memoryMiB: 1024,
    cpu: { low: 30, high: 55, peakHourUtc: 3 },
    memory: { low: 40, high: 40 },
    leakPercentPerHour: 10,
    noise: 1,
  },
  // Ten hours old: not enough data.
  young: {
    tasks: 1,
    cpuUnits: 256,
    memoryMiB: 512,
    cpu: { low: 10, high: 20, peakHourUtc: 12 },
    memory: { low: 30, high: 40 },
    since: NOW - 10 * HOUR,
  },
};

let endpoints: LocalEndpoints;
let client: CloudWatchClient;
let usage: SimulatedUsage;
const calls: CallRecord[] = [];

beforeAll(async () => {
  usage = new SimulatedUsage(() => NOW);
  for (const [service, profile] of Object.entries(PROFILES)) usage.setProfile({ cluster: "prod", service }, profile);
  endpoints = await startLocalEndpoints({ cloudwatch: usage, now: () => NOW, onCall: (c) => calls.push(c) });
  client = new CloudWatchClient({
    endpoint: endpoints.url,
    region: "us-east-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
    maxAttempts: 1,
  });
});

afterAll(async () => {
  client?.destroy();
  await endpoints?.close();
});

const services = Object.keys(PROFILES).map((service) => ({
  ref: { cluster: "prod", service },
  containerInsights: service === "web",
}));
const window = { start: new Date(NOW - 14 * DAY), end: new Date(NOW) };

describe("GetMetricData through the SDK", () => {
  it("reads every planned series, point for point as the simulator has them", async () => {
    const plan = planQueries(services, window, new Date(NOW));
    const read = await new CloudWatchMetricReader({ client }).read(plan);
    expect(read.requests).toBe(plan.calls.length);
    for (const q of plan.calls.flatMap((c) => c.queries)) {
      const got = read.services.get(`prod/${q.ref.service}`)?.series[q.kind];
      const want = usage.datapoints(
        {
          namespace: q.namespace,
          metricName: q.metricName,
          dimensions: { ClusterName: "prod", ServiceName: q.ref.service },
          stat: q.stat,
          period: q.period,
        },
        window.start.getTime(),
        NOW,
      );
      expect(got?.timestamps, `${q.ref.service} ${q.kind}`).toEqual(want.timestamps);
      expect(got?.values).toEqual(want.values);
    }
    // 14 days of 1-minute points for the two old services; 10 hours for the young one.
    expect(read.services.get("prod/web")?.series["cpu-max"]?.values).toHaveLength(20_160);
    expect(read.services.get("prod/young")?.series["memory-max"]?.values).toHaveLength(600);
    expect(read.services.get("prod/web")?.series["ci-tasks"]?.values.every((v) => v === 2)).toBe(true);
  });

  it("follows NextToken when a page holds fewer points than a call asks for", async () => {
    const plan = planQueries(services, window, new Date(NOW));
    const whole = await new CloudWatchMetricReader({ client }).read(plan);
    const paged = await new CloudWatchMetricReader({ client, maxDatapoints: 7_000 }).read(plan);
    // 15 metrics (web 4 + 3 Container Insights, worker 4, young 4), planned 5 a call at 20,160
    // points each (the window's worth). Pages of 7,000: call 1 (web's 5) 100,800 → 15 pages;
    // call 2 (web's 2, worker's 3) 100,800 → 15; call 3 (worker's last, young's 4 with 600
    // points each) 20,160 + 2,400 = 22,560 → 4.
    expect(plan.calls.map((c) => c.datapoints)).toEqual([100_800, 100_800, 100_800]);
    expect(paged.requests).toBe(15 + 15 + 4);
    expect(paged.services).toEqual(whole.services);
  });

  it("replies in shapes the SDK reads without dropping a field", async () => {
    calls.length = 0;
    const query = {
      Id: "cpu",
      MetricStat: {
        Metric: {
          Namespace: "AWS/ECS",
          MetricName: "CPUUtilization",
          Dimensions: [
            { Name: "ClusterName", Value: "prod" },
            { Name: "ServiceName", Value: "web" },
          ],
        },
        Period: 300,
        Stat: "Maximum",
      },
    };
    const out = await client.send(
      new GetMetricDataCommand({
        MetricDataQueries: [query],
        StartTime: new Date(NOW - HOUR),
        EndTime: new Date(NOW),
        MaxDatapoints: 5,
      }),
    );
    const raw = JSON.parse(calls.find((c) => c.operation === "GetMetricData")!.response) as {
      MetricDataResults: Record<string, unknown>[];
      NextToken: string;
    };
    expect(Object.keys(raw.MetricDataResults[0]!).sort()).toEqual([
      "Id",
      "Label",
      "Messages",
      "StatusCode",
      "Timestamps",
      "Values",
    ]);
    const result = out.MetricDataResults![0]!;
    expect(result).toMatchObject({ Id: "cpu", Label: "CPUUtilization", StatusCode: "PartialData", Messages: [] });
    // Default scan is newest first: 12 five-minute points in the hour, a page of 5.
    expect(result.Timestamps!.map((t) => t.toISOString())).toEqual([
      "2026-11-30T23:55:00.000Z",
      "2026-11-30T23:50:00.000Z",
      "2026-11-30T23:45:00.000Z",
      "2026-11-30T23:40:00.000Z",
      "2026-11-30T23:35:00.000Z",
    ]);
    expect(result.Values).toHaveLength(5);
    expect(out.NextToken).toBe(raw.NextToken);
    expect(out.Messages).toEqual([]);
  });

  it("takes every period CloudWatch documents (1, 5, 10, 20, 30, 60 and multiples of 60) and refuses others", async () => {
    const ask = (Period: number) =>
      client.send(
        new GetMetricDataCommand({
          MetricDataQueries: [
            {
              Id: "cpu",
              MetricStat: { Metric: { Namespace: "AWS/ECS", MetricName: "CPUUtilization" }, Period, Stat: "Maximum" },
            },
          ],
          StartTime: new Date(NOW - HOUR),
          EndTime: new Date(NOW),
        }),
      );
    for (const period of [1, 5, 10, 20, 30, 60, 120, 300, 3600]) await expect(ask(period)).resolves.toBeDefined();
    for (const period of [0, 2, 7, 15, 45, 90])
      await expect(ask(period), `period ${period}`).rejects.toThrow("must be 1, 5, 10, 20, 30, 60 or a multiple of 60");
  });

  it("refuses more than 500 queries in one call, as CloudWatch does", async () => {
    const queries = Array.from({ length: 501 }, (_, i) => ({
      Id: `q${i}`,
      MetricStat: { Metric: { Namespace: "AWS/ECS", MetricName: "CPUUtilization" }, Period: 60, Stat: "Maximum" },
    }));
    await expect(
      client.send(
        new GetMetricDataCommand({
          MetricDataQueries: queries,
          StartTime: new Date(NOW - HOUR),
          EndTime: new Date(NOW),
        }),
      ),
    ).rejects.toThrow(/must not have a size greater than 500/);
  });

  it("keeps 1-minute points 15 days only, and has no percentiles for AWS/ECS", async () => {
    const ask = (period: number, stat: string) =>
      usage.datapoints(
        {
          namespace: "AWS/ECS",
          metricName: "CPUUtilization",
          dimensions: { ClusterName: "prod", ServiceName: "web" },
          stat,
          period,
        },
        NOW - 20 * DAY,
        NOW,
      );
    expect(ask(60, "Maximum").values).toHaveLength(15 * 1440);
    expect(ask(300, "Maximum").values).toHaveLength(20 * 288);
    expect(ask(60, "p95").values).toHaveLength(0);
  });
});

describe("Container Insights and faults at the local endpoint", () => {
  it("serves CpuUtilized and MemoryUtilized as the service's totals across its tasks, as Container Insights does", () => {
    const minute = NOW - HOUR;
    const ask = (namespace: string, metricName: string, stat: string) =>
      usage.datapoints(
        { namespace, metricName, dimensions: { ClusterName: "prod", ServiceName: "web" }, stat, period: 60 },
        minute,
        minute + 60_000,
      ).values[0]!;

    // 2 tasks of 1024 units: the total is the average task's % × 1024 / 100 × 2.
    expect(ask("ECS/ContainerInsights", "CpuUtilized", "Maximum")).toBeCloseTo(
      (ask("AWS/ECS", "CPUUtilization", "Average") / 100) * 1024 * 2,
      9,
    );
    expect(ask("ECS/ContainerInsights", "MemoryUtilized", "Maximum")).toBeCloseTo(
      (ask("AWS/ECS", "MemoryUtilization", "Average") / 100) * 4096 * 2,
      9,
    );
  });

  it("answers a service's queries with the StatusCode of its fault, and the reader fails that service alone", async () => {
    usage.setFault({ cluster: "prod", service: "worker" }, "Forbidden");
    const plan = planQueries(services, window, new Date(NOW));
    const read = await new CloudWatchMetricReader({ client }).read(plan);
    usage.setFault({ cluster: "prod", service: "worker" }, undefined);

    expect(read.services.get("prod/worker")?.error).toBe(
      "GetMetricData could not read prod/worker CPUUtilization Maximum: Forbidden (User is not authorized to access this metric (simulated))",
    );
    expect(read.services.get("prod/web")?.error).toBeUndefined();
    expect(read.services.get("prod/web")?.series["cpu-max"]?.values).toHaveLength(20_160);
  });
});

describe("a recommendation from simulated usage", () => {
  it("finds the over-provisioned service, the OOM-prone one under-provisioned, and the young one short of data", async () => {
    const plan = planQueries(services, window, new Date(NOW));
    const read = await new CloudWatchMetricReader({ client }).read(plan);
    const settings = rightSizingSettings.full.parse({});
    const verdict = (service: string) => {
      const p = PROFILES[service]!;
      const series = read.services.get(`prod/${service}`)!.series;
      return recommend(
        {
          ref: { cluster: "prod", service },
          revision: `${service}:1`,
          launchType: "FARGATE",
          taskSize: { cpu: p.cpuUnits, memory: p.memoryMiB },
          containers: [{ name: "app" }],
          architecture: "x86_64",
          tasks: p.tasks,
          spotShare: 0,
          cpuUtilization: series["cpu-max"]!,
          memoryUtilization: series["memory-max"]!,
          lookbackHours: 336,
          oomKills: usage.oomKills({ cluster: "prod", service }, window.start.getTime(), NOW),
          targetTracking: [],
        },
        settings,
      );
    };
    const web = verdict("web");
    expect(web.finding).toBe("over-provisioned");
    expect(web.recommended!.cpu).toBeLessThan(1024);
    expect(web.cost!.savingsMonthly).toBeGreaterThan(0);
    const worker = verdict("worker");
    // A 6-hour leak cycle: 4 kills a day, 56 in 14 days.
    expect(worker.evidence.oomKills).toBe(56);
    expect(worker.finding).toBe("under-provisioned");
    expect(worker.recommended!.memory).toBeGreaterThan(1024);
    expect(verdict("young").summary).toBe(
      "insufficient data: 10 h of data (600 CPU and 600 memory points), 24 h needed",
    );
  });
});

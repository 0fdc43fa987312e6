import {
  ApplicationAutoScalingClient,
  PutScalingPolicyCommand,
  RegisterScalableTargetCommand,
} from "@aws-sdk/client-application-auto-scaling";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { randomUUID } from "node:crypto";
import { DynamoHistoryStore } from "@ecs-guardrails/aws/history/dynamo-history-store";
import { DynamoRecommendationStore } from "@ecs-guardrails/aws/history/recommendation-store";
import { parseConfig } from "@ecs-guardrails/core/config/load";
import { LOCAL_CREDENTIALS, LOCAL_REGION } from "@ecs-guardrails/sim/dynamodb/embedded";
import { startStack, type LocalStack } from "@ecs-guardrails/cli/runtime/stack";
import type { UsageProfile } from "@ecs-guardrails/sim/usage";
import { runSummary, type RightSizeResult } from "@ecs-guardrails/core/capabilities/right-sizing/right-size";
import type { DigestResult } from "@ecs-guardrails/core/capabilities/right-sizing/right-sizing-digest";

// The scheduled right-sizing run end to end: the right-sizing function's own code and real SDK
// clients against DynamoDB Local and the local endpoints (ECS simulator, CloudWatch
// GetMetricData from the simulator's usage, Application Auto Scaling). OOM kills come from the
// simulated tasks through the ingest function into the history, as in AWS.

const START = Date.parse("2026-11-20T10:00:00Z"); // a Friday: the digest's week is 2026-11-16
const HOUR = 3_600_000;
let stack: LocalStack;
let tableName: string;

const quiet: UsageProfile = {
  tasks: 2,
  cpuUnits: 1024,
  memoryMiB: 4096,
  cpu: { low: 5, high: 18, peakHourUtc: 14 },
  memory: { low: 20, high: 25 },
  noise: 1,
};
const PROFILES: Record<string, UsageProfile> = {
  // 1 vCPU / 4 GB, using a fifth of the CPU and a quarter of the memory: over-provisioned.
  web: quiet,
  // Leaks 10 % of 1 GB an hour and is killed at the limit: under-provisioned, OOM-prone.
  worker: {
    tasks: 2,
    cpuUnits: 512,
    memoryMiB: 1024,
    cpu: { low: 30, high: 55, peakHourUtc: 3 },
    memory: { low: 40, high: 40 },
    leakPercentPerHour: 10,
    noise: 1,
  },
  // Target-tracks on CPU: only memory is sized.
  api: quiet,
  // Ten hours (and the minutes the test runs) of data: not enough.
  young: { ...quiet, since: START - 10 * HOUR },
  // Right-sizing switched off by its tag: never looked at.
  legacy: quiet,
};

function runOf(result: unknown): RightSizeResult {
  return result as RightSizeResult;
}

function byService(result: RightSizeResult) {
  return Object.fromEntries(result.recommendations.map((r) => [r.recommendation.ref.service, r]));
}

beforeAll(async () => {
  tableName = `rightsizing-${randomUUID().slice(0, 8)}`;
  stack = await startStack({
    config: parseConfig({}),
    start: START,
    simulatorEmits: true,
    sharedDynamo: { endpoint: inject("dynamoEndpoint"), tableName },
  });
  const sizes: Record<string, [number, number]> = {
    web: [1024, 4096],
    worker: [512, 1024],
    api: [1024, 4096],
    young: [1024, 4096],
    legacy: [1024, 4096],
  };
  for (const [name, [cpu, memory]] of Object.entries(sizes)) {
    stack.sim.registerTaskDefinition({ family: name, cpu, memory });
    stack.sim.addService({
      cluster: "prod",
      name,
      taskDefinition: `${name}:1`,
      desiredCount: 2,
      initial: "deploying",
      ...(name === "legacy" ? { tags: { "guardrails:right-sizing": "off" } } : {}),
    });
    stack.usage.setProfile({ cluster: "prod", service: name }, PROFILES[name]!);
  }
  // The worker's tasks really run out of memory: the history records the kills of worker:1.
  stack.sim.setFault({ taskDefinition: "worker:1" }, { kind: "out-of-memory", afterSeconds: 150 });
  const scaling = new ApplicationAutoScalingClient({
    endpoint: stack.endpoints.url,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
  });
  await scaling.send(
    new RegisterScalableTargetCommand({
      ServiceNamespace: "ecs",
      ScalableDimension: "ecs:service:DesiredCount",
      ResourceId: "service/prod/api",
      MinCapacity: 2,
      MaxCapacity: 10,
    }),
  );
  await scaling.send(
    new PutScalingPolicyCommand({
      ServiceNamespace: "ecs",
      ScalableDimension: "ecs:service:DesiredCount",
      ResourceId: "service/prod/api",
      PolicyName: "api-cpu-60",
      PolicyType: "TargetTrackingScaling",
      TargetTrackingScalingPolicyConfiguration: {
        TargetValue: 60,
        PredefinedMetricSpecification: { PredefinedMetricType: "ECSServiceAverageCPUUtilization" },
      },
    }),
  );
  scaling.destroy();
  await stack.advance(10 * 60_000);
}, 90_000);

afterAll(async () => {
  await stack?.stop();
});

describe("the scheduled right-sizing run", () => {
  let first: RightSizeResult;

  it("recommends for every service in scope with right-sizing on, and skips the one switched off", async () => {
    first = runOf(await stack.rightSize("run"));

    expect(first.failures).toEqual([]);
    expect(first.services).toBe(4);
    expect(Object.keys(byService(first)).sort()).toEqual(["api", "web", "worker", "young"]);
    expect(first.recommendations.every((r) => r.announced && r.change.includes("first recommendation"))).toBe(true);
  });

  it("finds the over-provisioned service and what it would save", () => {
    const web = byService(first)["web"]!.recommendation;

    expect(web.status).toBe("recommend");
    expect(web.finding).toBe("over-provisioned");
    expect(web.current).toEqual({ cpu: 1024, memory: 4096 });
    expect(web.recommended!.cpu).toBeLessThan(1024);
    expect(web.cost!.savingsMonthly).toBeGreaterThan(0);
    expect(web.evidence.dataPoints.cpu).toBe(14 * 24 * 60);
  });

  it("bumps the OOM-killed revision's memory from the kills in the history", async () => {
    const worker = byService(first)["worker"]!.recommendation;
    const kills = await new DynamoHistoryStore({ client: stack.dynamo.client, tableName }).listDeployments({
      cluster: "prod",
      service: "worker",
    });

    expect(kills[0]?.failures["out-of-memory"]).toBeGreaterThan(0);
    expect(worker.evidence.oomKills).toBe(kills.reduce((n, d) => n + (d.failures["out-of-memory"] ?? 0), 0));
    expect(worker.finding).toBe("under-provisioned");
    // At least the 1 GB limit × 1.2 the kills prove was reached.
    expect(worker.recommended!.memory).toBeGreaterThanOrEqual(1024 * 1.2);
  });

  it("skips the dimension target tracking scales on, with the policy and the reason, and sizes the other", () => {
    const api = byService(first)["api"]!.recommendation;
    const cpu = api.dimensions.find((d) => d.dimension === "cpu")!;

    expect(cpu.status).toBe("skipped");
    expect(cpu.status === "skipped" && cpu.reason).toMatch(
      /target tracking scales the task count on CPU \(api-cpu-60, target 60 %\)/,
    );
    expect(api.recommended!.cpu).toBe(1024);
    expect(api.dimensions.find((d) => d.dimension === "memory")!.status).toBe("sized");
  });

  it("reports insufficient data with how much there is", () => {
    const young = byService(first)["young"]!.recommendation;

    expect(young.status).toBe("insufficient-data");
    // Its data starts 10 h before the stack's start; the run is 10 minutes later: 610 points.
    expect(young.summary).toBe("insufficient data: 10.2 h of data (610 CPU and 610 memory points), 24 h needed");
  });

  it("reads the metrics in the fewest GetMetricData calls the limits allow", () => {
    // 4 services × 4 metrics × 20,160 points: 5 metrics a call → 4 calls.
    expect(first.plans).toEqual([expect.objectContaining({ period: 60, queries: 16, calls: 4, minimumCalls: 4 })]);
    expect(first.metricRequests).toBe(4);
  });

  it("stores each recommendation with its evidence and announces it in the service's timeline", async () => {
    const store = new DynamoRecommendationStore({ client: stack.dynamo.client, tableName });
    const history = new DynamoHistoryStore({ client: stack.dynamo.client, tableName });
    const stored = await store.latest({ cluster: "prod", service: "web" });
    const timeline = await history.timeline({ cluster: "prod", service: "web" });

    expect(stored?.recommendation).toEqual(byService(first)["web"]!.recommendation);
    expect((await store.list({ cluster: "prod" })).map((s) => s.recommendation.ref.service).sort()).toEqual([
      "api",
      "web",
      "worker",
      "young",
    ]);
    expect(timeline.items.filter((e) => e.summary.startsWith("right-sizing"))).toHaveLength(1);
  });

  it("does not announce again what has not changed since the last run", async () => {
    await stack.advance(60_000);
    const again = runOf(await stack.rightSize("run"));
    const timeline = await new DynamoHistoryStore({ client: stack.dynamo.client, tableName }).timeline({
      cluster: "prod",
      service: "web",
    });
    const stored = await new DynamoRecommendationStore({ client: stack.dynamo.client, tableName }).latest({
      cluster: "prod",
      service: "web",
    });

    expect(again.recommendations.filter((r) => r.announced).map((r) => r.recommendation.ref.service)).toEqual([]);
    expect(timeline.items.filter((e) => e.summary.startsWith("right-sizing"))).toHaveLength(1);
    // The evidence is refreshed; the announcement keeps its time.
    expect(stored!.at).not.toBe(stored!.announcedAt);
  });
});

describe("a cluster with Container Insights", () => {
  it("is read from DescribeClusters, and its services' queries add Container Insights' metrics", async () => {
    const { ECSClient } = await import("@aws-sdk/client-ecs");
    const { EcsClusterSettings } = await import("../../../packages/aws/src/ecs/cluster-settings.ts");
    const ecs = new ECSClient({ endpoint: stack.endpoints.url, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
    const settings = new EcsClusterSettings(ecs);
    expect(await settings.withContainerInsights(["prod", "nowhere"])).toEqual(new Set());

    stack.sim.setContainerInsights("prod", "enhanced");
    expect(await settings.withContainerInsights(["prod", "nowhere"])).toEqual(new Set(["prod"]));
    const run = runOf(await stack.rightSize("run"));
    ecs.destroy();
    stack.sim.setContainerInsights("prod", "disabled");

    expect(run.failures).toEqual([]);
    // 4 services × (4 AWS/ECS + 3 Container Insights metrics).
    expect(run.plans).toEqual([expect.objectContaining({ queries: 28 })]);
  });
});

describe("a service whose metrics CloudWatch refuses", () => {
  it("fails alone, with one line in the run's summary naming the error, and the others are sized", async () => {
    stack.usage.setFault({ cluster: "prod", service: "worker" }, "Forbidden");
    const run = runOf(await stack.rightSize("run"));
    stack.usage.setFault({ cluster: "prod", service: "worker" }, undefined);

    expect(run.failures).toEqual([
      {
        cluster: "prod",
        service: "worker",
        error: expect.stringMatching(/^GetMetricData could not read prod\/worker \w+ \w+: Forbidden \(/),
      },
    ]);
    expect(Object.keys(byService(run)).sort()).toEqual(["api", "web", "young"]);
    expect(runSummary(run).failed).toEqual([
      expect.stringMatching(/^prod\/worker: GetMetricData could not read prod\/worker /),
    ]);
  });
});

describe("the weekly digest", () => {
  const digests = () => stack.endpoints.published.filter((m) => m.message.includes("right-sizing.digest"));

  it("sends one message for all services: the risks, the savings and a count of the rest", async () => {
    const result = (await stack.rightSize("digest")) as DigestResult;

    expect(result.status).toBe("sent");
    expect(result.week).toBe("2026-11-16");
    expect(digests()).toHaveLength(1);
    const body = JSON.parse(digests()[0]!.message) as { content: { title: string; description: string } };
    expect(body.content.title).toMatch(/Right-sizing: 1 at risk, \$[\d.]+\/month to save$/);
    expect(body.content.description).toMatch(/prod\/worker: \d+ OOM kills? of worker:1/);
    expect(body.content.description).toMatch(/prod\/web: 1 vCPU \/ 4 GB → /);
    expect(body.content.description).toMatch(/1 with insufficient data/);
  });

  it("sends nothing more when run again the same week", async () => {
    const again = (await stack.rightSize("digest")) as DigestResult;

    expect(again).toEqual({ status: "already-sent", week: "2026-11-16" });
    expect(digests()).toHaveLength(1);
  });
});

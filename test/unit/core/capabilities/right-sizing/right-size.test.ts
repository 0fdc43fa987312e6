import { describe, expect, it } from "vitest";
import { parseConfig } from "@ecs-guardrails/core/config/load";
import type { QueryPlan } from "@ecs-guardrails/core/capabilities/right-sizing/metric-queries";
import type {
  RecommendationStore,
  StoredRecommendation,
  TaskDefinitionView,
  UsageMetricReader,
} from "@ecs-guardrails/core/capabilities/right-sizing/ports";
import type { DeploymentRecord } from "@ecs-guardrails/core/history/model";
import { timedMinutes } from "../../../../support/right-sizing.ts";
import type { ServiceDescription } from "@ecs-guardrails/core/model/description";
import {
  chunkSize,
  rightSizeServices,
  runSummary,
  type RightSizeDeps,
} from "@ecs-guardrails/core/capabilities/right-sizing/right-size";

// The run's batching and isolation with in-memory ports (the end-to-end run against DynamoDB
// Local and the local endpoints is test/integration/rightsizing/run.test.ts).

const NOW = new Date("2026-12-01T00:00:00Z");
const DAY = 86_400_000;

function service(i: number, overrides: Partial<ServiceDescription> = {}): ServiceDescription {
  return {
    cluster: "prod",
    service: `svc-${i}`,
    serviceArn: `arn:aws:ecs:us-east-1:1:service/prod/svc-${i}`,
    status: "ACTIVE",
    desiredCount: 2,
    runningCount: 2,
    pendingCount: 0,
    taskDefinition: `arn:aws:ecs:us-east-1:1:task-definition/svc-${i}:1`,
    launchType: "FARGATE",
    capacityProviderStrategy: [],
    circuitBreaker: undefined,
    deploymentController: "ECS",
    deploymentStrategy: "ROLLING",
    deploymentAlarms: undefined,
    deployments: [],
    tags: {},
    taskSize: undefined,
    ...overrides,
  };
}

type Scripted = {
  definitions?: Record<string, TaskDefinitionView>;
  deployments?: DeploymentRecord[];
  read?: UsageMetricReader["read"];
};

function deps(
  services: ServiceDescription[],
  config = parseConfig({}),
  insights: string[] = [],
  scripted: Scripted = {},
) {
  const plans: QueryPlan[] = [];
  const saved: StoredRecommendation[] = [];
  const store: RecommendationStore = {
    latest: async () => undefined,
    list: async () => saved,
    save: async (s) => void saved.push(s),
    claimDigest: async () => true,
    finishDigest: async () => undefined,
  };
  const definition = (arn: string): TaskDefinitionView | undefined =>
    scripted.definitions?.[arn] ??
    (arn.includes("gone")
      ? undefined
      : { arn, cpu: 1024, memory: 4096, architecture: "x86_64", containers: [{ name: "app" }] });
  const d: RightSizeDeps = {
    config,
    ecs: { listServices: async () => services },
    clusters: { withContainerInsights: async (clusters) => new Set(clusters.filter((c) => insights.includes(c))) },
    taskDefinitions: { taskDefinition: async (arn) => definition(arn) },
    scaling: { scalingPoliciesByService: async () => new Map() },
    metrics: {
      read: async (plan) => (
        plans.push(plan), scripted.read ? scripted.read(plan) : { services: new Map(), requests: plan.calls.length }
      ),
    },
    history: { listDeployments: async () => scripted.deployments ?? [], deploymentFailures: async () => [] },
    recommendations: store,
    clock: { now: () => NOW },
  };
  return { deps: d, plans, saved };
}

const noWait = { take: async () => undefined };

describe("the right-sizing run", () => {
  it("reads 1,000 services × 14 days in the 800 calls the limits allow, 20 services at a time", async () => {
    const { deps: d, plans } = deps(Array.from({ length: 1000 }, (_, i) => service(i)));

    const result = await rightSizeServices(d, { taskDefinitionPacer: noWait });

    // 20,160 points a metric: 5 metrics a call; 4 metrics a service → 4,000 metrics, 800 calls.
    expect(result.plans).toEqual([
      {
        period: 60,
        queries: 4000,
        datapoints: 80_640_000,
        minimumCalls: 800,
        usd: expect.closeTo(0.04, 10),
        calls: 800,
      },
    ]);
    expect(result.metricRequests).toBe(800);
    expect(plans).toHaveLength(50);
    expect(
      plans.every(
        (p) => p.calls.length === 16 && p.calls.every((c) => c.datapoints <= 100_800 && c.queries.length <= 500),
      ),
    ).toBe(true);
    expect(chunkSize({ start: new Date(NOW.getTime() - 14 * DAY), end: NOW }, NOW)).toBe(20);
  });

  it("adds Container Insights' metrics for the services of the clusters that have it, and only those", async () => {
    const services = [
      service(1),
      service(2, { cluster: "insights", serviceArn: "arn:aws:ecs:us-east-1:1:service/insights/svc-2" }),
    ];
    const { deps: d, plans } = deps(services, parseConfig({}), ["insights"]);

    await rightSizeServices(d, { taskDefinitionPacer: noWait });

    const queries = plans.flatMap((p) => p.calls.flatMap((c) => c.queries));
    const insights = queries.filter((q) => q.namespace === "ECS/ContainerInsights");
    expect(insights.length).toBeGreaterThan(0);
    expect(new Set(insights.map((q) => q.ref.cluster))).toEqual(new Set(["insights"]));
    expect(queries.filter((q) => q.namespace === "AWS/ECS")).toHaveLength(8);
  });

  it("reads and records nothing when right-sizing is off", async () => {
    const {
      deps: d,
      plans,
      saved,
    } = deps([service(1)], parseConfig({ policies: { "right-sizing": { mode: "off" } } }));

    const result = await rightSizeServices(d, { taskDefinitionPacer: noWait });

    expect(result).toMatchObject({ services: 0, recommendations: [], failures: [] });
    expect(plans).toEqual([]);
    expect(saved).toEqual([]);
  });

  it("reports a service whose revision cannot be described and sizes the others", async () => {
    const { deps: d, saved } = deps([
      service(1),
      service(2, { taskDefinition: "arn:aws:ecs:us-east-1:1:task-definition/gone:3" }),
    ]);

    const result = await rightSizeServices(d, { taskDefinitionPacer: noWait });

    expect(result.failures).toEqual([
      {
        cluster: "prod",
        service: "svc-2",
        error: "Error: task definition arn:aws:ecs:us-east-1:1:task-definition/gone:3 could not be described",
      },
    ]);
    expect(saved.map((s) => s.recommendation.ref.service)).toEqual(["svc-1"]);
    // No metrics came back: insufficient data, said so.
    expect(saved[0]!.recommendation.status).toBe("insufficient-data");
  });

  it("leaves out services outside the scope", async () => {
    const { deps: d } = deps(
      [service(1), service(2, { cluster: "staging" })],
      parseConfig({ scope: { clusters: ["prod"] } }),
    );

    const result = await rightSizeServices(d, { taskDefinitionPacer: noWait });

    expect(result.recommendations.map((r) => r.recommendation.ref.service)).toEqual(["svc-1"]);
  });

  it("converts each revision's minutes with its own size after a downsize inside the lookback", async () => {
    // 2 vCPU / 8 GB (svc-1:6) for 10 days at CPU 20 %, memory 30 %; 1 vCPU / 4 GB (svc-1:7) for
    // the last 4 at 40 %: CPU 409.6 units throughout, memory peak 2457.6 MiB under svc-1:6.
    const [old, now] = [
      "arn:aws:ecs:us-east-1:1:task-definition/svc-1:6",
      "arn:aws:ecs:us-east-1:1:task-definition/svc-1:7",
    ];
    const start = NOW.getTime() - 14 * DAY;
    const record = (arn: string, at: number): DeploymentRecord => ({
      cluster: "prod",
      service: "svc-1",
      deploymentId: `ecs-svc/${at}`,
      taskDefinitionArn: arn,
      startedAt: new Date(at).toISOString(),
      completedAt: new Date(at + 600_000).toISOString(),
      failedAt: undefined,
      rolledBackAt: undefined,
      rolledBackBy: undefined,
      rollbackOf: undefined,
      rollbackTo: undefined,
      initiatedBy: undefined,
      failures: {},
      failureCount: 0,
      reasons: [],
      outcome: "completed",
    });
    const series = {
      "cpu-max": timedMinutes(start, [14_400, 20], [5_760, 40]),
      "memory-max": timedMinutes(start, [14_400, 30], [5_760, 40]),
    };
    const { deps: d, saved } = deps([service(1, { taskDefinition: now })], parseConfig({}), [], {
      definitions: {
        [old]: { arn: old, cpu: 2048, memory: 8192, architecture: "x86_64", containers: [{ name: "app" }] },
      },
      deployments: [record(now, start + 10 * DAY), record(old, start - 20 * DAY)],
      read: async (plan) => ({ services: new Map([["prod/svc-1", { series }]]), requests: plan.calls.length }),
    });

    const result = await rightSizeServices(d, { taskDefinitionPacer: noWait });

    expect(result.failures).toEqual([]);
    const r = saved[0]!.recommendation;
    expect(r.evidence.memory?.max).toBeCloseTo(2457.6, 6);
    // 2457.6 × 1.15 = 2826 MiB, CPU 409.6 × 1.15 = 471 units → 0.5 vCPU / 3 GB (not 2 GB).
    expect(r.recommended).toEqual({ cpu: 512, memory: 3072 });
    // The 10 minutes of the rollout, when tasks of both ran, are left out.
    expect(r.evidence.sources).toEqual([
      "AWS/ECS utilization × each revision's own size: svc-1:6 (2 vCPU / 8 GB) 240 h, svc-1:7 (1 vCPU / 4 GB) 95.8 h",
      "10 point(s) left out: no one revision's size known at their time (a rollout, or a revision ECS no longer describes)",
    ]);
  });

  it("fails only the services whose metrics could not be read, each with the error, and sizes the others", async () => {
    const start = NOW.getTime() - 14 * DAY;
    const series = { "cpu-max": timedMinutes(start, [2880, 20]), "memory-max": timedMinutes(start, [2880, 25]) };
    const { deps: d, saved } = deps([service(1), service(2), service(3)], parseConfig({}), [], {
      read: async (plan) => ({
        services: new Map([
          ["prod/svc-1", { series }],
          [
            "prod/svc-2",
            {
              series: {},
              error: "GetMetricData could not read prod/svc-2 MemoryUtilization Maximum: Forbidden (not authorized)",
            },
          ],
          ["prod/svc-3", { series }],
        ]),
        requests: plan.calls.length,
      }),
    });

    const result = await rightSizeServices(d, { taskDefinitionPacer: noWait });

    expect(result.failures).toEqual([
      {
        cluster: "prod",
        service: "svc-2",
        error: "GetMetricData could not read prod/svc-2 MemoryUtilization Maximum: Forbidden (not authorized)",
      },
    ]);
    expect(saved.map((s) => s.recommendation.ref.service).sort()).toEqual(["svc-1", "svc-3"]);
    expect(saved.every((s) => s.recommendation.status === "recommend")).toBe(true);
    expect(runSummary(result).failed).toEqual([
      "prod/svc-2: GetMetricData could not read prod/svc-2 MemoryUtilization Maximum: Forbidden (not authorized)",
    ]);
  });
});

import { describe, expect, it } from "vitest";
import { parseConfig } from "@ecs-guardrails/core/config/load";
import type { QueryPlan } from "@ecs-guardrails/core/policies/right-sizing/metric-queries";
import type { RecommendationStore, StoredRecommendation, TaskDefinitionView } from "@ecs-guardrails/core/policies/right-sizing/ports";
import type { ServiceDescription } from "@ecs-guardrails/core/policies/types";
import { chunkSize, rightSizeServices, type RightSizeDeps } from "@ecs-guardrails/core/usecases/right-size";

// The run's batching and isolation with in-memory ports (the end-to-end run against DynamoDB
// Local and the local endpoints is test/integration/rightsizing/run.test.ts).

const NOW = new Date("2026-12-01T00:00:00Z");
const DAY = 86_400_000;

function service(i: number, overrides: Partial<ServiceDescription> = {}): ServiceDescription {
  return {
    cluster: "prod", service: `svc-${i}`, serviceArn: `arn:aws:ecs:us-east-1:1:service/prod/svc-${i}`, status: "ACTIVE", desiredCount: 2, runningCount: 2, pendingCount: 0,
    taskDefinition: `arn:aws:ecs:us-east-1:1:task-definition/svc-${i}:1`, launchType: "FARGATE", capacityProviderStrategy: [], circuitBreaker: undefined, deploymentController: "ECS",
    deploymentStrategy: "ROLLING", deploymentAlarms: undefined, deployments: [], tags: {}, taskSize: undefined, ...overrides,
  };
}

function deps(services: ServiceDescription[], config = parseConfig({}), insights: string[] = []) {
  const plans: QueryPlan[] = [];
  const saved: StoredRecommendation[] = [];
  const store: RecommendationStore = { latest: async () => undefined, list: async () => saved, save: async (s) => void saved.push(s), claimDigest: async () => true, finishDigest: async () => undefined };
  const definition = (arn: string): TaskDefinitionView | undefined => (arn.includes("gone") ? undefined : { arn, cpu: 1024, memory: 4096, architecture: "x86_64", containers: [{ name: "app" }] });
  const d: RightSizeDeps = {
    config,
    ecs: { listServices: async () => services },
    clusters: { withContainerInsights: async (clusters) => new Set(clusters.filter((c) => insights.includes(c))) },
    taskDefinitions: { taskDefinition: async (arn) => definition(arn) },
    scaling: { scalingPoliciesByService: async () => new Map() },
    metrics: { read: async (plan) => (plans.push(plan), { services: new Map(), requests: plan.calls.length }) },
    history: { listDeployments: async () => [], deploymentFailures: async () => [] },
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
    expect(result.plans).toEqual([{ period: 60, queries: 4000, datapoints: 80_640_000, minimumCalls: 800, usd: expect.closeTo(0.04, 10), calls: 800 }]);
    expect(result.metricRequests).toBe(800);
    expect(plans).toHaveLength(50);
    expect(plans.every((p) => p.calls.length === 16 && p.calls.every((c) => c.datapoints <= 100_800 && c.queries.length <= 500))).toBe(true);
    expect(chunkSize({ start: new Date(NOW.getTime() - 14 * DAY), end: NOW }, NOW)).toBe(20);
  });

  it("adds Container Insights' metrics for the services of the clusters that have it, and only those", async () => {
    const services = [service(1), service(2, { cluster: "insights", serviceArn: "arn:aws:ecs:us-east-1:1:service/insights/svc-2" })];
    const { deps: d, plans } = deps(services, parseConfig({}), ["insights"]);

    await rightSizeServices(d, { taskDefinitionPacer: noWait });

    const queries = plans.flatMap((p) => p.calls.flatMap((c) => c.queries));
    const insights = queries.filter((q) => q.namespace === "ECS/ContainerInsights");
    expect(insights.length).toBeGreaterThan(0);
    expect(new Set(insights.map((q) => q.ref.cluster))).toEqual(new Set(["insights"]));
    expect(queries.filter((q) => q.namespace === "AWS/ECS")).toHaveLength(8);
  });

  it("reads and records nothing when right-sizing is off", async () => {
    const { deps: d, plans, saved } = deps([service(1)], parseConfig({ policies: { "right-sizing": { mode: "off" } } }));

    const result = await rightSizeServices(d, { taskDefinitionPacer: noWait });

    expect(result).toMatchObject({ services: 0, recommendations: [], failures: [] });
    expect(plans).toEqual([]);
    expect(saved).toEqual([]);
  });

  it("reports a service whose revision cannot be described and sizes the others", async () => {
    const { deps: d, saved } = deps([service(1), service(2, { taskDefinition: "arn:aws:ecs:us-east-1:1:task-definition/gone:3" })]);

    const result = await rightSizeServices(d, { taskDefinitionPacer: noWait });

    expect(result.failures).toEqual([{ cluster: "prod", service: "svc-2", error: "Error: task definition arn:aws:ecs:us-east-1:1:task-definition/gone:3 could not be described" }]);
    expect(saved.map((s) => s.recommendation.ref.service)).toEqual(["svc-1"]);
    // No metrics came back: insufficient data, said so.
    expect(saved[0]!.recommendation.status).toBe("insufficient-data");
  });

  it("leaves out services outside the scope", async () => {
    const { deps: d } = deps([service(1), service(2, { cluster: "staging" })], parseConfig({ scope: { clusters: ["prod"] } }));

    const result = await rightSizeServices(d, { taskDefinitionPacer: noWait });

    expect(result.recommendations.map((r) => r.recommendation.ref.service)).toEqual(["svc-1"]);
  });
});

import {
  ApplicationAutoScalingClient,
  PutScalingPolicyCommand,
  RegisterScalableTargetCommand,
} from "@aws-sdk/client-application-auto-scaling";
import { DescribeServicesCommand, ECSClient } from "@aws-sdk/client-ecs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppAutoScalingTargets } from "../../../../packages/aws/src/autoscaling/scalable-targets.ts";
import { parseConfig } from "../../../../packages/core/src/config/load.ts";
import type { ReconcileResult } from "../../../../packages/core/src/engine/reconcile.ts";
import { startStack, type LocalStack } from "../../../../packages/cli/src/runtime/stack.ts";

// Scheduled scaling end to end in the local runtime: the reconcile function's own code and
// clients, DynamoDB Local, the simulated ECS and Application Auto Scaling behind the local
// endpoints, read back here through real SDK clients. A night window (20:00–07:00
// Europe/Berlin, 1 task) applies to prod/* by an override and to tagged/batch by its tag.
//  - prod/web has a scalable target with target tracking: min/max move, never desiredCount;
//  - prod/api has none: its desired count moves;
//  - prod/deploying is in a deployment when the window starts: it waits out the bake;
//  - watch/observed is in observe mode: its decisions are recorded, nothing changes.

const START = Date.parse("2026-03-02T18:30:00Z"); // Monday, 19:30 in Berlin (CET, UTC+1)
const WINDOW_START = Date.parse("2026-03-02T19:00:00Z");
const WINDOW_END = Date.parse("2026-03-03T06:00:00Z");
const SUSPENDED = {
  DynamicScalingInSuspended: false,
  DynamicScalingOutSuspended: false,
  ScheduledScalingSuspended: true,
};
const target = (cluster: string, service: string) => ({
  ServiceNamespace: "ecs" as const,
  ScalableDimension: "ecs:service:DesiredCount" as const,
  ResourceId: `service/${cluster}/${service}`,
});

let stack: LocalStack;
let ecs: ECSClient;
let aas: ApplicationAutoScalingClient;
let targets: AppAutoScalingTargets;

beforeAll(async () => {
  const config = parseConfig({
    policies: {
      "scheduled-scaling": {
        mode: "enforce",
        schedules: {
          nights: {
            windows: [
              {
                name: "night",
                timezone: "Europe/Berlin",
                days: ["mon-sun"],
                from: "20:00",
                to: "07:00",
                desiredCount: 1,
              },
            ],
          },
        },
      },
    },
    overrides: [
      { cluster: "prod", service: "*", policies: { "scheduled-scaling": { schedule: "nights" } } },
      { cluster: "watch", service: "*", policies: { "scheduled-scaling": { mode: "observe", schedule: "nights" } } },
    ],
  });
  stack = await startStack({ config, start: START, simulatorEmits: true });
  const client = {
    endpoint: stack.endpoints.url,
    region: "us-east-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
    maxAttempts: 1,
  };
  ecs = new ECSClient(client);
  aas = new ApplicationAutoScalingClient(client);
  targets = new AppAutoScalingTargets(aas);
  for (const family of ["web", "api", "deploying", "batch", "other", "observed"]) {
    stack.sim.registerTaskDefinition({ family, cpu: 256, memory: 512 });
    stack.sim.registerTaskDefinition({ family, cpu: 256, memory: 512 });
  }
  stack.sim.addService({ cluster: "prod", name: "web", taskDefinition: "web:1", desiredCount: 4 });
  stack.sim.addService({ cluster: "prod", name: "api", taskDefinition: "api:1", desiredCount: 3 });
  stack.sim.addService({ cluster: "prod", name: "deploying", taskDefinition: "deploying:1", desiredCount: 3 });
  stack.sim.addService({
    cluster: "tagged",
    name: "batch",
    taskDefinition: "batch:1",
    desiredCount: 2,
    tags: { "guardrails:scheduled-scaling:schedule": "nights" },
  });
  stack.sim.addService({ cluster: "tagged", name: "other", taskDefinition: "other:1", desiredCount: 2 });
  stack.sim.addService({ cluster: "watch", name: "observed", taskDefinition: "observed:1", desiredCount: 3 });
  await aas.send(
    new RegisterScalableTargetCommand({
      ...target("prod", "web"),
      MinCapacity: 2,
      MaxCapacity: 10,
      SuspendedState: SUSPENDED,
    }),
  );
  await aas.send(
    new PutScalingPolicyCommand({
      ...target("prod", "web"),
      PolicyName: "cpu50",
      PolicyType: "TargetTrackingScaling",
      TargetTrackingScalingPolicyConfiguration: {
        TargetValue: 50,
        PredefinedMetricSpecification: { PredefinedMetricType: "ECSServiceAverageCPUUtilization" },
      },
    }),
  );
  // A release of prod/deploying ten minutes before the window.
  stack.sim.at(
    WINDOW_START - 10 * 60_000,
    () => void stack.sim.updateService({ cluster: "prod", service: "deploying", taskDefinition: "deploying:2" }),
  );
}, 60_000);

afterAll(async () => {
  ecs?.destroy();
  aas?.destroy();
  await stack?.stop();
});

async function advanceTo(t: number): Promise<void> {
  await stack.advance(t - stack.clock.now(), 60_000);
}

async function desired(cluster: string, service: string): Promise<number | undefined> {
  return (await ecs.send(new DescribeServicesCommand({ cluster, services: [service] }))).services?.[0]?.desiredCount;
}

const scalableTarget = async () => (await targets.describe([{ cluster: "prod", service: "web" }])).get("prod/web");
const acted = (r: ReconcileResult) =>
  r.results
    .filter((x) => !x.duplicate && x.record.verdict === "acted")
    .map((x) => `${x.ref.cluster}/${x.ref.service}`)
    .sort();

describe("scheduled scaling in the local runtime", () => {
  it("does nothing before the window", async () => {
    await advanceTo(WINDOW_START - 60_000);
    expect(acted(await stack.reconcile())).toEqual([]);
    expect(await desired("prod", "api")).toBe(3);
  });

  it("scales each scheduled service down when the night starts: min/max on the scalable target, the desired count without one, the tag's schedule too", async () => {
    await advanceTo(WINDOW_START + 60_000);
    const result = await stack.reconcile();

    expect(acted(result)).toEqual(["prod/api", "prod/web", "tagged/batch"]);
    const waiting = result.results.find((x) => x.ref.service === "deploying")!;
    expect(waiting.decision.key).toMatch(/^scheduled-scaling#deferred#start#/);
    expect(waiting.decision.reason).toMatch(/a deployment is (in progress|in its bake window)/);
    const web = result.results.find((x) => x.ref.service === "web")!;
    expect(web.decision.action).toEqual({ type: "scale", minCapacity: 1, maxCapacity: 1 });
    expect(await scalableTarget()).toEqual({
      minCapacity: 1,
      maxCapacity: 1,
      suspended: {
        dynamicScalingInSuspended: false,
        dynamicScalingOutSuspended: false,
        scheduledScalingSuspended: true,
      },
    });
    // Application Auto Scaling moved the desired count into the new range, as AWS does.
    expect(await desired("prod", "web")).toBe(1);
    expect(await desired("prod", "api")).toBe(1);
    expect(await desired("tagged", "batch")).toBe(1);
    expect(await desired("tagged", "other")).toBe(2);
    // Observe mode records what it would do, under its own key, and changes nothing.
    const observed = result.results.find((x) => x.ref.service === "observed")!;
    expect([observed.record.verdict, observed.record.key]).toEqual([
      "observed",
      expect.stringMatching(/^scheduled-scaling#start#.*#observe@observe$/),
    ]);
    expect(await desired("watch", "observed")).toBe(3);
  });

  it("holds back the scale-in of a service whose deployment is in progress or baking, once announced", async () => {
    const deferred = (await stack.reconcile()).results.filter((x) => !x.duplicate);
    expect(deferred).toEqual([]);
    expect(await desired("prod", "deploying")).toBe(3);
  });

  it("changes nothing on a repeated tick, and target tracking stays inside the window's range", async () => {
    stack.autoScaling.setDemand("prod", "web", 6);
    stack.autoScaling.evaluateTargetTracking();
    expect(await desired("prod", "web")).toBe(1);
    const again = await stack.reconcile();
    expect(acted(again)).toEqual([]);
    expect(again.failures).toEqual([]);
  });

  it("scales the deployed service in once its bake window is over", async () => {
    // The release completes within minutes; auto-rollback's bake is 10 minutes after that.
    await advanceTo(WINDOW_START + 40 * 60_000);
    const result = await stack.reconcile();
    expect(acted(result)).toEqual(["prod/deploying"]);
    expect(await desired("prod", "deploying")).toBe(1);
  });

  it("puts back exactly the saved values in the morning", async () => {
    await advanceTo(WINDOW_END + 60_000);
    const result = await stack.reconcile();

    expect(acted(result)).toEqual(["prod/api", "prod/deploying", "prod/web", "tagged/batch"]);
    expect(result.results.find((x) => x.ref.service === "web")!.decision.action).toEqual({
      type: "scale",
      minCapacity: 2,
      maxCapacity: 10,
      suspendedState: {
        dynamicScalingInSuspended: false,
        dynamicScalingOutSuspended: false,
        scheduledScalingSuspended: true,
      },
    });
    expect(await scalableTarget()).toEqual({
      minCapacity: 2,
      maxCapacity: 10,
      suspended: {
        dynamicScalingInSuspended: false,
        dynamicScalingOutSuspended: false,
        scheduledScalingSuspended: true,
      },
    });
    // The desired count is the scaler's again: moved into the range, then target tracking's.
    expect(await desired("prod", "web")).toBe(2);
    expect(await desired("prod", "api")).toBe(3);
    expect(await desired("prod", "deploying")).toBe(3);
    expect(await desired("tagged", "batch")).toBe(2);
    expect(acted(await stack.reconcile())).toEqual([]);
  });
});

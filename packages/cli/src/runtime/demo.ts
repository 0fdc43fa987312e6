import type { ConfigInput } from "@ecs-guardrails/core/config/schema";
import type { LocalStack } from "./stack.ts";
import { setUpPipelineDemo } from "./pipeline-demo.ts";
import { setUpStories, storyOverrides } from "./demo-stories.ts";

// The built-in demo, three deployments:
// - demo/api: a healthy revision that completes;
// - demo/web: a revision whose image cannot be pulled (its tasks never reach RUNNING, which
//   ECS's circuit breaker counts), rolled out 3 tasks at a time. The breaker needs 5 failures at
//   desired count 10; the guardrails roll back at the 3rd;
// - demo/worker: a revision that crashes 2.5 min after start, once ECS has called the
//   deployment complete — the circuit breaker's blind spot; the guardrails, still inside the
//   bake window, roll it back;
// - demo/batch: scheduled scaling's night window scales it down and puts it back;
// - demo/queue, demo/checkout, demo/cart: Spot fallback and return, an alarm rollback and the
//   lifecycle hook (demo-stories.ts).
// Then demo/shop is released twice through the local CodePipeline (pipeline-demo.ts).

export const DEMO_CLUSTER = "demo";

/** The demo cluster runs with auto-rollback enforced; everything else keeps its configuration. */
export const demoOverride: NonNullable<ConfigInput["overrides"]>[number] = {
  cluster: DEMO_CLUSTER,
  service: "*",
  policies: { "auto-rollback": { mode: "enforce" } },
};

export const DEMO_DURATION_MS = 22 * 60_000;

/** Every override the demo adds to the configuration, for a demo starting at `startedAt`. */
export function demoOverrides(startedAt: number): NonNullable<ConfigInput["overrides"]> {
  return [demoOverride, demoScheduleOverride(startedAt), ...storyOverrides(DEMO_CLUSTER)];
}

/**
 * demo/batch's "night": a scheduled-scaling window from 14 to 20 simulated minutes into the
 * demo (a night shrunk to fit it), enforced. The reconcile at minute 15 pins its scalable
 * target to 1/1 (Application Auto Scaling moves the desired count to 1); the one at minute 20
 * puts back the saved min/max, which moves the desired count back to 4.
 */
export function demoScheduleOverride(startedAt: number): NonNullable<ConfigInput["overrides"]>[number] {
  const cron = (offsetMinutes: number) => {
    const t = new Date(startedAt + offsetMinutes * 60_000);
    return `${t.getUTCMinutes()} ${t.getUTCHours()} ${t.getUTCDate()} ${t.getUTCMonth() + 1} *`;
  };
  const night = { name: "night", timezone: "UTC", start: cron(14), end: cron(20), desiredCount: 1 };
  return {
    cluster: DEMO_CLUSTER,
    service: "batch",
    policies: { "scheduled-scaling": { mode: "enforce", windows: [night] } },
  };
}

export function setUpDemo(stack: LocalStack): void {
  const { sim } = stack;
  for (const family of ["api", "web", "worker"]) {
    sim.registerTaskDefinition({ family, cpu: 512, memory: 1024 });
    sim.registerTaskDefinition({ family, cpu: 512, memory: 1024 });
  }
  sim.setFault({ taskDefinition: "web:2" }, { kind: "image-pull" });
  sim.setFault({ taskDefinition: "worker:2" }, { kind: "out-of-memory", afterSeconds: 150 });
  const breaker = { deploymentCircuitBreaker: { enable: true, rollback: true } };
  // "deploying": each service's first revision rolls out while the guardrails watch, so the
  // history knows a known-good revision to return to.
  const initial = "deploying" as const;
  sim.addService({
    cluster: DEMO_CLUSTER,
    name: "api",
    taskDefinition: "api:1",
    desiredCount: 2,
    deploymentConfiguration: breaker,
    initial,
  });
  sim.addService({
    cluster: DEMO_CLUSTER,
    name: "web",
    taskDefinition: "web:1",
    desiredCount: 10,
    deploymentConfiguration: { ...breaker, minimumHealthyPercent: 100, maximumPercent: 130 },
    initial,
  });
  sim.addService({
    cluster: DEMO_CLUSTER,
    name: "worker",
    taskDefinition: "worker:1",
    desiredCount: 4,
    deploymentConfiguration: breaker,
    initial,
  });
  // demo/batch: 4 tasks under Application Auto Scaling (min 4, max 8), and a night window (demoScheduleOverride).
  sim.registerTaskDefinition({ family: "batch", cpu: 512, memory: 1024 });
  sim.addService({ cluster: DEMO_CLUSTER, name: "batch", taskDefinition: "batch:1", desiredCount: 4 });
  stack.autoScaling.registerScalableTarget({
    ServiceNamespace: "ecs",
    ScalableDimension: "ecs:service:DesiredCount",
    ResourceId: `service/${DEMO_CLUSTER}/batch`,
    MinCapacity: 4,
    MaxCapacity: 8,
  });
  setUpPipelineDemo(stack, DEMO_CLUSTER);
  setUpStories(stack, DEMO_CLUSTER);
  const start = sim.now();
  // Three deployments, as a CI system would start them.
  sim.at(
    start + 4 * 60_000,
    () => void sim.updateService({ cluster: DEMO_CLUSTER, service: "api", taskDefinition: "api:2" }),
  );
  sim.at(
    start + 7 * 60_000,
    () => void sim.updateService({ cluster: DEMO_CLUSTER, service: "web", taskDefinition: "web:2" }),
  );
  sim.at(
    start + 12 * 60_000,
    () => void sim.updateService({ cluster: DEMO_CLUSTER, service: "worker", taskDefinition: "worker:2" }),
  );
}

import type { ConfigInput } from "@ecs-guardrails/core/config/schema";
import type { LocalStack } from "./stack.ts";

// The built-in demo: a healthy deployment that completes, then a bad one whose tasks start and
// crash — ECS's circuit breaker would need 5 failures at desired count 10 (and misses crashes
// after start); the guardrails roll back at the third.

export const DEMO_CLUSTER = "demo";

/** The demo cluster runs with auto-rollback enforced; everything else keeps its configuration. */
export const demoOverride: NonNullable<ConfigInput["overrides"]>[number] = {
  cluster: DEMO_CLUSTER,
  service: "*",
  policies: { "auto-rollback": { mode: "enforce" } },
};

export const DEMO_DURATION_MS = 20 * 60_000;

export function setUpDemo(stack: LocalStack): void {
  const { sim } = stack;
  sim.registerTaskDefinition({ family: "web", cpu: 512, memory: 1024 });
  sim.registerTaskDefinition({ family: "web", cpu: 512, memory: 1024 });
  sim.registerTaskDefinition({ family: "api" });
  sim.registerTaskDefinition({ family: "api" });
  sim.setFault({ taskDefinition: "web:2" }, { kind: "crash", afterSeconds: 20, exitCode: 1 });
  sim.addService({ cluster: DEMO_CLUSTER, name: "web", taskDefinition: "web:1", desiredCount: 10, deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: true } } });
  sim.addService({ cluster: DEMO_CLUSTER, name: "api", taskDefinition: "api:1", desiredCount: 2 });
  const start = sim.now();
  // Two deployments, as a CI system would start them.
  sim.at(start + 30_000, () => void sim.updateService({ cluster: DEMO_CLUSTER, service: "api", taskDefinition: "api:2" }));
  sim.at(start + 6 * 60_000, () => void sim.updateService({ cluster: DEMO_CLUSTER, service: "web", taskDefinition: "web:2" }));
}

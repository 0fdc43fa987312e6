import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "../../../../packages/core/src/config/load.ts";
import { startStack, type LocalStack } from "../../../../packages/cli/src/runtime/stack.ts";

// The local runtime end to end: the simulated ECS loses Fargate Spot capacity, the guardrails
// move the service to on-demand Fargate, and back once Spot returns and the cool-down passes.

const START = Date.parse("2026-11-20T10:00:00Z");
const minutes = (m: number) => m * 60_000;
let stack: LocalStack;
const decisions: string[] = [];

function providers(): Record<string, number> {
  const { taskArns = [] } = stack.sim.listTasks({
    cluster: "batch",
    serviceName: "queue",
    desiredStatus: "RUNNING",
  }) as { taskArns?: string[] };
  const { tasks = [] } = stack.sim.describeTasks({ cluster: "batch", tasks: taskArns }) as {
    tasks?: { capacityProviderName?: string; lastStatus?: string }[];
  };
  const counts: Record<string, number> = {};
  for (const t of tasks.filter((t) => t.lastStatus === "RUNNING"))
    counts[t.capacityProviderName ?? "?"] = (counts[t.capacityProviderName ?? "?"] ?? 0) + 1;
  return counts;
}

beforeAll(async () => {
  const config = parseConfig({ policies: { "spot-fallback": { mode: "enforce" } } });
  stack = await startStack({
    config,
    start: START,
    simulatorEmits: true,
    scheduleReconcile: true,
    onResult: (r) =>
      r.results
        .filter((d) => !d.duplicate)
        .forEach((d) => decisions.push(`${d.decision.policy}:${d.decision.action?.type}:${d.record.verdict}`)),
    onReconcile: (r) =>
      r.results
        .filter((d) => !d.duplicate)
        .forEach((d) => decisions.push(`${d.decision.policy}:${d.decision.action?.type}:${d.record.verdict}`)),
  });
  stack.sim.registerTaskDefinition({ family: "queue", cpu: 1024, memory: 2048 });
  stack.sim.addService({
    cluster: "batch",
    name: "queue",
    taskDefinition: "queue:1",
    desiredCount: 4,
    capacityProviderStrategy: [{ capacityProvider: "FARGATE_SPOT", weight: 1 }],
    initial: "deploying",
  });
  stack.sim.addSpotOutage({ start: START + minutes(10), end: START + minutes(40), interruptRunning: true });
}, 60_000);

afterAll(async () => {
  await stack?.stop();
});

describe("Spot fallback in the simulated cluster", () => {
  it("starts on Fargate Spot", async () => {
    await stack.advance(minutes(9));
    expect(providers()).toEqual({ FARGATE_SPOT: 4 });
  });

  it("moves the service's tasks to on-demand Fargate when Spot capacity is gone", async () => {
    await stack.advance(minutes(16));
    expect(decisions).toEqual(["spot-fallback:capacity-fallback:acted"]);
    expect(providers()).toEqual({ FARGATE: 4 });
  });

  it("moves them back to Fargate Spot after the outage and the cool-down", async () => {
    await stack.advance(minutes(45));
    expect(decisions).toEqual(["spot-fallback:capacity-fallback:acted", "spot-fallback:capacity-restore:acted"]);
    expect(providers()).toEqual({ FARGATE_SPOT: 4 });
  });
});

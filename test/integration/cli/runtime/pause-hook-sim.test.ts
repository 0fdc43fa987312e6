import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "../../../../packages/core/src/config/load.ts";
import { startStack, type LocalStack } from "../../../../packages/cli/src/runtime/stack.ts";

// The local runtime end to end: the simulated ECS pauses web's deployment at a PAUSE hook, emits
// HOOK_AWAITING_ACTION, and the guardrails (pause-hook in enforce, no bake) answer CONTINUE
// through ContinueServiceDeployment; the deployment then goes on.

const START = Date.parse("2026-11-20T10:00:00Z");
const minutes = (m: number) => m * 60_000;
let stack: LocalStack;
const decisions: string[] = [];
const record = (r: {
  results: {
    duplicate: boolean;
    decision: { policy: string; action?: { type: string } };
    record: { verdict: string };
  }[];
}) =>
  r.results
    .filter((d) => !d.duplicate)
    .forEach((d) => decisions.push(`${d.decision.policy}:${d.decision.action?.type ?? "notice"}:${d.record.verdict}`));

beforeAll(async () => {
  const config = parseConfig({ policies: { "pause-hook": { mode: "enforce", bakeMinutes: 0 } } });
  stack = await startStack({
    config,
    start: START,
    simulatorEmits: true,
    scheduleReconcile: true,
    onResult: record,
    onReconcile: record,
  });
  stack.sim.registerTaskDefinition({ family: "web", cpu: 256, memory: 512 });
  stack.sim.registerTaskDefinition({ family: "web", cpu: 256, memory: 512 });
  stack.sim.addService({ cluster: "prod", name: "web", taskDefinition: "web:1", desiredCount: 2 });
}, 60_000);

afterAll(async () => {
  await stack?.stop();
});

describe("a pause hook in the simulated cluster", () => {
  it("answers a clean revision's pause CONTINUE, once, and the deployment completes", async () => {
    await stack.advance(minutes(5));
    stack.sim.updateService({
      cluster: "prod",
      service: "web",
      taskDefinition: "web:2",
      deploymentConfiguration: {
        lifecycleHooks: [
          { targetType: "PAUSE", lifecycleStages: ["POST_SCALE_UP"], timeoutConfiguration: { timeoutInMinutes: 60 } },
        ],
      },
    });
    await stack.advance(minutes(10));

    expect(decisions.filter((d) => d.startsWith("pause-hook"))).toEqual([
      "pause-hook:notice:noted",
      "pause-hook:pause-hook-answer:acted",
    ]);
    const { services = [] } = stack.sim.describeServices({ cluster: "prod", services: ["web"] }) as {
      services?: { deployments?: { status?: string; rolloutState?: string; taskDefinition?: string }[] }[];
    };
    const primary = services[0]?.deployments?.find((d) => d.status === "PRIMARY");
    expect(primary).toMatchObject({ rolloutState: "COMPLETED", taskDefinition: expect.stringContaining("web:2") });
  });
});

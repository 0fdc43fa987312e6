import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "../../../../packages/core/src/config/load.ts";
import { startStack, type LocalStack } from "../../../../packages/cli/src/runtime/stack.ts";
import { alarmStateChange } from "../../../../packages/sim/src/events/builders.ts";

// The local runtime end to end: the simulated ECS pauses a deployment at a PAUSE hook and emits
// HOOK_AWAITING_ACTION; the guardrails (pause-hook in enforce) answer through
// ContinueServiceDeployment: CONTINUE for web's clean revision (no bake), ROLLBACK for api's
// once its mapped alarm goes off during the bake, and nothing for jobs, whose 30-minute bake outlasts the
// hook's 10-minute timeout: it is left to ECS's timeout action (ROLLBACK), and told.

const START = Date.parse("2026-11-20T10:00:00Z");
const minutes = (m: number) => m * 60_000;
let stack: LocalStack;
const decisions: string[] = [];
type Results = {
  results: {
    duplicate: boolean;
    ref: { service: string };
    decision: { policy: string; key: string; action?: { type: string; answer?: unknown } };
    record: { verdict: string };
  }[];
};
/** "<service> <paused|answer|timeout> <answer|-> <verdict>" for each pause-hook decision. */
const record = (r: Results) =>
  r.results
    .filter((d) => !d.duplicate && d.decision.policy === "pause-hook")
    .forEach((d) =>
      decisions.push(
        `${d.ref.service} ${d.decision.key.split("#").slice(2).join("#") || "answer"} ${String(d.decision.action?.answer ?? "-")} ${d.record.verdict}`,
      ),
    );

beforeAll(async () => {
  const config = parseConfig({
    policies: { "pause-hook": { mode: "enforce", bakeMinutes: 0 } },
    overrides: [
      {
        cluster: "prod",
        service: "api",
        policies: { "pause-hook": { bakeMinutes: 5 }, "auto-rollback": { alarms: ["api-5xx"] } },
      },
      { cluster: "prod", service: "jobs", policies: { "pause-hook": { bakeMinutes: 30 } } },
    ],
  });
  stack = await startStack({
    config,
    start: START,
    simulatorEmits: true,
    scheduleReconcile: true,
    onResult: record,
    onReconcile: record,
  });
  for (const name of ["web", "api", "jobs"]) {
    stack.sim.registerTaskDefinition({ family: name, cpu: 256, memory: 512 });
    stack.sim.registerTaskDefinition({ family: name, cpu: 256, memory: 512 });
    stack.sim.addService({ cluster: "prod", name, taskDefinition: `${name}:1`, desiredCount: 2 });
  }
}, 60_000);

afterAll(async () => {
  await stack?.stop();
});

const deploy = (service: string, timeoutInMinutes: number) =>
  stack.sim.updateService({
    cluster: "prod",
    service,
    taskDefinition: `${service}:2`,
    deploymentConfiguration: {
      lifecycleHooks: [
        { targetType: "PAUSE", lifecycleStages: ["POST_SCALE_UP"], timeoutConfiguration: { timeoutInMinutes } },
      ],
    },
  });

function primary(service: string) {
  const { services = [] } = stack.sim.describeServices({ cluster: "prod", services: [service] }) as {
    services?: { deployments?: { status?: string; rolloutState?: string; taskDefinition?: string }[] }[];
  };
  return services[0]?.deployments?.find((d) => d.status === "PRIMARY");
}

describe("pause hooks in the simulated cluster", () => {
  it("answers CONTINUE, ROLLBACK, or leaves the hook to its timeout, once each", async () => {
    await stack.advance(minutes(5));
    deploy("web", 60);
    deploy("api", 60);
    deploy("jobs", 10);
    await stack.advance(minutes(3));
    // api's mapped alarm goes off while it is paused (baking): the answer is ROLLBACK at once.
    await stack.deliver(
      alarmStateChange({ alarmName: "api-5xx", state: "ALARM", time: new Date(stack.clock.now()).toISOString() }),
    );
    await stack.advance(minutes(22));

    expect(decisions.filter((d) => d.startsWith("web "))).toEqual(["web paused - noted", "web answer CONTINUE acted"]);
    expect(decisions.filter((d) => d.startsWith("api "))).toEqual(["api paused - noted", "api answer ROLLBACK acted"]);
    expect(decisions.filter((d) => d.startsWith("jobs "))).toEqual(["jobs paused - noted", "jobs timeout - noted"]);
    expect(primary("web")).toMatchObject({
      rolloutState: "COMPLETED",
      taskDefinition: expect.stringContaining("web:2"),
    });
    expect(primary("api")?.taskDefinition).toContain("api:1");
    expect(primary("jobs")?.taskDefinition).toContain("jobs:1");
  });
});

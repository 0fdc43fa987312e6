import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { parseConfig } from "../../../packages/core/src/config/load.ts";
import type { ReconcileResult } from "../../../packages/core/src/engine/reconcile.ts";
import { startStack, type LocalStack } from "../../../packages/cli/src/runtime/stack.ts";

// Scheduled scaling behind a hub: the reconcile's tick applies a member's window through the
// member's own Application Auto Scaling, as the member role, and never touches home's target
// of the same name (issue 23). The local runtime's functions, DynamoDB Local, and one
// simulated ECS and Application Auto Scaling per account behind the local endpoints.

const MEMBER = "444455556666";
const START = Date.parse("2026-03-02T18:30:00Z"); // Monday, 19:30 in Berlin
const WINDOW_START = Date.parse("2026-03-02T19:00:00Z");
const target = (cluster: string, service: string) => ({
  ServiceNamespace: "ecs",
  ScalableDimension: "ecs:service:DesiredCount",
  ResourceId: `service/${cluster}/${service}`,
});
const SCHEDULED = { "guardrails:scheduled-scaling:schedule": "nights" };

let stack: LocalStack;

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
  });
  stack = await startStack({
    config,
    start: START,
    simulatorEmits: true,
    members: [MEMBER],
    sharedDynamo: { endpoint: inject("dynamoEndpoint"), tableName: `schedules-${randomUUID().slice(0, 8)}` },
  });
  const member = stack.memberAccounts.get(MEMBER)!;
  // The same prod/web in both accounts, each with its scalable target; only the member's is scheduled.
  for (const [ecs, tags] of [
    [stack.sim, {}],
    [member.ecs, SCHEDULED],
  ] as const) {
    ecs.registerTaskDefinition({ family: "web", cpu: 256, memory: 512 });
    ecs.addService({ cluster: "prod", name: "web", taskDefinition: "web:1", desiredCount: 4, tags });
  }
  for (const aas of [stack.autoScaling, member.autoScaling])
    aas.registerScalableTarget({ ...target("prod", "web"), MinCapacity: 2, MaxCapacity: 10 });
}, 60_000);

afterAll(async () => {
  await stack?.stop();
});

const range = (aas: LocalStack["autoScaling"]) => {
  const found = aas.describeScalableTargets({ ServiceNamespace: "ecs", ResourceIds: ["service/prod/web"] }) as {
    ScalableTargets: { MinCapacity: number; MaxCapacity: number }[];
  };
  return found.ScalableTargets.map((t) => [t.MinCapacity, t.MaxCapacity]);
};
const acted = (r: ReconcileResult) =>
  r.results
    .filter((x) => !x.duplicate && x.record.verdict === "acted")
    .map((x) => `${x.ref.account ?? "home"} ${x.ref.cluster}/${x.ref.service}`);

describe("scheduled scaling in a member account", () => {
  it("scales the member's prod/web in the member's Application Auto Scaling when its window starts, and leaves home's alone", async () => {
    await stack.advance(WINDOW_START + 60_000 - stack.clock.now(), 60_000);
    const result = await stack.reconcile();

    expect(result.failures).toEqual([]);
    expect(acted(result)).toEqual([`${MEMBER} prod/web`]);
    expect(range(stack.memberAccounts.get(MEMBER)!.autoScaling)).toEqual([[1, 1]]);
    expect(range(stack.autoScaling)).toEqual([[2, 10]]);
  });
});

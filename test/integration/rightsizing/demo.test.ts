import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, expect, inject, it } from "vitest";
import { parseConfig } from "@ecs-guardrails/core/config/load";
import { rightSizingDemoLines, setUpRightSizingDemo } from "@ecs-guardrails/cli/runtime/demo-right-sizing";
import { startStack, type LocalStack } from "@ecs-guardrails/cli/runtime/stack";

// The demo's right-sizing part as `npm start` runs it: the simulator's usage over the local
// CloudWatch endpoint, the right-sizing function's own code, one over- and one
// under-provisioned recommendation printed with their evidence.

let stack: LocalStack;

beforeAll(async () => {
  stack = await startStack({
    config: parseConfig({}),
    start: Date.parse("2026-11-20T10:00:00Z"),
    simulatorEmits: true,
    sharedDynamo: { endpoint: inject("dynamoEndpoint"), tableName: `demo-${randomUUID().slice(0, 8)}` },
  });
  setUpRightSizingDemo(stack);
  await stack.advance(5 * 60_000);
}, 60_000);

afterAll(async () => {
  await stack?.stop();
});

it("prints one over-provisioned and one under-provisioned (OOM-prone) recommendation with their evidence", async () => {
  const lines = await rightSizingDemoLines(stack);
  const text = lines.join("\n");

  expect(lines.filter((l) => /^ {2}demo\//.test(l))).toEqual([
    expect.stringMatching(/^ {2}demo\/reports \(reports:1\): over-provisioned: 2 vCPU \/ 8 GB → /),
    expect.stringMatching(/^ {2}demo\/thumbnails \(thumbnails:1\): under-provisioned: 0\.5 vCPU \/ 1 GB → /),
  ]);
  expect(text).toMatch(/data: 336 h at 60 s \(20160 CPU, 20160 memory points\)/);
  expect(text).toMatch(/cost: \$\d+\.\d\d\/month now → /);
});

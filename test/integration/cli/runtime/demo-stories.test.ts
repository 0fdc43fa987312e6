import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { parseConfig } from "../../../../packages/core/src/config/load.ts";
import { DEMO_CLUSTER, DEMO_DURATION_MS, demoOverrides, setUpDemo } from "../../../../packages/cli/src/runtime/demo.ts";
import {
  advanceWithMoments,
  storyMoments,
  type HookStoryAnswer,
} from "../../../../packages/cli/src/runtime/demo-stories.ts";
import { startStack, type LocalStack } from "../../../../packages/cli/src/runtime/stack.ts";

// The demo's ECS part in the local runtime, as `npm start` runs it: besides the crash-loop
// rollbacks, a Spot fallback and its return, an alarm rollback and the lifecycle hook's answers.

const START = Date.parse("2026-11-20T10:00:00Z");
let stack: LocalStack;
/** "<service> <policy> <action> <verdict>: <reason>" for every decision, from events and the reconcile. */
const decisions: string[] = [];
const hookAnswers: HookStoryAnswer[] = [];
type Results = {
  results: {
    duplicate: boolean;
    ref: { service: string };
    decision: { policy: string; reason: string; action?: { type: string } };
    record: { verdict: string };
  }[];
};
const record = (r: Results) =>
  r.results
    .filter((d) => !d.duplicate)
    .forEach((d) =>
      decisions.push(
        `${d.ref.service} ${d.decision.policy} ${d.decision.action?.type ?? "-"} ${d.record.verdict}: ${d.decision.reason}`,
      ),
    );

beforeAll(async () => {
  stack = await startStack({
    config: parseConfig({ overrides: demoOverrides(START) }),
    start: START,
    simulatorEmits: true,
    scheduleReconcile: true,
    sharedDynamo: { endpoint: inject("dynamoEndpoint"), tableName: `demo-stories-${randomUUID().slice(0, 8)}` },
    onResult: record,
    onReconcile: record,
  });
  setUpDemo(stack);
  await advanceWithMoments(
    stack,
    DEMO_DURATION_MS,
    storyMoments(stack, DEMO_CLUSTER, (_service, answer) => hookAnswers.push(answer)),
  );
}, 180_000);

afterAll(async () => {
  await stack?.stop();
});

const of = (service: string) => decisions.filter((d) => d.startsWith(`${service} `));

describe("the demo's stories in the simulated cluster", () => {
  it("moves demo/queue to on-demand Fargate when Spot capacity is gone, and back once it returns", () => {
    expect(of("queue").filter((d) => d.includes(" acted"))).toEqual([
      expect.stringMatching(/^queue spot-fallback capacity-fallback acted: /),
      expect.stringMatching(/^queue spot-fallback capacity-restore acted: /),
    ]);
  });

  it("rolls demo/checkout back when its mapped alarm goes into ALARM during the deployment", () => {
    expect(of("checkout").filter((d) => d.includes(" acted"))).toEqual([
      expect.stringMatching(
        /^checkout auto-rollback rollback acted: alarm checkout-5xx went into ALARM during the deployment/,
      ),
    ]);
  });

  it("answers demo/cart's lifecycle hook: watching through the bake, then SUCCEEDED", () => {
    expect(hookAnswers.length).toBeGreaterThan(1);
    expect(hookAnswers.slice(0, -1).map((a) => a.hookStatus)).toEqual(
      Array(hookAnswers.length - 1).fill("IN_PROGRESS"),
    );
    expect(hookAnswers.at(-1)).toMatchObject({ stage: "POST_SCALE_UP", hookStatus: "SUCCEEDED" });
  });
});

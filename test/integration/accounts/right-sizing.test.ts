import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DynamoRecommendationStore } from "../../../packages/aws/src/history/recommendation-store.ts";
import type { RightSizeResult } from "../../../packages/core/src/capabilities/right-sizing/right-size.ts";
import { parseConfig } from "../../../packages/core/src/config/load.ts";
import type { UsageProfile } from "../../../packages/sim/src/usage.ts";
import { startStack, type LocalStack } from "../../../packages/cli/src/runtime/stack.ts";

// Right-sizing behind a hub (issue 23): the run lists each member's services and reads their
// CloudWatch metrics through the member role, in the member's account; a recommendation is
// stored under the member's keys; a member whose role is gone gives one notice a day and the
// others are still sized. The right-sizing function's own code, DynamoDB Local, and one
// simulated ECS, Application Auto Scaling and CloudWatch per account.

const START = Date.parse("2026-11-20T10:00:00Z");
const MEMBER = "444455556666";
const GONE = "777788889999";
const REGION = "us-east-1";

/** 1 vCPU / 4 GB using a fifth of its CPU and a quarter of its memory: over-provisioned. */
const QUIET: UsageProfile = {
  tasks: 2,
  cpuUnits: 1024,
  memoryMiB: 4096,
  cpu: { low: 5, high: 18, peakHourUtc: 14 },
  memory: { low: 20, high: 25 },
  noise: 1,
};
/** The same size, used to the full: nothing to save. */
const BUSY: UsageProfile = { ...QUIET, cpu: { low: 60, high: 80, peakHourUtc: 14 }, memory: { low: 70, high: 80 } };

let stack: LocalStack;
let store: DynamoRecommendationStore;

beforeAll(async () => {
  const tableName = `accounts-rs-${randomUUID().slice(0, 8)}`;
  stack = await startStack({
    config: parseConfig({}),
    start: START,
    simulatorEmits: true,
    members: [MEMBER, GONE],
    sharedDynamo: { endpoint: inject("dynamoEndpoint"), tableName },
  });
  store = new DynamoRecommendationStore({ client: stack.dynamo.client, tableName });
  // The same prod/web everywhere: busy at home, idle in the member.
  const accounts = [
    { ecs: stack.sim, usage: stack.usage, profile: BUSY },
    { ...stack.memberAccounts.get(MEMBER)!, profile: QUIET },
    { ...stack.memberAccounts.get(GONE)!, profile: QUIET },
  ];
  for (const { ecs, usage, profile } of accounts) {
    ecs.registerTaskDefinition({ family: "web", cpu: 1024, memory: 4096 });
    ecs.addService({ cluster: "prod", name: "web", taskDefinition: "web:1", desiredCount: 2, initial: "deploying" });
    usage.setProfile({ cluster: "prod", service: "web" }, profile);
  }
  // The member stack was removed from GONE: AssumeRole answers AccessDenied.
  stack.memberAccounts.get(GONE)!.roles.clear();
  await stack.advance(10 * 60_000);
}, 90_000);

afterAll(async () => {
  await stack?.stop();
});

const unreachable = () => stack.endpoints.published.filter((m) => m.message.includes(`cannot reach account ${GONE}`));

describe("right-sizing across member accounts", () => {
  let run: RightSizeResult;

  it("recommends the member's over-provisioned prod/web in the member's account, and home's busy prod/web stays", async () => {
    run = (await stack.rightSize("run")) as RightSizeResult;

    const over = run.recommendations.filter((r) => r.recommendation.finding === "over-provisioned");
    expect(over.map((r) => r.recommendation.ref)).toEqual([
      { cluster: "prod", service: "web", account: MEMBER, region: REGION },
    ]);
    expect(run.failures).toEqual([]);
    const home = await store.latest({ cluster: "prod", service: "web" });
    const member = await store.latest({ cluster: "prod", service: "web", account: MEMBER, region: REGION });
    expect(home?.recommendation.finding).not.toBe("over-provisioned");
    expect(member?.recommendation.finding).toBe("over-provisioned");
    expect(member?.recommendation.ref).toEqual({ cluster: "prod", service: "web", account: MEMBER, region: REGION });
  });

  it("gives one notice for the member whose role is gone, and none again the same day", async () => {
    expect(unreachable()).toHaveLength(1);
    expect(unreachable()[0]!.message).toContain(REGION);

    await stack.advance(60_000);
    await stack.rightSize("run");

    expect(unreachable()).toHaveLength(1);
  });
});

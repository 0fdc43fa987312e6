import { afterEach, describe, expect, inject, it } from "vitest";
import { parseConfig } from "../../../../packages/core/src/config/load.ts";
import { startStack, type LocalStack } from "../../../../packages/cli/src/runtime/stack.ts";
import type { EcsSimulator } from "../../../../packages/sim/src/api.ts";
import { freshHistoryTable } from "../../../support/dynamodb.ts";

// The local runtime across accounts: home and two members, each with its own simulated ECS and
// the same prod/web. The member whose new revision crash-loops is rolled back, in its own
// account, by the hub's functions acting as the member role; the others keep their revisions.

const MEMBERS = ["444455556666", "777788889999"];
let stack: LocalStack | undefined;
afterEach(async () => stack?.stop());

function web(sim: EcsSimulator) {
  sim.registerTaskDefinition({ family: "web", cpu: 256, memory: 512 });
  sim.registerTaskDefinition({ family: "web", cpu: 256, memory: 512 });
  // Its first revision rolls out under the guardrails' eyes: the history knows a good one.
  sim.addService({ cluster: "prod", name: "web", taskDefinition: "web:1", desiredCount: 4, initial: "deploying" });
}
const revisionOf = (sim: EcsSimulator) =>
  sim.describeServices({ cluster: "prod", services: ["web"] }).services?.[0]?.taskDefinition ?? "";

describe("the local runtime with member accounts", () => {
  it("rolls back the crash-looping member's prod/web in that account only", async () => {
    const { tableName } = await freshHistoryTable();
    const config = parseConfig({
      overrides: [{ cluster: "prod", service: "*", policies: { "auto-rollback": { mode: "enforce" } } }],
    });
    const acted: string[] = [];
    stack = await startStack({
      config,
      onResult: (r) => {
        for (const x of r.results)
          if (!x.duplicate && x.record.verdict === "acted")
            acted.push(`${x.ref.account ?? "home"} ${x.decision.policy} ${x.decision.action?.type ?? ""}`);
      },
      members: MEMBERS,
      simulatorEmits: true,
      start: "2026-03-02T09:00:00Z",
      sharedDynamo: { endpoint: inject("dynamoEndpoint"), tableName },
    });
    const [crashing, quiet] = MEMBERS.map((m) => stack!.members.get(m)!);
    for (const sim of [stack.sim, crashing!, quiet!]) web(sim);
    crashing!.setFault({ taskDefinition: "web:2" }, { kind: "out-of-memory", afterSeconds: 150 });
    await stack.advance(3 * 60_000, 5000);
    for (const sim of [stack.sim, crashing!])
      sim.updateService({ cluster: "prod", service: "web", taskDefinition: "web:2" });

    await stack.advance(15 * 60_000, 5000);

    expect(acted).toEqual([`${MEMBERS[0]} auto-rollback rollback`]);
    expect(revisionOf(crashing!)).toMatch(/web:1$/);
    expect(revisionOf(stack.sim)).toMatch(/web:2$/);
    expect(revisionOf(quiet!)).toMatch(/web:1$/);
  });
});

import { afterEach, describe, expect, inject, it } from "vitest";
import { parseConfig } from "../../../../packages/core/src/config/load.ts";
import { demoOverride } from "../../../../packages/cli/src/runtime/demo.ts";
import { DEMO_MEMBERS, demoMembers, setUpMemberDemo } from "../../../../packages/cli/src/runtime/demo-accounts.ts";
import { decisionLines } from "../../../../packages/cli/src/runtime/describe-result.ts";
import { startStack, type LocalStack } from "../../../../packages/cli/src/runtime/stack.ts";
import { freshHistoryTable } from "../../../support/dynamodb.ts";

// `npm start -- --accounts 3`'s member part: two members with the same demo/orders; the first
// one's new revision runs out of memory and is rolled back there, printed with its account.

let stack: LocalStack | undefined;
afterEach(async () => stack?.stop());

describe("the demo across three accounts", () => {
  it("rolls back demo/orders in payments only, and prints the decision with the account's name", async () => {
    const { tableName } = await freshHistoryTable();
    const lines: string[] = [];
    stack = await startStack({
      config: parseConfig({ overrides: [demoOverride] }),
      members: demoMembers(3).map((m) => m.account),
      simulatorEmits: true,
      start: "2026-03-02T09:00:00Z",
      sharedDynamo: { endpoint: inject("dynamoEndpoint"), tableName },
      onResult: (r) => lines.push(...decisionLines(r)),
    });
    setUpMemberDemo(stack);

    await stack.advance(15 * 60_000, 5000);

    const acted = lines.filter((l) => l.includes("auto-rollback ACTED"));
    expect(acted).toEqual([
      expect.stringMatching(/^payments 444455556666\/us-east-1 demo\/orders {2}▶ auto-rollback ACTED/),
    ]);
    const revision = (account: string) =>
      stack!.members.get(account)!.describeServices({ cluster: "demo", services: ["orders"] }).services?.[0]
        ?.taskDefinition;
    expect(revision(DEMO_MEMBERS[0].account)).toMatch(/orders:1$/);
    expect(revision(DEMO_MEMBERS[1].account)).toMatch(/orders:2$/);
  });
});

import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { parseConfig } from "../../../packages/core/src/config/load.ts";
import { DynamoHistoryStore } from "../../../packages/aws/src/history/dynamo-history-store.ts";
import { makeChatCommand } from "../../../functions/handlers/chat-command.ts";
import { engineDeps } from "../../../functions/lib/deps.ts";
import { startStack, type LocalStack } from "../../../packages/cli/src/runtime/stack.ts";
import type { PublishedMessage } from "../../../packages/sim/src/endpoints/sns.ts";
import { addWeb } from "../../support/member-web.ts";

// A chat button on a member's notice: home and a member both run `prod/web`; the member's new
// revision crashes and auto-rollback only observes it. "Roll back now" on that notice carries
// the member's account and Region, so the chat function rolls back the member's service, as the
// member's role, claiming under the member's keys; home's `prod/web` is never touched.

const START = Date.parse("2026-11-20T10:00:00Z");
const MEMBER = "444455556666";
const REGION = "us-east-1";
let stack: LocalStack;
let history: DynamoHistoryStore;
const notices: PublishedMessage[] = [];
const tableName = `chat-member-${randomUUID().slice(0, 8)}`;
const CHANNEL_ARN = "arn:aws:lambda:us-east-1:111122223333:function:ecs-guardrails-chat:ops";

beforeAll(async () => {
  const config = parseConfig({
    policies: { "auto-rollback": { mode: "observe" } },
    chat: { channels: { ops: { commands: ["rollback-now", "status"] } } },
  });
  stack = await startStack({
    config,
    start: START,
    simulatorEmits: true,
    members: [MEMBER],
    sharedDynamo: { endpoint: inject("dynamoEndpoint"), tableName },
    onNotification: (m) => void notices.push(m),
  });
  history = new DynamoHistoryStore({ client: stack.dynamo.client, tableName });
  addWeb(stack.sim, true);
  addWeb(stack.members.get(MEMBER)!, true);
  await stack.advance(5 * 60_000);
  // Only the member releases the crashing revision; home keeps web:1.
  await stack.members.get(MEMBER)!.updateService({ cluster: "prod", service: "web", taskDefinition: "web:2" });
  await stack.advance(5 * 60_000);
}, 60_000);

afterAll(async () => {
  await stack?.stop();
});

type Context = Record<string, string>;
const contextOf = (m: PublishedMessage) =>
  (JSON.parse(m.message) as { metadata: { additionalContext: Context } }).metadata.additionalContext;
/** The chat function as deployed (its deps built from its environment), on the simulated clock. */
const chatCommandHandler = (functions: LocalStack["functions"]) =>
  makeChatCommand(engineDeps(functions.env, { clock: { now: () => new Date(stack.clock.now()) } }, functions.clients), {
    info: () => undefined,
    error: () => undefined,
  });
const observed = () => notices.map(contextOf).find((c) => c["chatOffer"] === "observed-rollback");

describe("a chat command on a member's notice", () => {
  it("carries the member's account and Region in the button's service", () => {
    expect(observed()?.["chatRef"]).toBe(`${MEMBER}/${REGION}/prod/web`);
  });

  it("rolls back the member's prod/web as the member, and leaves home's alone", async () => {
    const c = observed()!;
    const press = chatCommandHandler(stack.functions);

    const reply = await press(["rollback-now", c["chatRef"]!, c["chatKey"]!, c["chatThread"]!], {
      invokedFunctionArn: CHANNEL_ARN,
      awsRequestId: "press-1",
    });
    await stack.advance(60_000);

    expect(reply).toMatchObject({ ok: true, text: expect.stringMatching(/: acted$/) });
    const member = stack.members.get(MEMBER)!.describeServices({ cluster: "prod", services: ["web"] });
    expect(member.services[0]?.taskDefinition).toMatch(/:task-definition\/web:1$/);
    const home = stack.sim.describeServices({ cluster: "prod", services: ["web"] });
    expect(home.services[0]?.deployments).toHaveLength(1);
    const decisions = (
      await history.timeline({ cluster: "prod", service: "web", account: MEMBER, region: REGION }, { limit: 200 })
    ).items.filter((e) => e.type === "decision" && e.eventId === c["chatKey"]);
    expect(decisions.map((d) => (d.data as { verdict?: string }).verdict)).toContain("acted");
  });

  it("answers a second press from the member's state: already rolled back, nothing done in home", async () => {
    const c = observed()!;
    const press = chatCommandHandler(stack.functions);

    const reply = await press(["rollback-now", c["chatRef"]!, c["chatKey"]!, c["chatThread"]!], {
      invokedFunctionArn: CHANNEL_ARN,
      awsRequestId: "press-2",
    });

    expect(reply).toEqual({ ok: false, text: expect.stringMatching(/^already rolled back at /) });
    expect(stack.sim.describeServices({ cluster: "prod", services: ["web"] }).services[0]?.deployments).toHaveLength(1);
  });

  it("answers status for a member's service named with its account and Region", async () => {
    const reply = await chatCommandHandler(stack.functions)(["status", `${MEMBER}/${REGION}/prod/web`], {
      invokedFunctionArn: CHANNEL_ARN,
      awsRequestId: "status-1",
    });

    expect(reply).toMatchObject({ ok: true, text: expect.stringContaining("web:1") });
  });

  it("refuses an account that is no member, in one line naming it", async () => {
    const reply = await chatCommandHandler(stack.functions)(["status", `999988887777/${REGION}/prod/web`], {
      invokedFunctionArn: CHANNEL_ARN,
      awsRequestId: "status-2",
    });

    expect(reply).toEqual({
      ok: false,
      text: "account 999988887777 (us-east-1) is neither this account nor a member in organization.members",
    });
  });
});

import { describe, expect, it } from "vitest";
import { chatContext } from "@ecs-guardrails/core/notifications/chat-fields";
import { allCustomActions, buttonsFor } from "@ecs-guardrails/core/capabilities/chat-command/actions";
import { LIMITS } from "@ecs-guardrails/core/capabilities/chat-command/limits";
import { parseConfig } from "@ecs-guardrails/core/config/parse";

// A button acts where its notice was about: a member's notice carries the service with its
// account and Region in the one variable the buttons already read, so no variable is added and
// the command texts stay within Amazon Q's 100 characters.

const member = { cluster: "prod", service: "web", account: "444455556666", region: "eu-west-1" };

describe("the chat fields of a notice", () => {
  it("name home's service as cluster/service, as before accounts", () => {
    expect(chatContext({ cluster: "prod", service: "web" }, "k", "t", undefined)["chatRef"]).toBe("prod/web");
  });

  it("name a member's service with its account and Region", () => {
    expect(chatContext(member, "k", "t", "observed-rollback")["chatRef"]).toBe("444455556666/eu-west-1/prod/web");
  });

  it("show a member's notice the same buttons, with command texts and variables within Amazon Q's limits", () => {
    const settings = parseConfig({ chat: { channels: { ops: { commands: ["rollback-now", "status"] } } } }).chat;
    const actions = allCustomActions(settings).flatMap((c) => c.actions);
    const context = chatContext(member, "auto-rollback#rollback#ecs-svc/1", "t", "observed-rollback");

    expect(buttonsFor(context, actions).map((b) => b.button)).toEqual(["Roll back now"]);
    for (const a of actions) {
      expect(a.Definition.CommandText.length).toBeLessThanOrEqual(LIMITS.commandText);
      for (const att of a.Attachments ?? [])
        expect(Object.keys(att.Variables).length).toBeLessThanOrEqual(LIMITS.variables);
    }
  });
});

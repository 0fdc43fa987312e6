import { describe, expect, it } from "vitest";
import { parseCommand } from "@ecs-guardrails/core/capabilities/chat-command/parse";

// A button only carries what its notice carried; an alias what the person typed. Each mistake
// is one line saying what is wrong.

describe("validating a chat command", () => {
  it("reads a button's payload: the command, the service, the notice's key and thread", () => {
    expect(parseCommand('["rollback-now","prod/web","auto-rollback#rollback#ecs-svc/2","prod/web/ecs-svc/2"]')).toEqual(
      {
        name: "rollback-now",
        ref: { cluster: "prod", service: "web" },
        key: "auto-rollback#rollback#ecs-svc/2",
        thread: "prod/web/ecs-svc/2",
        reason: undefined,
      },
    );
  });

  it("reads a member's service as its notice's button carries it: account/region/cluster/service", () => {
    expect(parseCommand(["rollback-now", "444455556666/eu-west-1/prod/web", "k", "t"])).toMatchObject({
      ref: { cluster: "prod", service: "web", account: "444455556666", region: "eu-west-1" },
    });
  });

  it("refuses an account that is not 12 digits or a Region that is not one", () => {
    expect(parseCommand(["status", "4444/eu-west-1/prod/web"])).toEqual({
      error: "status needs the service as <cluster>/<service>",
    });
    expect(parseCommand(["status", "444455556666/prod/prod/web"])).toEqual({
      error: "status needs the service as <cluster>/<service>",
    });
  });

  it("reads an alias with the service alone for status", () => {
    expect(parseCommand(["status", "prod/web"])).toMatchObject({ name: "status", key: undefined, thread: undefined });
  });

  it.each([
    ["not JSON", "rollback-now prod/web", "the command is not a list of texts"],
    ["an unknown command", '["reboot","prod/web"]', 'unknown command "reboot"'],
    ["too many values", '["status","prod/web","x","y"]', "status takes 1 value(s)"],
    ["no service", '["status","web"]', "status needs the service as <cluster>/<service>"],
    ["an acting command without its notice's key", '["rollback-now","prod/web","$chatKey","t"]', "needs the key"],
    ["a let-through without a reason", '["let-through","prod/web","k","t",""]', "needs a reason"],
    ["an over-long key", JSON.stringify(["continue", "prod/web", "k".repeat(600), "t"]), "key is longer than 512"],
  ])("refuses %s in one line", (_what, payload, message) => {
    const out = parseCommand(payload);
    expect(out).toEqual({ error: expect.stringContaining(message) });
    expect((out as { error: string }).error).not.toContain("\n");
  });
});

import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { type EvaluatedApp, evaluateApp, resourceNamed, resourcesOfType, stateOf } from "../support/sst-harness.ts";
import { actionsOf, inlinePolicyStatements, resourcesOf } from "../support/sst-mocks-policies.ts";
import { neededActions } from "../support/sst-needed-actions.ts";

// The chat commands' resources, evaluated from the real sst.config.ts under Pulumi mocks with a
// configuration naming one channel that may roll back: the command function with the narrow
// permissions its code calls for, the channel's alias and role (invoke that alias, nothing
// else), and the custom actions as a CloudFormation stack.

const ROOT = path.resolve(import.meta.dirname, "../..");
let app: EvaluatedApp;

beforeAll(async () => {
  const dir = mkdtempSync(path.join(tmpdir(), "chat-infra-"));
  const file = path.join(dir, "guardrails.config.json");
  writeFileSync(
    file,
    JSON.stringify({ chat: { channels: { ops: { commands: ["rollback-now", "status", "snooze"] } } } }),
  );
  app = await evaluateApp({ env: { GUARDRAILS_CONFIG_FILE: file } });
});

describe("the chat command function", () => {
  it("runs functions/chat-command.handler under the configured short name, with a 30 s timeout", () => {
    expect(resourceNamed(app, "ChatCommandFunction").inputs).toMatchObject({
      name: "guardrails-chat",
      handler: "functions/chat-command.handler",
      runtime: "nodejs24.x",
      timeout: 30,
    });
  });

  it("is granted exactly the actions its bundled code calls", () => {
    const build = app.builds.find((b) => b.functionID === "ChatCommand");
    const granted = [
      ...new Set(inlinePolicyStatements(resourceNamed(app, "ChatCommandRole")).flatMap(actionsOf)),
    ].sort();

    // sts:AssumeRole is bundled with the engine's member wiring but built only behind a hub, where
    // the hub's own policy grants it (infra/hub.ts); organizations:ListParents only when a rule
    // names an OU (test/infra/ou-scopes.test.ts), which this configuration does not.
    const hubOnly = ["sts:AssumeRole", "organizations:ListParents"];
    expect(granted).toEqual(neededActions(ROOT, build!.inputs).filter((a) => !hubOnly.includes(a)));
    expect(granted).toEqual(expect.arrayContaining(["ecs:UpdateService", "sns:Publish", "dynamodb:Query"]));
  });
});

describe("the channel's role", () => {
  it("trusts Amazon Q Developer (chatbot.amazonaws.com) only", () => {
    const trust = JSON.parse(resourceNamed(app, "ChatChannel-ops").inputs.assumeRolePolicy as string);

    expect(trust.Statement).toEqual([
      { Effect: "Allow", Principal: { Service: "chatbot.amazonaws.com" }, Action: "sts:AssumeRole" },
    ]);
  });

  it("may invoke the command function through its own alias and nothing else", () => {
    const statements = inlinePolicyStatements(resourceNamed(app, "ChatChannel-ops"));

    expect(statements.map((s) => [actionsOf(s), resourcesOf(s)])).toEqual([
      [["lambda:InvokeFunction"], [stateOf(app, "ChatCommand-ops").arn]],
    ]);
    expect(resourceNamed(app, "ChatCommand-ops").inputs).toMatchObject({ name: "ops", functionVersion: "$LATEST" });
  });

  it("is an output of the stack, by channel", () => {
    expect(app.outputs).toMatchObject({ chatChannelRoleArns: { ops: stateOf(app, "ChatChannel-ops").arn } });
  });
});

describe("the custom actions", () => {
  it("are one AWS::Chatbot::CustomAction per command the channel may run, in one CloudFormation stack", () => {
    const [stack] = resourcesOfType(app, "aws:cloudformation/stack:Stack");
    const template = JSON.parse(stack!.inputs.templateBody as string);
    const actions = Object.values(template.Resources) as {
      Type: string;
      Properties: { AliasName: string; Definition: { CommandText: string } };
    }[];

    expect(actions.map((a) => a.Type)).toEqual(Array(3).fill("AWS::Chatbot::CustomAction"));
    expect(actions.map((a) => a.Properties.AliasName)).toEqual([
      "guardrails-rollback-now",
      "guardrails-snooze",
      "guardrails-status",
    ]);
    expect(actions[0]!.Properties.Definition.CommandText).toBe(
      'lambda invoke --function-name guardrails-chat:ops --payload ["rollback-now","$r","$k","$t"]',
    );
  });
});

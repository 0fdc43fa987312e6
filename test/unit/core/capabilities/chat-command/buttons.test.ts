import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { allCustomActions, buttonsFor, customActions } from "@ecs-guardrails/core/capabilities/chat-command/actions";
import { COMMANDS } from "@ecs-guardrails/core/capabilities/chat-command/catalog";
import { limitProblems } from "@ecs-guardrails/core/capabilities/chat-command/limits";
import { chatSettingsSchema } from "@ecs-guardrails/core/capabilities/chat-command/settings";
import { decideGate } from "@ecs-guardrails/core/capabilities/deploy-stage/gate";
import { gateNotice } from "@ecs-guardrails/core/capabilities/deploy-stage/notices";
import { noticeFor } from "@ecs-guardrails/core/engine/notices";
import type { DecisionRecord } from "@ecs-guardrails/core/engine/ports";
import type { Decision } from "@ecs-guardrails/core/model/decision";
import { toCustomNotification } from "@ecs-guardrails/core/notifications/chat-message";
import * as z from "@ecs-guardrails/core/zod";
import { botocoreData } from "../../../../support/aws-models/load.ts";
import type { Model } from "../../../../support/aws-models/shapes.ts";
import { validateShape } from "../../../../support/aws-models/validate.ts";
import { REF, td } from "../../../../support/snapshots.ts";

// Buttons match: every kind of notice that carries buttons, as the engine writes it and the
// chat formatter sends it, is checked against the deployed custom actions' criteria and
// variables, so a button shows where it should and nowhere else. The actions are checked
// against Amazon Q's limits and against the chatbot API's model (botocore's copy).

const everything = z.parse(chatSettingsSchema, {
  channels: { ops: { commands: COMMANDS.map((c) => c.name) } },
});
const actions = customActions(everything, "ops", 1);

const decision = (patch: Partial<Decision>): Decision => ({
  policy: "auto-rollback",
  key: "auto-rollback#rollback#ecs-svc/2",
  action: { type: "rollback", deploymentId: "ecs-svc/2", taskDefinition: td(41), fromTaskDefinition: td(42) },
  severity: "critical",
  title: "Roll back prod/web from web:42 to web:41",
  reason: "3 task failures",
  threadId: "prod/web/ecs-svc/2",
  deploymentId: "ecs-svc/2",
  facts: {},
  ...patch,
});
const record = (d: Decision, verdict: DecisionRecord["verdict"]): DecisionRecord => ({
  key: verdict === "observed" ? `${d.key}@observe` : d.key,
  policy: d.policy,
  time: "2026-11-20T10:05:00Z",
  mode: verdict === "observed" ? "observe" : "enforce",
  verdict,
  title: d.title,
  reason: d.reason,
  guard: undefined,
  action: d.action,
  rolledBack: undefined,
  startedDeployment: undefined,
  counted: false,
  deploymentId: d.deploymentId,
  facts: d.facts,
});
const shown = (d: Decision, verdict: DecisionRecord["verdict"]) =>
  buttonsFor(toCustomNotification(noticeFor(REF, d, record(d, verdict))).metadata.additionalContext, actions)
    .map((b) => b.button)
    .sort();

const SERVICE = ["Resume", "Snooze this service's guardrails for 1 h"];
const paused = decision({ policy: "pause-hook", key: "pause-hook#h1#paused", action: undefined, severity: "info" });
const fallback = decision({
  policy: "spot-fallback",
  key: "spot-fallback#fallback#1",
  action: { type: "capacity-fallback", capacityProviderStrategy: [], previousStrategy: [] },
  severity: "warning",
});

describe("the buttons on each kind of notice", () => {
  it.each([
    ["a rollback only observed", decision({}), "observed", ["Roll back now", ...SERVICE]],
    ["a rollback blocked by a guard", decision({}), "blocked", ["Roll back now", ...SERVICE]],
    ["a rollback carried out", decision({}), "acted", SERVICE],
    ["a paused deployment", paused, "noted", ["Continue", "Roll back", ...SERVICE]],
    [
      "a Spot fallback carried out",
      fallback,
      "acted",
      ["Return to Spot now", "Stay on on-demand for 24 h", ...SERVICE],
    ],
    ["a Spot fallback only observed", fallback, "observed", SERVICE],
    ["a reply to a chat command", decision({ policy: "chat-command", action: undefined, buttons: false }), "noted", []],
  ] as const)("%s shows exactly its buttons", (_what, d, verdict, buttons) => {
    expect(shown(d, verdict)).toEqual([...buttons].sort());
  });

  it("a pipeline gate that blocked a named execution shows Let this execution through", () => {
    const gate = decideGate({
      ref: REF,
      state: undefined,
      deployments: [],
      service: undefined,
      alarms: [],
      killSwitch: true,
      freezes: [],
      mode: "enforce",
      now: new Date("2026-11-20T10:00:00Z"),
    });
    const context = (executionId: string | undefined) =>
      toCustomNotification(gateNotice(REF, gate, "job-1", executionId)!).metadata.additionalContext;
    const buttons = (executionId: string | undefined) =>
      buttonsFor(context(executionId), actions)
        .map((b) => b.button)
        .sort();
    expect(buttons("exec-1")).toEqual(["Let this execution through", ...SERVICE].sort());
    expect(buttons(undefined)).toEqual([]);
  });

  it("gives each button the variables its command text reads, from the notice's context", () => {
    for (const a of actions)
      for (const att of a.Attachments ?? []) {
        const used = [...a.Definition.CommandText.matchAll(/\$([a-z])/g)].map((m) => m[1]!);
        // The reason ($m) is not in the notice: Amazon Q asks the person for it.
        expect(used.filter((v) => v !== "m").sort(), a.ActionName).toEqual(
          Object.keys(att.Variables)
            .filter((v) => v !== "o")
            .sort(),
        );
      }
  });

  it("deploys a button only for a command the channel may run: by default status, snooze and resume", () => {
    const byDefault = z.parse(chatSettingsSchema, { channels: { ops: {} } });
    expect(allCustomActions(byDefault)[0]!.actions.map((a) => a.AliasName)).toEqual([
      "guardrails-snooze",
      "guardrails-resume",
      "guardrails-status",
    ]);
  });
});

describe("Amazon Q's limits on the custom actions", () => {
  it("holds for every command with the longest function and channel names the configuration allows", () => {
    const longest = z.parse(chatSettingsSchema, {
      functionName: "f".repeat(15),
      channels: {
        [`c${"h".repeat(7)}`]: { commands: COMMANDS.map((c) => c.name) },
        [`d${"h".repeat(7)}`]: { commands: COMMANDS.map((c) => c.name) },
      },
    });
    expect(limitProblems(allCustomActions(longest).flatMap((c) => c.actions))).toEqual([]);
  });

  it("reports a command text, alias or button that would break them, in one line each", () => {
    const [first] = actions;
    const broken = {
      ...first!,
      AliasName: "a".repeat(31),
      Definition: { CommandText: "x".repeat(101) },
      Attachments: [{ ...first!.Attachments![0]!, ButtonText: "b".repeat(51), Criteria: [] }],
    };
    expect(limitProblems([broken])).toEqual([
      expect.stringContaining("the alias"),
      expect.stringContaining("the command text has 101 characters"),
      expect.stringContaining("51 characters"),
      expect.stringContaining("0 criteria"),
    ]);
  });

  it("attaches to custom notifications, on criteria over the variables each attachment extracts", () => {
    // What the model's shapes cannot say: a criterion compares a variable the attachment
    // extracts (CustomActionAttachmentCriteria.VariableName names one of its Variables), EQUALS
    // compares with a Value and HAS_VALUE takes none; buttons attach to the custom
    // notifications the guardrails send (NotificationType "Custom").
    for (const a of actions)
      for (const att of a.Attachments ?? []) {
        expect(att.NotificationType, a.ActionName).toBe("Custom");
        for (const c of att.Criteria) {
          expect(Object.keys(att.Variables), `${a.ActionName} ${c.VariableName}`).toContain(c.VariableName);
          expect(c.Value === undefined, `${a.ActionName} ${c.Operator}`).toBe(c.Operator === "HAS_VALUE");
        }
      }
  });

  it("matches the chatbot API's model of CreateCustomAction", () => {
    const data = botocoreData();
    expect(data, "botocore's models (pip install botocore)").toBeDefined();
    const model = chatbotModel(data!.dir);
    for (const a of actions) expect(validateShape(model, "CreateCustomActionRequest", a), a.ActionName).toEqual([]);
  });
});

function chatbotModel(dir: string): Model {
  const folder = path.join(dir, "chatbot");
  const version = readdirSync(folder).sort().at(-1)!;
  const file = path.join(folder, version, "service-2.json");
  const text = existsSync(file) ? readFileSync(file, "utf8") : gunzipSync(readFileSync(`${file}.gz`)).toString("utf8");
  return { ...(JSON.parse(text) as Omit<Model, "sdk" | "version">), version, sdk: {} };
}

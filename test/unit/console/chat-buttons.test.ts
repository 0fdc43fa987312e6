import { describe, expect, it } from "vitest";
import { chatSettingsSchema } from "@ecs-guardrails/core/capabilities/chat-command/settings";
import type { TimelineEntry } from "@ecs-guardrails/core/history/model";
import * as z from "@ecs-guardrails/core/zod";
import { chatBubble } from "../../../packages/console/src/chat.ts";
import { toConsoleDecision } from "../../../packages/console/src/decisions.ts";
import { td } from "../../support/snapshots.ts";

// Beside each notice the console shows the buttons a chat user gets on it (read-only): the
// configured channels' custom actions whose criteria the message meets.

const observed: TimelineEntry = {
  cluster: "prod",
  service: "web",
  type: "decision",
  time: "2026-11-20T10:05:00Z",
  eventId: "auto-rollback#rollback#ecs-svc/2@observe",
  summary: "auto-rollback observed: Roll back prod/web from web:42 to web:41",
  deploymentId: "ecs-svc/2",
  reason: "3 task failures",
  data: {
    policy: "auto-rollback",
    mode: "observe",
    verdict: "observed",
    action: { type: "rollback", deploymentId: "ecs-svc/2", taskDefinition: td(41), fromTaskDefinition: td(42) },
    facts: { deploymentId: "ecs-svc/2" },
  },
};
const settings = (commands?: string[]) =>
  z.parse(chatSettingsSchema, { channels: { ops: commands ? { commands } : {} } });

describe("the buttons beside a notice in the console", () => {
  it("are those of the channels' custom actions the message matches", () => {
    expect(toConsoleDecision(observed, settings(["rollback-now", "snooze"])).buttons).toEqual([
      "Roll back now",
      "Snooze this service's guardrails for 1 h",
    ]);
  });

  it("leave out what no channel may run, and are none without a configured channel", () => {
    expect(toConsoleDecision(observed, settings()).buttons).toEqual([
      "Snooze this service's guardrails for 1 h",
      "Resume",
    ]);
    expect(toConsoleDecision(observed, z.parse(chatSettingsSchema, {})).buttons).toEqual([]);
  });

  it("are drawn disabled: the console acts on nothing", () => {
    const { html } = chatBubble({ title: "t", description: "d" }, ["Roll back now"]);
    expect(html).toContain('<button type="button" disabled>Roll back now</button>');
  });
});

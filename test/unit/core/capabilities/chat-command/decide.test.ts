import { describe, expect, it } from "vitest";
import { type Ask, decideCommand } from "@ecs-guardrails/core/capabilities/chat-command/decide";
import type { ParsedCommand } from "@ecs-guardrails/core/capabilities/chat-command/parse";
import type { RecordedDecision } from "@ecs-guardrails/core/engine/policy";
import { at, ecsDeployment, rollout, td } from "../../../../support/snapshots.ts";

// What a chat command decides, pure: a person's decision for the engine to carry out, or an
// answer (status, a refusal with why). Stale buttons act on nothing.

const NOW = new Date(at(600));
const KEY = "auto-rollback#rollback#ecs-svc/2";
const observed: RecordedDecision = {
  key: KEY,
  policy: "auto-rollback",
  time: at(300),
  verdict: "observed",
  action: { type: "rollback", deploymentId: "ecs-svc/2", taskDefinition: td(41), fromTaskDefinition: td(42) },
  title: "Roll back prod/web from web:42 to web:41",
  reason: "3 task failures",
  deploymentId: "ecs-svc/2",
  facts: { deploymentId: "ecs-svc/2" },
};

const command = (name: ParsedCommand["name"], patch: Partial<ParsedCommand> = {}): ParsedCommand => ({
  name,
  ref: { cluster: "prod", service: "web" },
  key: KEY,
  thread: "prod/web/ecs-svc/2",
  reason: undefined,
  ...patch,
});

const ask = (patch: Partial<Ask> = {}): Ask => ({
  command: command("rollback-now"),
  snapshot: rollout(),
  recorded: observed,
  now: NOW,
  by: "channel ops",
  press: "req-1",
  lent: undefined,
  offerOfRecorded: "observed-rollback",
  ...patch,
});

describe("a chat command's decision", () => {
  it("carries out the observed rollback as a person's decision, under the rollback's own key and thread", () => {
    const out = decideCommand(ask());
    expect(out).toEqual({
      decision: expect.objectContaining({
        policy: "auto-rollback",
        key: KEY,
        action: observed.action,
        by: "channel ops",
        threadId: "prod/web/ecs-svc/2",
        facts: expect.objectContaining({ by: "channel ops" }),
      }),
    });
  });

  it("refuses roll back now on a deployment already rolled back", () => {
    const snapshot = rollout({ current: { rolledBackAt: at(400), rolledBackBy: "ecs-circuit-breaker" } });
    expect(decideCommand(ask({ snapshot }))).toEqual({
      answer: "not rolled back: ecs-svc/2 was already rolled back (by ecs-circuit-breaker)",
      refused: true,
    });
  });

  it("refuses roll back now on a deployment that completed after the notice", () => {
    const snapshot = rollout({ current: { completedAt: at(500) }, rolloutState: "COMPLETED" });
    expect(decideCommand(ask({ snapshot }))).toMatchObject({
      answer: expect.stringContaining("completed at"),
      refused: true,
    });
  });

  it("refuses roll back now on a deployment another one replaced", () => {
    const snapshot = rollout();
    snapshot.service!.deployments = [ecsDeployment("ecs-svc/3", { status: "PRIMARY", taskDefinition: td(43) })];
    expect(decideCommand(ask({ snapshot }))).toMatchObject({
      answer: "not rolled back: ecs-svc/2 was replaced: the service is on ecs-svc/3 now",
      refused: true,
    });
  });

  it("refuses roll back now on a rollback already carried out, and on a notice that offered none", () => {
    expect(decideCommand(ask({ recorded: { ...observed, verdict: "acted" } }))).toEqual({
      done: `already rolled back at ${at(300)}`,
    });
    expect(decideCommand(ask({ offerOfRecorded: undefined }))).toMatchObject({
      answer: "that notice is not a rollback the guardrails only observed",
    });
    expect(decideCommand(ask({ recorded: undefined }))).toMatchObject({
      answer: `no rollback was recorded under ${KEY}`,
    });
  });

  it("snoozes the service for an hour, once per notice's button, recorded with who", () => {
    const out = decideCommand(ask({ command: command("snooze") }));
    expect(out).toEqual({
      decision: expect.objectContaining({
        policy: "chat-command",
        key: `chat-command#snooze#${KEY}`,
        action: undefined,
        state: { value: { snoozedUntil: at(600 + 3600), snoozedBy: "channel ops" }, attention: false },
        buttons: false,
      }),
    });
  });

  it("refuses to resume a service that is not snoozed, and resumes one that is", () => {
    expect(decideCommand(ask({ command: command("resume") }))).toMatchObject({ refused: true });
    const snapshot = rollout({ state: { policies: { "chat-command": { snoozedUntil: at(4000), snoozedBy: "x" } } } });
    expect(decideCommand(ask({ command: command("resume"), snapshot }))).toMatchObject({
      decision: { state: { value: {}, attention: false } },
    });
  });

  it("answers status with the service's current state", () => {
    const out = decideCommand(ask({ command: command("status", { key: undefined }) }));
    expect(out).toMatchObject({ refused: false });
    const text = (out as { answer: string }).answer;
    expect(text).toContain("running 4 of 4 task(s) of web:42");
    expect(text).toContain("deployment ecs-svc/2: in-progress");
    expect(text).toContain("guardrails active (not snoozed)");
  });

  it("hands a command a capability lends to it, with the person recorded on its decision", () => {
    const lentDecision = { ...observed, key: "pause-hook#h1", severity: "info" as const, threadId: "x", reason: "r" };
    const out = decideCommand(
      ask({
        command: command("continue", { key: "pause-hook#h1#paused" }),
        lent: { settings: {}, command: () => ({ decision: lentDecision }) },
      }),
    );
    expect(out).toMatchObject({ decision: { key: "pause-hook#h1", by: "channel ops", facts: { by: "channel ops" } } });
    expect(decideCommand(ask({ command: command("continue"), lent: undefined }))).toMatchObject({ refused: true });
  });
});

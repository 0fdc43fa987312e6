import { describe, expect, it } from "vitest";
import { decideGate, type GateInput } from "../../../../../packages/core/src/capabilities/deploy-stage/gate.ts";
import { gateNotice } from "../../../../../packages/core/src/capabilities/deploy-stage/notices.ts";
import { letThroughFor } from "../../../../../packages/core/src/capabilities/deploy-stage/let-through.ts";
import { deployStagePersonCommands } from "../../../../../packages/core/src/capabilities/deploy-stage/person.ts";
import type { TimelineEntry } from "../../../../../packages/core/src/history/model.ts";
import { ecsDeployment, record, REF, service, state, TD } from "../../../../support/pipeline.ts";

// "Let this execution through" (docs/capabilities/deploy-stage.md): a person's override of a
// blocking gate, for one pipeline execution, with a reason; the gate honours it when the job
// is retried in that execution and in no other.

const NOW = new Date("2026-11-20T10:00:00Z");
const OVERRIDE = { by: "channel ops", reason: "hotfix for the outage", at: "2026-11-20T09:58:00.000Z" };

function input(patch: Partial<GateInput> = {}): GateInput {
  return {
    ref: REF,
    state: state({ lastKnownGoodTaskDefinition: TD(1), lastKnownGoodDeploymentId: "ecs-svc/1" }),
    deployments: [record("ecs-svc/1", { completedAt: "2026-11-20T09:05:00.000Z" })],
    service: service([ecsDeployment("ecs-svc/1")]),
    alarms: [],
    killSwitch: true,
    freezes: [],
    mode: "enforce",
    now: NOW,
    ...patch,
  };
}

const blockedEntry = (patch: Partial<TimelineEntry> = {}): TimelineEntry => ({
  ...REF,
  type: "pipeline",
  time: "2026-11-20T09:50:00.000Z",
  eventId: "pipeline-job-job-1",
  summary: "gate blocked: the global kill switch is on",
  deploymentId: "ecs-svc/1",
  eventName: "gate-blocked",
  data: { jobId: "job-1", mode: "gate", verdict: "blocked", executionId: "exec-1" },
  ...patch,
});

const press = (patch: Record<string, unknown> = {}) => ({
  snapshot: { ref: REF, state: undefined, deployments: [], service: undefined, recent: [] },
  settings: undefined,
  key: "pipeline-job-job-1",
  recorded: {
    key: "pipeline-job-job-1",
    policy: "",
    time: "2026-11-20T09:50:00.000Z",
    verdict: "blocked" as const,
    action: undefined,
    title: "gate blocked",
    reason: undefined,
    deploymentId: "ecs-svc/1",
    facts: {},
  },
  entry: blockedEntry(),
  later: [] as TimelineEntry[],
  now: NOW,
  by: "channel ops",
  thread: "prod/web/pipeline/exec-1",
  reason: "hotfix for the outage",
  ...patch,
});

describe("letting a blocked pipeline execution through the gate", () => {
  it("lets the execution a person let through pass a gate that would block, saying who and why", () => {
    const gate = decideGate(input({ letThrough: OVERRIDE }));

    expect(gate.verdict).toBe("let-through");
    expect(gate.outputs.gate).toBe("let-through");
    expect(gate.reason).toContain('let through by channel ops: "hotfix for the outage"');
    expect(gate.reason).toContain("kill switch");
  });

  it("honours the override only for the execution it names", () => {
    const stored = { letThrough: { "exec-1": OVERRIDE } };

    expect(letThroughFor(stored, "exec-1")).toEqual(OVERRIDE);
    expect(letThroughFor(stored, "exec-2")).toBeUndefined();
    expect(letThroughFor(stored, undefined)).toBeUndefined();
  });

  it("offers the button on a blocked gate's notice, with the execution's key and thread", () => {
    const gate = decideGate(input());
    const notice = gateNotice(REF, gate, "job-1", "exec-1");

    expect(notice?.context).toMatchObject({
      chatRef: "prod/web",
      chatKey: "pipeline-job-job-1",
      chatThread: "prod/web/pipeline/exec-1",
      chatOffer: "gate-blocked",
      execution: "exec-1",
    });
  });

  it("offers nothing where the gate would only have blocked, or the job names no execution", () => {
    expect(gateNotice(REF, decideGate(input({ mode: "observe" })), "job-1", "exec-1")?.context).not.toHaveProperty(
      "chatOffer",
    );
    expect(gateNotice(REF, decideGate(input()), "job-1", undefined)?.context).not.toHaveProperty("chatOffer");
  });

  it("records the person's override for that execution, under one key per execution", () => {
    const out = deployStagePersonCommands["let-through"](press());

    expect(out).toMatchObject({
      decision: {
        policy: "deploy-stage",
        key: "deploy-stage#let-through#exec-1",
        action: undefined,
        threadId: "prod/web/pipeline/exec-1",
        reason: 'channel ops let pipeline execution exec-1 through the gate: "hotfix for the outage"',
        facts: { execution: "exec-1", reason: "hotfix for the outage" },
      },
    });
    const value = (out as { decision: { state: { value: Record<string, unknown> } } }).decision.state.value;
    expect(letThroughFor(value, "exec-1")).toEqual({
      by: "channel ops",
      reason: "hotfix for the outage",
      at: NOW.toISOString(),
    });
  });

  it("refuses without a reason, on a notice that is no blocked gate, and when the execution moved on", () => {
    const letThrough = deployStagePersonCommands["let-through"];
    expect(letThrough(press({ reason: undefined }))).toEqual({
      refused: "let-through needs a reason: it is recorded with the override",
    });
    expect(letThrough(press({ entry: undefined, recorded: undefined }))).toMatchObject({
      refused: expect.stringContaining("no blocked gate was recorded under pipeline-job-job-1"),
    });
    expect(
      letThrough(
        press({
          entry: blockedEntry({
            data: { jobId: "job-1", mode: "gate", verdict: "would-have-blocked", executionId: "exec-1" },
          }),
        }),
      ),
    ).toMatchObject({ refused: expect.stringContaining("no blocked gate") });
    expect(
      letThrough(
        press({
          later: [
            blockedEntry({
              eventId: "pipeline-job-job-2",
              time: "2026-11-20T09:55:00.000Z",
              data: { mode: "gate", verdict: "blocked", executionId: "exec-2" },
            }),
          ],
        }),
      ),
    ).toEqual({ refused: "execution exec-1 was superseded: execution exec-2 reached the gate since" });
    expect(
      letThrough(
        press({
          later: [
            blockedEntry({
              eventId: "pipeline-job-job-3",
              time: "2026-11-20T09:55:00.000Z",
              data: { mode: "gate", verdict: "passed", executionId: "exec-1" },
            }),
          ],
        }),
      ),
    ).toEqual({ refused: "execution exec-1 is already past the gate (gate passed at 2026-11-20T09:55:00.000Z)" });
  });
});

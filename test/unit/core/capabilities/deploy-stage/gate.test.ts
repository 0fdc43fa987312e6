import { describe, expect, it } from "vitest";
import { parseConfig } from "../../../../../packages/core/src/config/load.ts";
import { decideGate, type GateInput } from "../../../../../packages/core/src/capabilities/deploy-stage/gate.ts";
import { ecsDeployment, record, REF, service, state, TD } from "../../../../support/pipeline.ts";

const NOW = new Date("2026-11-20T10:00:00Z");

function input(patch: Partial<GateInput> = {}): GateInput {
  return {
    ref: REF,
    state: state({ lastKnownGoodTaskDefinition: TD(1), lastKnownGoodDeploymentId: "ecs-svc/1" }),
    deployments: [record("ecs-svc/1", { completedAt: "2026-11-20T09:05:00.000Z" })],
    service: service([ecsDeployment("ecs-svc/1")]),
    alarms: [],
    killSwitch: false,
    freezes: [],
    mode: "enforce",
    now: NOW,
    ...patch,
  };
}

describe("the pipeline gate", () => {
  it("passes a healthy service with the last known-good revision and the current deployment as outputs", () => {
    const gate = decideGate(input());

    expect(gate.verdict).toBe("passed");
    expect(gate.outputs).toEqual({
      lastKnownGood: TD(1),
      currentDeploymentId: "ecs-svc/1",
      gate: "passed",
      history: "recorded",
    });
  });

  it("blocks while a deployment has failed and is being replaced", () => {
    const gate = decideGate(
      input({
        service: service([
          ecsDeployment("ecs-svc/2", { status: "ACTIVE", rolloutState: "FAILED", taskDefinition: TD(2) }),
          ecsDeployment("ecs-svc/3", { rolloutState: "IN_PROGRESS" }),
        ]),
      }),
    );

    expect(gate.verdict).toBe("blocked");
    expect(gate.blockers.map((b) => b.reason)).toContain("deployment-failing");
    expect(gate.reason).toMatch(/ecs-svc\/2 \(web:2\) has FAILED/);
  });

  it("blocks while a deployment in progress has failed tasks", () => {
    const gate = decideGate(
      input({
        service: service([ecsDeployment("ecs-svc/2", { rolloutState: "IN_PROGRESS", taskDefinition: TD(2) })]),
        deployments: [record("ecs-svc/2", { taskDefinitionArn: TD(2), failures: { crash: 2 }, failureCount: 2 })],
      }),
    );

    expect(gate.blockers).toEqual([
      expect.objectContaining({ reason: "deployment-failing", text: expect.stringMatching(/crash 2/) }),
    ]);
  });

  it("blocks while a rollback (ECS's or ours) is in progress", () => {
    const gate = decideGate(
      input({
        service: service([ecsDeployment("ecs-svc/3", { rolloutState: "IN_PROGRESS" })]),
        deployments: [record("ecs-svc/3", { rollbackOf: "ecs-svc/2", initiatedBy: "guardrails:auto-rollback" })],
      }),
    );

    expect(gate.blockers).toEqual([
      expect.objectContaining({
        reason: "rollback-in-progress",
        text: expect.stringMatching(/rolling back ecs-svc\/2 \(guardrails:auto-rollback\)/),
      }),
    ]);
  });

  it("blocks while the service is in a Spot fallback", () => {
    const gate = decideGate(
      input({
        state: state({
          policies: { "spot-fallback": { status: "fallback", mode: "enforce", since: "2026-11-20T09:30:00.000Z" } },
        }),
      }),
    );

    expect(gate.blockers).toEqual([
      expect.objectContaining({ reason: "spot-fallback", text: expect.stringMatching(/on on-demand Fargate/) }),
    ]);
  });

  it("blocks while a mapped alarm is in ALARM, and not for one that is OK or unmapped", () => {
    const alarms = {
      "web-5xx": { state: "ALARM", at: "2026-11-20T09:50:00.000Z" },
      "web-latency": { state: "OK", at: "2026-11-20T09:00:00.000Z" },
      other: { state: "ALARM", at: "2026-11-20T09:00:00.000Z" },
    };
    const gate = decideGate(input({ state: state({ alarms }), alarms: ["web-5xx", "web-latency"] }));

    expect(gate.blockers).toEqual([
      { reason: "alarm", text: "alarm web-5xx is in ALARM (since 2026-11-20T09:50:00.000Z)" },
    ]);
  });

  it("blocks under the kill switch", () => {
    expect(decideGate(input({ killSwitch: true })).blockers).toEqual([
      expect.objectContaining({ reason: "kill-switch" }),
    ]);
  });

  it("blocks inside a freeze window in its own time zone", () => {
    const { pipeline } = parseConfig({
      pipeline: {
        freezes: [{ name: "friday afternoon", timezone: "Europe/Berlin", days: ["fri"], from: "10:00", to: "23:59" }],
      },
    });
    // 10:00 UTC on Friday 2026-11-20 is 11:00 in Berlin.
    expect(decideGate(input({ freezes: pipeline.freezes })).blockers).toEqual([
      expect.objectContaining({ reason: "freeze", text: expect.stringMatching(/friday afternoon/) }),
    ]);
    expect(decideGate(input({ freezes: pipeline.freezes, now: new Date("2026-11-20T08:30:00Z") })).verdict).toBe(
      "passed",
    );
  });

  it("lets the release through in observe mode, saying it would have blocked", () => {
    const gate = decideGate(input({ killSwitch: true, mode: "observe" }));

    expect(gate.verdict).toBe("would-have-blocked");
    expect(gate.outputs.gate).toBe("would-have-blocked");
    expect(gate.reason).toMatch(/kill switch/);
  });

  it("checks nothing when off", () => {
    expect(decideGate(input({ killSwitch: true, mode: "off" }))).toMatchObject({ verdict: "off", blockers: [] });
  });

  it("lists every reason at once", () => {
    const gate = decideGate(
      input({
        killSwitch: true,
        state: state({
          alarms: { a: { state: "ALARM", at: "t" } },
          policies: { "spot-fallback": { status: "staged", mode: "enforce" } },
        }),
        alarms: ["a"],
      }),
    );

    expect(gate.blockers.map((b) => b.reason).sort()).toEqual(["alarm", "kill-switch", "spot-fallback"]);
  });
});

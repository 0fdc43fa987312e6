import { describe, expect, it } from "vitest";
import { parseConfig } from "@ecs-guardrails/core/config/load";
import {
  alarmStateChange,
  deploymentStateChange,
  serviceAction,
  stops,
  taskStateChange,
  type StopSpec,
} from "@ecs-guardrails/sim/events/builders";
import type { GuardrailsEvent } from "@ecs-guardrails/core/events/model";
import { parseEvent } from "@ecs-guardrails/core/events/parse";
import { autoRollback } from "@ecs-guardrails/core/capabilities/auto-rollback/decide";
import type { Snapshot } from "@ecs-guardrails/core/model/snapshot";
import { REF, at, rollout, td } from "../../../../support/snapshots.ts";

// The pure decision: which events make the guardrails roll prod/web back from web:42 (ecs-svc/2,
// rolling out) to web:41 (ecs-svc/1, completed), and which leave it alone.

// The policy's defaults with the patch on top (global alarms would be rejected by parseConfig: they map to no service).
const settings = (patch: object = {}) => ({ ...parseConfig({}).policies["auto-rollback"], ...patch });
const decide = (event: GuardrailsEvent, snapshot: Snapshot, patch: object = {}, now = at(300)) =>
  autoRollback.decide({ event, snapshot, settings: settings(patch), now: new Date(now) });

const stopped = (stop: StopSpec = stops.crash(), deploymentId = "ecs-svc/2") =>
  parseEvent(
    taskStateChange({
      ...REF,
      taskId: "t1",
      deploymentId,
      taskDefinition: "web:42",
      version: 5,
      lastStatus: "STOPPED",
      time: at(300),
      stop,
    }),
  );
const deployment = (eventName: string, deploymentId = "ecs-svc/2") =>
  parseEvent(deploymentStateChange({ ...REF, deploymentId, eventName, time: at(300) }));
const serviceEvent = (eventName: string) => parseEvent(serviceAction({ ...REF, eventName, time: at(300) }));
const alarm = (alarmName: string, state: "ALARM" | "OK" = "ALARM") =>
  parseEvent(alarmStateChange({ alarmName, state, time: at(300) }));

// `since`: ECS's service deployments are read from 5 minutes before the rollout began (T0+100s).
const ROLLBACK = {
  type: "rollback",
  deploymentId: "ecs-svc/2",
  taskDefinition: td(41),
  fromTaskDefinition: td(42),
  since: at(-200),
};
const actions = (decisions: ReturnType<typeof decide>) => decisions.map((d) => d.action?.type ?? `notice:${d.key}`);

describe("auto-rollback on task failures", () => {
  it("rolls back to the last known-good revision when the third failure of the new revision arrives", () => {
    const [decision, ...rest] = decide(stopped(), rollout({ failures: { crash: 3 } }));

    expect(rest).toEqual([]);
    expect(decision).toMatchObject({
      policy: "auto-rollback",
      action: ROLLBACK,
      severity: "critical",
      deploymentId: "ecs-svc/2",
      threadId: "prod/web/ecs-svc/2",
    });
    expect(decision?.title).toBe("Roll back prod/web from web:42 to web:41");
    expect(decision?.reason).toBe("3 task failures of the new revision (3 crash) reached the threshold of 3");
    expect(decision?.nextSteps?.[0]).toMatch(/failed revision's stopped tasks/);
  });

  it("adds failures of every counted class towards the threshold", () => {
    const decisions = decide(
      stopped(stops.elbHealthCheck()),
      rollout({ failures: { crash: 1, "out-of-memory": 1, "health-check": 1 } }),
    );

    expect(decisions.map((d) => d.action)).toEqual([ROLLBACK]);
    expect(decisions[0]?.reason).toContain("(1 crash, 1 out-of-memory, 1 health-check)");
  });

  it("announces the first failure with a single notice that takes no action", () => {
    const decisions = decide(stopped(), rollout({ failures: { crash: 1 } }));

    expect(decisions).toHaveLength(1);
    expect(decisions[0]).toMatchObject({
      key: "auto-rollback#first-failure#ecs-svc/2",
      action: undefined,
      severity: "warning",
      threadId: "prod/web/ecs-svc/2",
    });
    expect(decisions[0]?.reason).toContain("rollback at 3");
  });

  it.each([
    [2, 3],
    [2, 5],
    [3, 5],
    [4, 5],
  ])(
    "does not roll back at failure %i of a threshold of %i: it repeats the first-failure notice, whose key the engine claims once",
    (failures, threshold) => {
      const decisions = decide(stopped(), rollout({ failures: { crash: failures } }), { failureThreshold: threshold });

      expect(decisions.map((d) => [d.key, d.action])).toEqual([["auto-rollback#first-failure#ecs-svc/2", undefined]]);
    },
  );

  it("uses the percentage of the desired count when failurePercent is set", () => {
    const tenTasks = (crashes: number) => rollout({ failures: { crash: crashes }, desiredCount: 10 });

    expect(actions(decide(stopped(), tenTasks(4), { failurePercent: 50 }))).toEqual([
      "notice:auto-rollback#first-failure#ecs-svc/2",
    ]);
    expect(actions(decide(stopped(), tenTasks(5), { failurePercent: 50 }))).toEqual(["rollback"]);
  });

  it("ignores failures of a deployment that is not the one being rolled out", () => {
    expect(decide(stopped(stops.crash(), "ecs-svc/1"), rollout({ failures: { crash: 3 } }))).toEqual([]);
  });

  it.each([
    ["a scale-in", stops.scaleIn("ecs-svc/2")],
    ["a Spot interruption", stops.spot()],
    ["a user stop", stops.user()],
  ])("ignores %s, which is not a failure of the revision", (_, stop) => {
    expect(decide(stopped(stop), rollout({ failures: { crash: 1 } }))).toEqual([]);
  });

  it("counts only the configured failure classes", () => {
    const snapshot = rollout({ failures: { crash: 2, "health-check": 5 } });

    expect(actions(decide(stopped(), snapshot, { failureClasses: ["crash"] }))).toEqual([
      "notice:auto-rollback#first-failure#ecs-svc/2",
    ]);
    expect(actions(decide(stopped(), snapshot))).toEqual(["rollback"]);
  });

  it("ignores a stop of a class it does not count, even after a counted failure", () => {
    const snapshot = rollout({ failures: { crash: 1, "health-check": 1 } });

    expect(decide(stopped(stops.elbHealthCheck()), snapshot, { failureClasses: ["crash"] })).toEqual([]);
  });
});

describe("auto-rollback after the deployment completed", () => {
  const completed = (failures: number) =>
    rollout({ failures: { crash: failures }, rolloutState: "COMPLETED", current: { completedAt: at(200) } });

  it.each([
    [1, ["rollback"]],
    [9, ["rollback"]],
    [10, ["rollback"]],
    [11, []],
    [60, []],
  ])("%i minutes after completion with a 10-minute bake decides %j", (minutes, expected) => {
    expect(actions(decide(stopped(), completed(3), {}, at(200 + minutes * 60)))).toEqual(expected);
  });

  it("stops watching at completion when the bake time is zero", () => {
    expect(decide(stopped(), completed(3), { bakeMinutes: 0 }, at(201))).toEqual([]);
  });
});

// Rollbacks and deployments a guardrail started are judged too, with their own outcomes: see
// auto-rollback-ecs-rollbacks.test.ts and auto-rollback-rollouts.test.ts.
describe("deployments auto-rollback never touches", () => {
  it.each([["a deployment already rolled back", { rolledBackAt: at(250), rolledBackBy: "guardrails:auto-rollback" }]])(
    "leaves alone %s",
    (_, current) => {
      const snapshot = rollout({ failures: { crash: 5 }, current });

      expect(decide(stopped(), snapshot)).toEqual([]);
      expect(decide(deployment("SERVICE_DEPLOYMENT_FAILED"), snapshot)).toEqual([]);
      expect(decide(serviceEvent("SERVICE_TASK_START_IMPAIRED"), snapshot)).toEqual([]);
    },
  );
});

describe("auto-rollback when ECS reports SERVICE_DEPLOYMENT_FAILED", () => {
  it("only announces it when ECS's circuit breaker rolls back itself", () => {
    const decisions = decide(
      deployment("SERVICE_DEPLOYMENT_FAILED"),
      rollout({ circuitBreaker: { enable: true, rollback: true } }),
    );

    expect(decisions).toHaveLength(1);
    expect(decisions[0]).toMatchObject({ key: "auto-rollback#ecs-rollback#ecs-svc/2", action: undefined });
  });

  it.each([
    ["no circuit breaker", undefined],
    ["a circuit breaker without rollback", { enable: true, rollback: false }],
    ["a disabled circuit breaker", { enable: false, rollback: true }],
  ])("rolls back itself with %s", (_, circuitBreaker) => {
    expect(decide(deployment("SERVICE_DEPLOYMENT_FAILED"), rollout({ circuitBreaker })).map((d) => d.action)).toEqual([
      ROLLBACK,
    ]);
  });

  it("does nothing when onDeploymentFailed is off", () => {
    expect(decide(deployment("SERVICE_DEPLOYMENT_FAILED"), rollout(), { onDeploymentFailed: false })).toEqual([]);
  });

  it("ignores the failure of a deployment that is no longer current", () => {
    expect(decide(deployment("SERVICE_DEPLOYMENT_FAILED", "ecs-svc/1"), rollout())).toEqual([]);
  });
});

describe("auto-rollback on SERVICE_TASK_START_IMPAIRED", () => {
  it("rolls back while the deployment is in progress", () => {
    expect(decide(serviceEvent("SERVICE_TASK_START_IMPAIRED"), rollout()).map((d) => d.action)).toEqual([ROLLBACK]);
  });

  it("does nothing once the deployment completed", () => {
    expect(
      decide(
        serviceEvent("SERVICE_TASK_START_IMPAIRED"),
        rollout({ rolloutState: "COMPLETED", current: { completedAt: at(200) } }),
      ),
    ).toEqual([]);
  });

  it("does nothing when onTaskStartImpaired is off", () => {
    expect(decide(serviceEvent("SERVICE_TASK_START_IMPAIRED"), rollout(), { onTaskStartImpaired: false })).toEqual([]);
  });

  it("ignores other service actions during the deployment", () => {
    expect(decide(serviceEvent("SERVICE_STEADY_STATE"), rollout())).toEqual([]);
  });
});

describe("auto-rollback on alarms", () => {
  const mapped = { alarms: ["web-5xx"] };

  it("rolls back when a mapped alarm goes into ALARM during the deployment", () => {
    const decisions = decide(alarm("web-5xx"), rollout(), mapped);

    expect(decisions.map((d) => d.action)).toEqual([ROLLBACK]);
    expect(decisions[0]?.reason).toMatch(/^alarm web-5xx went into ALARM during the deployment/);
  });

  it("ignores an alarm that is not mapped to the service", () => {
    expect(decide(alarm("other-5xx"), rollout(), mapped)).toEqual([]);
  });

  it("ignores a mapped alarm returning to OK", () => {
    expect(decide(alarm("web-5xx", "OK"), rollout(), mapped)).toEqual([]);
  });

  it("acts inside the bake window and not after it", () => {
    const completed = rollout({ rolloutState: "COMPLETED", current: { completedAt: at(200) } });

    expect(actions(decide(alarm("web-5xx"), completed, mapped, at(200 + 5 * 60)))).toEqual(["rollback"]);
    expect(decide(alarm("web-5xx"), completed, mapped, at(200 + 11 * 60))).toEqual([]);
  });
});

describe("auto-rollback for alarms already firing when the deployment starts", () => {
  const firing = (state: string) => rollout({ state: { alarms: { "web-5xx": { state, at: at(50) } } } });

  it("rolls back when includeAlarmsAlreadyFiring is on and a mapped alarm is in ALARM", () => {
    const decisions = decide(deployment("SERVICE_DEPLOYMENT_IN_PROGRESS"), firing("ALARM"), {
      alarms: ["web-5xx"],
      includeAlarmsAlreadyFiring: true,
    });

    expect(decisions.map((d) => d.action)).toEqual([ROLLBACK]);
    expect(decisions[0]?.reason).toContain("already in ALARM when the deployment started");
  });

  it.each([
    ["the option is off", firing("ALARM"), { alarms: ["web-5xx"] }],
    ["the alarm is OK", firing("OK"), { alarms: ["web-5xx"], includeAlarmsAlreadyFiring: true }],
    ["the firing alarm is not mapped", firing("ALARM"), { alarms: ["web-latency"], includeAlarmsAlreadyFiring: true }],
  ])("does nothing when %s", (_, snapshot, patch) => {
    expect(decide(deployment("SERVICE_DEPLOYMENT_IN_PROGRESS"), snapshot, patch)).toEqual([]);
  });

  it("looks at firing alarms only when the deployment starts, not when it completes", () => {
    expect(
      decide(deployment("SERVICE_DEPLOYMENT_COMPLETED"), firing("ALARM"), {
        alarms: ["web-5xx"],
        includeAlarmsAlreadyFiring: true,
      }),
    ).toEqual([]);
  });
});

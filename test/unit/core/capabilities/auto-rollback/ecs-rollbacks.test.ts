import { describe, expect, it } from "vitest";
import {
  alarmStateChange,
  deploymentStateChange,
  serviceAction,
  stops,
  taskStateChange,
} from "@ecs-guardrails/sim/events/builders";
import type { GuardrailsEvent } from "@ecs-guardrails/core/events/model";
import { parseEvent } from "@ecs-guardrails/core/events/parse";
import { autoRollback } from "@ecs-guardrails/core/capabilities/auto-rollback/decide";
import type { ServiceDescription } from "@ecs-guardrails/core/model/description";
import type { Snapshot } from "@ecs-guardrails/core/model/snapshot";
import { REF, at, deploymentRecord, ecsDeployment, knownGood, rollout, td } from "../../../../support/snapshots.ts";
import { autoRollbackWith } from "../../../../support/policy-settings.ts";

// ECS rolls back by itself with its circuit breaker or with deployment alarms (`rollback: true`):
// the guardrails recognise both and never double them, decide SERVICE_DEPLOYMENT_FAILED on the
// deployment the event names, and never roll back a rollback (ECS's or theirs) — when one fails
// in its turn, one critical notice says so.

const settings = (patch: object = {}) => autoRollbackWith(patch);
const decide = (event: GuardrailsEvent, snapshot: Snapshot, patch: object = {}) =>
  autoRollback.decide({ event, snapshot, settings: settings(patch), now: new Date(at(300)) });
const outcome = (decisions: ReturnType<typeof decide>) => decisions.map((d) => [d.key, d.action?.type]);

const failed = (deploymentId = "ecs-svc/2", reason = "ECS deployment circuit breaker: tasks failed to start.") =>
  parseEvent(
    deploymentStateChange({ ...REF, deploymentId, eventName: "SERVICE_DEPLOYMENT_FAILED", reason, time: at(300) }),
  );
const crash = (deploymentId: string, taskDefinition = "web:42") =>
  parseEvent(
    taskStateChange({
      ...REF,
      taskId: "t9",
      deploymentId,
      taskDefinition,
      version: 5,
      lastStatus: "STOPPED",
      time: at(300),
      stop: stops.crash(),
    }),
  );
const alarm = (alarmName: string) => parseEvent(alarmStateChange({ alarmName, state: "ALARM", time: at(300) }));
const ALARMS_ROLL_BACK: ServiceDescription["deploymentAlarms"] = {
  alarmNames: ["web-5xx"],
  enable: true,
  rollback: true,
};

/** The rollout of web:42 after ECS failed it and started its rollback ecs-svc/3 (web:41), now PRIMARY. */
function ecsRollingBack(patch: Partial<ServiceDescription> = {}): Snapshot {
  const snapshot = rollout({ circuitBreaker: { enable: true, rollback: true }, current: { failedAt: at(290) } });
  snapshot.service = {
    ...snapshot.service!,
    ...patch,
    deployments: [
      ecsDeployment("ecs-svc/3", {
        status: "PRIMARY",
        taskDefinition: td(41),
        rolloutState: "IN_PROGRESS",
        createdAt: at(295),
      }),
      ecsDeployment("ecs-svc/2", { taskDefinition: td(42), rolloutState: "FAILED", createdAt: at(100) }),
    ],
  };
  return snapshot;
}

describe("SERVICE_DEPLOYMENT_FAILED when ECS rolls back itself", () => {
  it("announces ECS's rollback even when ECS already lists it as PRIMARY", () => {
    const decisions = decide(failed(), ecsRollingBack());

    expect(outcome(decisions)).toEqual([["auto-rollback#ecs-rollback#ecs-svc/2", undefined]]);
    expect(decisions[0]).toMatchObject({
      severity: "warning",
      threadId: "prod/web/ecs-svc/2",
      deploymentId: "ecs-svc/2",
    });
    expect(decisions[0]?.title).toBe("ECS is rolling back the deployment of prod/web (web:42)");
    expect(decisions[0]?.reason).toContain("ECS rolls back itself (its circuit breaker)");
  });

  it("still announces ECS's rollback when the history already marks the failed deployment rolled back by ECS", () => {
    const snapshot = ecsRollingBack();
    snapshot.deployments[0] = {
      ...snapshot.deployments[0]!,
      rolledBackAt: at(295),
      rolledBackBy: "ecs-circuit-breaker",
      outcome: "rolled-back",
    };

    expect(outcome(decide(failed(), snapshot))).toEqual([["auto-rollback#ecs-rollback#ecs-svc/2", undefined]]);
  });

  it("says nothing more about a failed deployment the guardrails rolled back already", () => {
    const snapshot = ecsRollingBack();
    snapshot.deployments[0] = {
      ...snapshot.deployments[0]!,
      rolledBackAt: at(295),
      rolledBackBy: "guardrails:auto-rollback",
      outcome: "rolled-back",
    };

    expect(decide(failed(), snapshot)).toEqual([]);
  });

  it("recognises ECS's deployment alarms with rollback like the circuit breaker", () => {
    const snapshot = ecsRollingBack({ circuitBreaker: undefined, deploymentAlarms: ALARMS_ROLL_BACK });

    const decisions = decide(failed("ecs-svc/2", "ECS deployment alarms: web-5xx in ALARM."), snapshot);

    expect(outcome(decisions)).toEqual([["auto-rollback#ecs-rollback#ecs-svc/2", undefined]]);
    expect(decisions[0]?.reason).toContain("its deployment alarms (web-5xx)");
  });

  it.each<[string, ServiceDescription["deploymentAlarms"]]>([
    ["disabled", { alarmNames: ["web-5xx"], enable: false, rollback: true }],
    ["without rollback", { alarmNames: ["web-5xx"], enable: true, rollback: false }],
    ["naming no alarm", { alarmNames: [], enable: true, rollback: true }],
  ])("rolls back itself when ECS's deployment alarms are %s", (_, deploymentAlarms) => {
    const snapshot = rollout();
    snapshot.service!.deploymentAlarms = deploymentAlarms;

    expect(outcome(decide(failed(), snapshot))).toEqual([["auto-rollback#rollback#ecs-svc/2", "rollback"]]);
  });

  it("does not roll back a failed deployment that a later release already replaced", () => {
    const snapshot = rollout({
      previous: [deploymentRecord("ecs-svc/1", { taskDefinitionArn: td(41), startedAt: at(0), completedAt: at(60) })],
    });

    expect(decide(failed("ecs-svc/1"), snapshot)).toEqual([]);
  });
});

describe("task failures while ECS rolls back", () => {
  it("are left to ECS once it failed the deployment: no second rollback", () => {
    const snapshot = rollout({
      circuitBreaker: { enable: true, rollback: true },
      failures: { crash: 5 },
      current: { failedAt: at(290) },
    });
    snapshot.service!.deployments[0]!.rolloutState = "FAILED";

    expect(decide(crash("ecs-svc/2"), snapshot)).toEqual([]);
    expect(
      decide(parseEvent(serviceAction({ ...REF, eventName: "SERVICE_TASK_START_IMPAIRED", time: at(300) })), snapshot),
    ).toEqual([]);
  });

  it("are left to ECS once the history knows it failed, even while DescribeServices still shows it in progress", () => {
    const snapshot = rollout({
      circuitBreaker: { enable: true, rollback: true },
      failures: { crash: 5 },
      current: { failedAt: at(290) },
    });

    expect(snapshot.service!.deployments[0]!.rolloutState).toBe("IN_PROGRESS");
    expect(decide(crash("ecs-svc/2"), snapshot)).toEqual([]);
  });

  it("of the failed deployment are ignored once ECS's rollback is PRIMARY", () => {
    const snapshot = ecsRollingBack();
    snapshot.deployments[0] = { ...snapshot.deployments[0]!, failures: { crash: 5 }, failureCount: 5 };

    expect(decide(crash("ecs-svc/2"), snapshot)).toEqual([]);
  });
});

describe("a mapped alarm that ECS's deployment alarms also watch", () => {
  const watched = (deploymentAlarms: ServiceDescription["deploymentAlarms"]) => {
    const snapshot = rollout();
    snapshot.service!.deploymentAlarms = deploymentAlarms;
    return snapshot;
  };

  it("is left to ECS while the deployment runs: one notice, no rollback", () => {
    const decisions = decide(alarm("web-5xx"), watched(ALARMS_ROLL_BACK), { alarms: ["web-5xx"] });

    expect(outcome(decisions)).toEqual([["auto-rollback#ecs-rollback#ecs-svc/2", undefined]]);
    expect(decisions[0]?.reason).toMatch(
      /^alarm web-5xx went into ALARM during the deployment: .*\. ECS's deployment alarms roll back itself/,
    );
  });

  it("is the same notice as ECS's SERVICE_DEPLOYMENT_FAILED that follows, so the story is told once", () => {
    const [byAlarm] = decide(alarm("web-5xx"), watched(ALARMS_ROLL_BACK), { alarms: ["web-5xx"] });
    const [byEvent] = decide(failed(), watched(ALARMS_ROLL_BACK), { alarms: ["web-5xx"] });

    expect(byAlarm?.key).toBe(byEvent?.key);
  });

  it.each<[string, ServiceDescription["deploymentAlarms"]]>([
    ["another alarm", { alarmNames: ["web-latency"], enable: true, rollback: true }],
    ["it without rollback", { alarmNames: ["web-5xx"], enable: true, rollback: false }],
  ])("is rolled back by the guardrails when ECS's alarms watch %s", (_, deploymentAlarms) => {
    expect(outcome(decide(alarm("web-5xx"), watched(deploymentAlarms), { alarms: ["web-5xx"] }))).toEqual([
      ["auto-rollback#rollback#ecs-svc/2", "rollback"],
    ]);
  });

  it("is rolled back by the guardrails in the bake window, where ECS no longer watches", () => {
    const snapshot = rollout({ rolloutState: "COMPLETED", current: { completedAt: at(200) } });
    snapshot.service!.deploymentAlarms = ALARMS_ROLL_BACK;

    expect(outcome(decide(alarm("web-5xx"), snapshot, { alarms: ["web-5xx"] }))).toEqual([
      ["auto-rollback#rollback#ecs-svc/2", "rollback"],
    ]);
  });
});

describe("a rollback that fails in its turn", () => {
  // ecs-svc/3 rolls web:42 (ecs-svc/2, rolled back) back to web:41, started by ECS or by the guardrails.
  const rollbackBy = (by: "ECS" | "guardrails", failures = 0): Snapshot => {
    const bad = deploymentRecord("ecs-svc/2", {
      taskDefinitionArn: td(42),
      startedAt: at(100),
      rolledBackAt: at(250),
      rolledBackBy: by === "ECS" ? "ecs-circuit-breaker" : "guardrails:auto-rollback",
    });
    const rollbackDeployment = deploymentRecord("ecs-svc/3", {
      taskDefinitionArn: td(41),
      startedAt: at(250),
      rollbackOf: "ecs-svc/2",
      initiatedBy: by === "ECS" ? undefined : "guardrails:auto-rollback",
      failures: { crash: failures },
    });
    const snapshot = rollout({ previous: [bad, knownGood()], state: { currentDeploymentId: "ecs-svc/3" } });
    snapshot.deployments = [rollbackDeployment, bad, knownGood()];
    snapshot.service!.deployments = [
      ecsDeployment("ecs-svc/3", {
        status: "PRIMARY",
        taskDefinition: td(41),
        rolloutState: "IN_PROGRESS",
        createdAt: at(250),
      }),
      ecsDeployment("ecs-svc/2", { taskDefinition: td(42), rolloutState: "IN_PROGRESS", createdAt: at(100) }),
    ];
    return snapshot;
  };

  it.each(["ECS", "guardrails"] as const)(
    "gives one critical notice, and no rollback, when a rollback by %s reaches the threshold",
    (by) => {
      const decisions = decide(crash("ecs-svc/3", "web:41"), rollbackBy(by, 3));

      expect(outcome(decisions)).toEqual([["auto-rollback#rollback-fails#ecs-svc/3", undefined]]);
      expect(decisions[0]).toMatchObject({ severity: "critical" });
      expect(decisions[0]?.title).toBe("The rollback of prod/web to web:41 fails too");
      expect(decisions[0]?.reason).toBe(
        "3 task failures of the new revision (3 crash) reached the threshold of 3; the guardrails never roll back a rollback",
      );
    },
  );

  it.each<[string, GuardrailsEvent]>([
    ["SERVICE_DEPLOYMENT_FAILED", failed("ecs-svc/3")],
    [
      "SERVICE_TASK_START_IMPAIRED",
      parseEvent(serviceAction({ ...REF, eventName: "SERVICE_TASK_START_IMPAIRED", time: at(300) })),
    ],
    ["a mapped alarm", alarm("web-5xx")],
  ])("gives the same notice when the rollback's failure shows as %s", (_, event) => {
    expect(outcome(decide(event, rollbackBy("ECS"), { alarms: ["web-5xx"] }))).toEqual([
      ["auto-rollback#rollback-fails#ecs-svc/3", undefined],
    ]);
  });

  it("says the rollback fails when an alarm ECS's deployment alarms also watch fires during it", () => {
    const snapshot = rollbackBy("guardrails");
    snapshot.service!.deploymentAlarms = ALARMS_ROLL_BACK;

    expect(outcome(decide(alarm("web-5xx"), snapshot, { alarms: ["web-5xx"] }))).toEqual([
      ["auto-rollback#rollback-fails#ecs-svc/3", undefined],
    ]);
  });

  it("says the rollback fails, not that ECS rolls back, when ECS's circuit breaker fails the rollback", () => {
    const snapshot = rollbackBy("ECS");
    snapshot.service!.circuitBreaker = { enable: true, rollback: true };

    expect(outcome(decide(failed("ecs-svc/3"), snapshot))).toEqual([
      ["auto-rollback#rollback-fails#ecs-svc/3", undefined],
    ]);
  });

  it("stays quiet below the threshold: no first-failure notice for a rollback", () => {
    expect(decide(crash("ecs-svc/3", "web:41"), rollbackBy("guardrails", 1))).toEqual([]);
    expect(decide(crash("ecs-svc/3", "web:41"), rollbackBy("guardrails", 2))).toEqual([]);
  });

  it("ignores late crashes of the deployment it rolled back", () => {
    const snapshot = rollbackBy("guardrails");
    snapshot.deployments[1] = { ...snapshot.deployments[1]!, failures: { crash: 6 }, failureCount: 6 };

    expect(decide(crash("ecs-svc/2"), snapshot)).toEqual([]);
  });
});

import { describe, expect, it } from "vitest";
import { stops, taskStateChange, type StopSpec } from "@ecs-guardrails/sim/events/builders";
import { parseEvent } from "@ecs-guardrails/core/events/parse";
import type { FailureClass } from "@ecs-guardrails/core/events/stop-class";
import { autoRollback } from "@ecs-guardrails/core/capabilities/auto-rollback/decide";
import type { ServiceDescription } from "@ecs-guardrails/core/model/description";
import type { Snapshot } from "@ecs-guardrails/core/model/snapshot";
import { REF, at, rollout } from "../../../../support/snapshots.ts";
import { autoRollbackWith } from "../../../../support/policy-settings.ts";

// ECS's circuit breaker as the service configures it (thresholdConfiguration, resetOnHealthyTask):
// when ECS's count reaches ECS's threshold, ECS fails the deployment and rolls back at that very
// failure, so the guardrails announce it and never race it. ECS counts only launch failures and
// failed health checks; a crash after RUNNING is the guardrails' to act on. The guardrails'
// threshold here is the default 3; ecs-svc/2 (web:42) rolls out at desired count 4.

type Breaker = NonNullable<ServiceDescription["circuitBreaker"]>;
type Spec = {
  breaker: Breaker;
  failures: Partial<Record<FailureClass, number>>;
  desiredCount?: number;
  /** ECS's view of ecs-svc/2: its running tasks and its own count (`failedTasks`). */
  running?: number;
  ecsFailedTasks?: number;
  controller?: string;
  /** ECS's rollout state of ecs-svc/2 (COMPLETED: completed at T0+200s, inside the bake window). */
  rolloutState?: string;
};

const stop = (spec: StopSpec) =>
  parseEvent(
    taskStateChange({
      ...REF,
      taskId: "t1",
      deploymentId: "ecs-svc/2",
      taskDefinition: "web:42",
      version: 5,
      lastStatus: "STOPPED",
      time: at(300),
      stop: spec,
    }),
  );

function snapshot(spec: Spec): Snapshot {
  const s = rollout({
    failures: spec.failures,
    circuitBreaker: spec.breaker,
    desiredCount: spec.desiredCount ?? 4,
    ...(spec.rolloutState ? { rolloutState: spec.rolloutState, current: { completedAt: at(200) } } : {}),
  });
  const [head, ...rest] = s.service!.deployments;
  s.service = {
    ...s.service!,
    deploymentController: spec.controller ?? "ECS",
    deployments: [{ ...head!, runningCount: spec.running ?? 0, failedTasks: spec.ecsFailedTasks ?? 0 }, ...rest],
  };
  return s;
}

const decide = (spec: Spec, event = stop(stops.imagePull())) =>
  autoRollback.decide({ event, snapshot: snapshot(spec), settings: autoRollbackWith({}), now: new Date(at(300)) });
const outcome = (spec: Spec, event?: ReturnType<typeof stop>) =>
  decide(spec, event).map((d) => d.action?.type ?? d.key.split("#")[1]);

const on = (patch: Partial<Breaker> = {}): Breaker => ({ enable: true, rollback: true, ...patch });
const COUNT_2 = { type: "COUNT", value: 2 };

describe("COUNT 2: ECS's threshold comes before the guardrails' 3", () => {
  it("defers at ECS's second launch failure, and says so with both thresholds", () => {
    const [decision, ...rest] = decide({
      breaker: on({ thresholdConfiguration: COUNT_2 }),
      failures: { "failed-to-start": 2 },
    });

    expect(rest).toEqual([]);
    expect(decision).toMatchObject({ key: "auto-rollback#ecs-rollback#ecs-svc/2", action: undefined });
    expect(decision?.reason).toBe(
      "ECS's circuit breaker (COUNT 2, its threshold 2) has counted 2 failures of ecs-svc/2, so ECS fails it and rolls back itself; the guardrails' threshold is 3, so they do not act",
    );
  });

  it("still defers when the guardrails' own threshold is reached too", () => {
    expect(outcome({ breaker: on({ thresholdConfiguration: COUNT_2 }), failures: { "failed-to-start": 3 } })).toEqual([
      "ecs-rollback",
    ]);
  });

  it("resetting, with no task healthy yet: the failures add up, it defers", () => {
    const spec = {
      breaker: on({ thresholdConfiguration: COUNT_2, resetOnHealthyTask: true }),
      failures: { "failed-to-start": 2 },
    };

    expect(outcome(spec)).toEqual(["ecs-rollback"]);
  });

  it("resetting, after a task turned healthy and ECS's count went back to 1: the guardrails roll back at their 3", () => {
    const spec = {
      breaker: on({ thresholdConfiguration: COUNT_2, resetOnHealthyTask: true }),
      failures: { "health-check": 3 },
      running: 2,
      ecsFailedTasks: 1,
    };

    expect(outcome(spec, stop(stops.elbHealthCheck()))).toEqual(["rollback"]);
  });

  it("cumulative, after a task turned healthy: every failure since the start still counts, it defers", () => {
    const spec = {
      breaker: on({ thresholdConfiguration: COUNT_2, resetOnHealthyTask: false }),
      failures: { "health-check": 2 },
      running: 2,
      ecsFailedTasks: 0,
    };

    expect(outcome(spec, stop(stops.elbHealthCheck()))).toEqual(["ecs-rollback"]);
  });

  it("crashes after RUNNING are not ECS's to count: the guardrails roll back at their 3", () => {
    const spec = {
      breaker: on({ thresholdConfiguration: COUNT_2, resetOnHealthyTask: false }),
      failures: { crash: 3 },
    };

    expect(outcome(spec, stop(stops.crash()))).toEqual(["rollback"]);
  });

  it("announces the first failure with both thresholds", () => {
    const [decision] = decide({ breaker: on({ thresholdConfiguration: COUNT_2 }), failures: { "failed-to-start": 1 } });

    expect(decision?.reason).toBe(
      "a task of the new revision failed (1 failed-to-start); rollback at 3, ECS's circuit breaker at 2 (COUNT 2) of the failures it counts",
    );
  });

  it("without ECS's rollback, acts on its own threshold (ECS only fails the deployment)", () => {
    const spec = {
      breaker: on({ rollback: false, thresholdConfiguration: COUNT_2 }),
      failures: { "failed-to-start": 3 },
    };

    expect(outcome(spec)).toEqual(["rollback"]);
  });

  it("after ECS called the deployment complete its breaker no longer watches: the guardrails act in the bake window", () => {
    const spec = {
      breaker: on({ thresholdConfiguration: COUNT_2 }),
      failures: { "failed-to-start": 3 },
      rolloutState: "COMPLETED",
    };

    expect(outcome(spec)).toEqual(["rollback"]);
  });

  it.each(["CODE_DEPLOY", "EXTERNAL"])(
    "with the %s controller, ECS's breaker does not watch: no deferral",
    (controller) => {
      const spec = { breaker: on({ thresholdConfiguration: COUNT_2 }), failures: { "failed-to-start": 2 }, controller };

      expect(outcome(spec)).toEqual(["first-failure"]);
    },
  );
});

describe("BOUNDED_PERCENT (ECS's default)", () => {
  it.each([
    ["missing configuration", on()],
    ["BOUNDED_PERCENT 50 spelled out", on({ thresholdConfiguration: { type: "BOUNDED_PERCENT", value: 50 } })],
  ])(
    "%s at desired 4: both thresholds are 3, so the guardrails leave the third launch failure to ECS",
    (_, breaker) => {
      expect(outcome({ breaker, failures: { "failed-to-start": 3 } })).toEqual(["ecs-rollback"]);
    },
  );

  it("names ECS's threshold beside its own when it rolls back first", () => {
    const [decision] = decide({ breaker: on(), failures: { "failed-to-start": 3 }, desiredCount: 10 });

    expect(decision?.reason).toBe(
      "3 task failures of the new revision (3 failed-to-start) reached the threshold of 3, ECS's circuit breaker at 5 (BOUNDED_PERCENT 50) of the failures it counts",
    );
  });

  it("at desired 10 ECS needs 5: the guardrails roll back at their 3", () => {
    expect(outcome({ breaker: on(), failures: { "failed-to-start": 3 }, desiredCount: 10 })).toEqual(["rollback"]);
  });

  it("resetting, a task healthy and ECS's count reset to 0: the guardrails roll back at their 3", () => {
    const spec = { breaker: on(), failures: { "health-check": 3 }, running: 3, ecsFailedTasks: 0 };

    expect(outcome(spec, stop(stops.elbHealthCheck()))).toEqual(["rollback"]);
  });

  it("cumulative, a task healthy: 3 of 3 since the start, it defers", () => {
    const spec = { breaker: on({ resetOnHealthyTask: false }), failures: { "health-check": 3 }, running: 3 };

    expect(outcome(spec, stop(stops.elbHealthCheck()))).toEqual(["ecs-rollback"]);
  });
});

describe("UNBOUNDED_PERCENT", () => {
  const percent20 = (patch: Partial<Breaker> = {}) =>
    on({ thresholdConfiguration: { type: "UNBOUNDED_PERCENT", value: 20 }, ...patch });

  it("20 % of 10 is 2, below the floor BOUNDED_PERCENT would apply: it defers at the second failure", () => {
    expect(outcome({ breaker: percent20(), failures: { "failed-to-start": 2 }, desiredCount: 10 })).toEqual([
      "ecs-rollback",
    ]);
  });

  it("20 % of 20 is 4: the guardrails roll back at their 3", () => {
    expect(outcome({ breaker: percent20(), failures: { "failed-to-start": 3 }, desiredCount: 20 })).toEqual([
      "rollback",
    ]);
  });

  it("resetting, a task healthy and ECS's count at 1: the guardrails roll back at their 3", () => {
    const spec = {
      breaker: percent20(),
      failures: { "failed-to-start": 3 },
      desiredCount: 10,
      running: 1,
      ecsFailedTasks: 1,
    };

    expect(outcome(spec)).toEqual(["rollback"]);
  });

  it("cumulative, a task healthy: 2 of 2 since the start, it defers", () => {
    const spec = {
      breaker: percent20({ resetOnHealthyTask: false }),
      failures: { "failed-to-start": 2 },
      desiredCount: 10,
      running: 1,
      ecsFailedTasks: 1,
    };

    expect(outcome(spec)).toEqual(["ecs-rollback"]);
  });
});

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
import type { Snapshot } from "@ecs-guardrails/core/model/snapshot";
import { REF, at, deploymentRecord, knownGood, rollout, td } from "../../../../support/snapshots.ts";
import { autoRollbackWith } from "../../../../support/policy-settings.ts";

// A restart of the known-good revision: someone forces a new deployment (ecs-svc/2) of web:41,
// the revision that last completed (ecs-svc/1), and its tasks crash — a dependency outage, say.
// An older release (web:40) is no cure and may not even fit today's data: no rollback, one
// critical notice.

const settings = (patch: object = {}) => autoRollbackWith({ alarms: ["web-5xx"], ...patch });
const decide = (event: GuardrailsEvent, snapshot: Snapshot, patch: object = {}) =>
  autoRollback.decide({ event, snapshot, settings: settings(patch), now: new Date(at(300)) });

const crash = () =>
  parseEvent(
    taskStateChange({
      ...REF,
      taskId: "t3",
      deploymentId: "ecs-svc/2",
      taskDefinition: "web:41",
      version: 5,
      lastStatus: "STOPPED",
      time: at(300),
      stop: stops.crash(),
    }),
  );
const older = () =>
  deploymentRecord("ecs-svc/0", { taskDefinitionArn: td(40), startedAt: at(-600), completedAt: at(-500) });

/** ecs-svc/2 rolls out web:41 again; web:41 completed as ecs-svc/1, web:40 before it. */
function restart(spec: Parameters<typeof rollout>[0] = {}): Snapshot {
  const snapshot = rollout({ current: { taskDefinitionArn: td(41) }, previous: [knownGood(), older()], ...spec });
  snapshot.service!.deployments[0]!.taskDefinition = td(41);
  snapshot.service!.taskDefinition = td(41);
  return snapshot;
}

describe("a restart of the known-good revision", () => {
  it("is not rolled back to an older release when its tasks crash: one critical notice instead", () => {
    const decisions = decide(crash(), restart({ failures: { crash: 3 } }));

    expect(decisions).toHaveLength(1);
    expect(decisions[0]).toMatchObject({
      key: "auto-rollback#known-good-fails#ecs-svc/2",
      action: undefined,
      severity: "critical",
      threadId: "prod/web/ecs-svc/2",
    });
    expect(decisions[0]?.title).toBe("The known-good revision prod/web (web:41) itself fails");
    expect(decisions[0]?.reason).toBe(
      "3 task failures of the new revision (3 crash) reached the threshold of 3; web:41 is the last revision that completed, so the guardrails do not roll back to an older release",
    );
    expect(decisions[0]?.nextSteps?.[0]).toMatch(/cause outside the revision/);
  });

  it.each<[string, GuardrailsEvent, object]>([
    [
      "SERVICE_DEPLOYMENT_FAILED",
      parseEvent(
        deploymentStateChange({
          ...REF,
          deploymentId: "ecs-svc/2",
          eventName: "SERVICE_DEPLOYMENT_FAILED",
          time: at(300),
        }),
      ),
      {},
    ],
    [
      "SERVICE_TASK_START_IMPAIRED",
      parseEvent(serviceAction({ ...REF, eventName: "SERVICE_TASK_START_IMPAIRED", time: at(300) })),
      {},
    ],
    ["a mapped alarm", parseEvent(alarmStateChange({ alarmName: "web-5xx", state: "ALARM", time: at(300) })), {}],
    ["a crash", crash(), { failures: { crash: 3 } }],
  ])("gives the same single notice whichever trigger fires (%s)", (_, event, spec) => {
    const decisions = decide(event, restart(spec));

    expect(decisions.map((d) => [d.key, d.action])).toEqual([["auto-rollback#known-good-fails#ecs-svc/2", undefined]]);
  });

  it("is recognised from the stored last known-good when the history holds no completed deployment", () => {
    const snapshot = restart({
      failures: { crash: 3 },
      previous: [],
      state: { lastKnownGoodTaskDefinition: td(41), lastKnownGoodDeploymentId: "ecs-svc/1" },
    });

    expect(decide(crash(), snapshot).map((d) => d.key)).toEqual(["auto-rollback#known-good-fails#ecs-svc/2"]);
  });

  it("is recognised from the completed deployment ECS still lists when neither the history nor the state knows one", () => {
    const snapshot = restart({
      failures: { crash: 3 },
      previous: [],
      state: { lastKnownGoodTaskDefinition: undefined },
    });
    snapshot.service!.deployments.push({
      ...snapshot.service!.deployments[0]!,
      id: "ecs-svc/1",
      status: "ACTIVE",
      rolloutState: "COMPLETED",
    });

    expect(decide(crash(), snapshot).map((d) => d.key)).toEqual(["auto-rollback#known-good-fails#ecs-svc/2"]);
  });

  it("still announces the first failure, like any rollout", () => {
    expect(decide(crash(), restart({ failures: { crash: 1 } })).map((d) => d.key)).toEqual([
      "auto-rollback#first-failure#ecs-svc/2",
    ]);
  });

  it("does not stop a revision that was rolled back earlier from being rolled back from", () => {
    // web:41 completed once, then ecs-svc/1 was rolled back: web:40 is the known-good again.
    const snapshot = restart({
      failures: { crash: 3 },
      previous: [
        deploymentRecord("ecs-svc/1", { taskDefinitionArn: td(41), completedAt: at(60), rolledBackAt: at(90) }),
        older(),
      ],
    });

    expect(decide(crash(), snapshot)[0]?.action).toMatchObject({
      type: "rollback",
      taskDefinition: td(40),
      fromTaskDefinition: td(41),
    });
  });
});

import { describe, expect, it } from "vitest";
import { parseConfig } from "@ecs-guardrails/core/config/load";
import { serviceAction, stops, taskStateChange } from "@ecs-guardrails/sim/events/builders";
import type { GuardrailsEvent } from "@ecs-guardrails/core/events/model";
import { parseEvent } from "@ecs-guardrails/core/events/parse";
import type { DeploymentRecord } from "@ecs-guardrails/core/history/model";
import { autoRollback } from "@ecs-guardrails/core/capabilities/auto-rollback/decide";
import type { Snapshot } from "@ecs-guardrails/core/model/snapshot";
import {
  REF,
  at,
  deploymentRecord,
  ecsDeployment,
  knownGood,
  serviceDescription,
  serviceState,
  td,
} from "../../../../support/snapshots.ts";

// Our deployments must not hide a person's release. A Spot fallback or return during someone's
// rollout of web:42 (ecs-svc/2) starts ecs-svc/3 — ours, with the same revision — and the
// revision's failures count across both: the rollout is judged, whoever started the deployment
// that carries it.

const decide = (event: GuardrailsEvent, snapshot: Snapshot) =>
  autoRollback.decide({ event, snapshot, settings: parseConfig({}).policies["auto-rollback"], now: new Date(at(400)) });
const crash = (deploymentId: string, taskDefinition = "web:42") =>
  parseEvent(
    taskStateChange({
      ...REF,
      taskId: `t-${deploymentId}`,
      deploymentId,
      taskDefinition,
      version: 5,
      lastStatus: "STOPPED",
      time: at(400),
      stop: stops.crash(),
    }),
  );

type Step = { id: string; revision: number; at: number; crashes?: number; patch?: Partial<DeploymentRecord> };
const spot = (id: string, seconds: number, crashes = 0, revision = 42): Step => ({
  id,
  revision,
  at: seconds,
  crashes,
  patch: { initiatedBy: "guardrails:spot-fallback" },
});
const person = (
  id: string,
  seconds: number,
  crashes = 0,
  revision = 42,
  patch: Partial<DeploymentRecord> = {},
): Step => ({ id, revision, at: seconds, crashes, patch });

/** web:41 completed as ecs-svc/1; then the given deployments, oldest first, the last one PRIMARY. */
function history(...steps: Step[]): Snapshot {
  const records = steps.map((s) =>
    deploymentRecord(s.id, {
      taskDefinitionArn: td(s.revision),
      startedAt: at(s.at),
      failures: s.crashes ? { crash: s.crashes } : {},
      ...s.patch,
    }),
  );
  const listed = steps.map((s, i) =>
    ecsDeployment(s.id, {
      status: i === steps.length - 1 ? "PRIMARY" : "ACTIVE",
      taskDefinition: td(s.revision),
      rolloutState: s.patch?.completedAt ? "COMPLETED" : "IN_PROGRESS",
      createdAt: at(s.at),
    }),
  );
  return {
    ref: REF,
    recent: [],
    state: serviceState({
      currentDeploymentId: steps.at(-1)!.id,
      lastKnownGoodTaskDefinition: td(41),
      lastKnownGoodDeploymentId: "ecs-svc/1",
    }),
    deployments: [...records.reverse(), knownGood()],
    service: serviceDescription({ taskDefinition: td(steps.at(-1)!.revision), deployments: listed.reverse() }),
  };
}

describe("a capacity change of ours during someone's rollout", () => {
  it("rolls the person's revision back when its failures across both deployments reach the threshold", () => {
    const decisions = decide(crash("ecs-svc/3"), history(person("ecs-svc/2", 100, 1), spot("ecs-svc/3", 200, 2)));

    expect(decisions).toHaveLength(1);
    expect(decisions[0]).toMatchObject({
      key: "auto-rollback#rollback#ecs-svc/2",
      threadId: "prod/web/ecs-svc/2",
      action: { type: "rollback", deploymentId: "ecs-svc/3", taskDefinition: td(41), fromTaskDefinition: td(42) },
      facts: { deploymentId: "ecs-svc/3", rolloutOf: "ecs-svc/2", deployments: "ecs-svc/3, ecs-svc/2" },
    });
    expect(decisions[0]?.reason).toBe("3 task failures of the new revision (3 crash) reached the threshold of 3");
  });

  it("counts a crash of the person's deployment's draining tasks too", () => {
    expect(
      decide(crash("ecs-svc/2"), history(person("ecs-svc/2", 100, 2), spot("ecs-svc/3", 200, 1))).map((d) => d.key),
    ).toEqual(["auto-rollback#rollback#ecs-svc/2"]);
  });

  it("carries the rollout across a fallback and a return", () => {
    const snapshot = history(person("ecs-svc/2", 100, 1), spot("ecs-svc/3", 200, 1), spot("ecs-svc/4", 300, 1));

    expect(decide(crash("ecs-svc/4"), snapshot)[0]).toMatchObject({
      key: "auto-rollback#rollback#ecs-svc/2",
      action: { deploymentId: "ecs-svc/4", taskDefinition: td(41) },
    });
  });

  it("announces the rollout's first failure once, in the person's thread", () => {
    expect(decide(crash("ecs-svc/3"), history(person("ecs-svc/2", 100), spot("ecs-svc/3", 200, 1)))[0]).toMatchObject({
      key: "auto-rollback#first-failure#ecs-svc/2",
      threadId: "prod/web/ecs-svc/2",
    });
    // A later failure decides the same notice again: one key, so the engine sends it once.
    expect(
      decide(crash("ecs-svc/3"), history(person("ecs-svc/2", 100, 1), spot("ecs-svc/3", 200, 1))).map((d) => d.key),
    ).toEqual(["auto-rollback#first-failure#ecs-svc/2"]);
  });

  it("rolls back when ECS reports the start impaired during our deployment of the person's revision", () => {
    const impaired = parseEvent(serviceAction({ ...REF, eventName: "SERVICE_TASK_START_IMPAIRED", time: at(400) }));

    expect(decide(impaired, history(person("ecs-svc/2", 100), spot("ecs-svc/3", 200)))[0]).toMatchObject({
      key: "auto-rollback#rollback#ecs-svc/2",
      action: { type: "rollback" },
    });
  });
});

describe("where a rollout begins", () => {
  it("is our deployment itself when the release before it had completed: a redeploy of the known-good revision", () => {
    const snapshot = history(person("ecs-svc/2", 100, 2, 42, { completedAt: at(150) }), spot("ecs-svc/3", 200, 3));

    expect(decide(crash("ecs-svc/3"), snapshot).map((d) => [d.key, d.action])).toEqual([
      ["auto-rollback#known-good-fails#ecs-svc/3", undefined],
    ]);
  });

  it("is a person's new release, even if our deployment of the previous revision was still rolling out", () => {
    const snapshot = history(spot("ecs-svc/2", 100, 2, 41), person("ecs-svc/3", 200, 1, 43));

    expect(decide(crash("ecs-svc/3", "web:43"), snapshot)[0]).toMatchObject({
      key: "auto-rollback#first-failure#ecs-svc/3",
    });
  });

  it("is our deployment when the one before it carried another revision", () => {
    const snapshot = history(person("ecs-svc/2", 100, 2, 43), spot("ecs-svc/3", 200, 3, 42));

    expect(decide(crash("ecs-svc/3"), snapshot)[0]).toMatchObject({
      key: "auto-rollback#rollback#ecs-svc/3",
      action: { taskDefinition: td(41), fromTaskDefinition: td(42) },
    });
  });

  it("is the rollback when we change capacity during a rollback: never rolled back in its turn", () => {
    const snapshot = history(
      person("ecs-svc/2", 100, 0, 42, { rolledBackAt: at(150) }),
      person("ecs-svc/3", 150, 2, 41, { rollbackOf: "ecs-svc/2", initiatedBy: "guardrails:auto-rollback" }),
      spot("ecs-svc/4", 200, 1, 41),
    );

    expect(decide(crash("ecs-svc/4", "web:41"), snapshot).map((d) => [d.key, d.action])).toEqual([
      ["auto-rollback#rollback-fails#ecs-svc/3", undefined],
    ]);
  });
});

describe("retrying a blocked rollback of a rollout our deployment carries", () => {
  const stillApplies = (snapshot: Snapshot) => {
    const [decision] = decide(crash("ecs-svc/3"), snapshot);
    return autoRollback.stillApplies!(decision!, {
      snapshot,
      settings: parseConfig({}).policies["auto-rollback"],
      now: new Date(at(400)),
    });
  };

  it("still applies while our deployment of the person's revision is PRIMARY", () => {
    expect(stillApplies(history(person("ecs-svc/2", 100, 1), spot("ecs-svc/3", 200, 2)))).toBe(true);
  });

  it("no longer applies once the service can only be rolled back by hand", () => {
    const snapshot = history(person("ecs-svc/2", 100, 1), spot("ecs-svc/3", 200, 2));
    const [decision] = decide(crash("ecs-svc/3"), snapshot);
    snapshot.service!.deploymentController = "CODE_DEPLOY";

    expect(
      autoRollback.stillApplies!(decision!, {
        snapshot,
        settings: parseConfig({}).policies["auto-rollback"],
        now: new Date(at(400)),
      }),
    ).toBe(false);
  });
});

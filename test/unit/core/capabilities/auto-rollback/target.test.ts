import { describe, expect, it } from "vitest";
import { parseConfig } from "@ecs-guardrails/core/config/load";
import { stops, taskStateChange } from "@ecs-guardrails/sim/events/builders";
import { parseEvent } from "@ecs-guardrails/core/events/parse";
import type { DeploymentRecord } from "@ecs-guardrails/core/history/model";
import { autoRollback } from "@ecs-guardrails/core/capabilities/auto-rollback/decide";
import type { Snapshot } from "@ecs-guardrails/core/model/snapshot";
import { REF, at, deploymentRecord, knownGood, rollout, td, ecsDeployment } from "../../../../support/snapshots.ts";

// Where auto-rollback goes back to (the known-good revision), what it says when there is none,
// and the decision keys that make a redelivered or concurrent event decide only once.

const thirdCrash = parseEvent(
  taskStateChange({
    ...REF,
    taskId: "t3",
    deploymentId: "ecs-svc/2",
    taskDefinition: "web:42",
    version: 5,
    lastStatus: "STOPPED",
    time: at(300),
    stop: stops.crash(),
  }),
);
const decide = (snapshot: Snapshot) =>
  autoRollback.decide({
    event: thirdCrash,
    snapshot,
    settings: parseConfig({}).policies["auto-rollback"],
    now: new Date(at(300)),
  });
const targetOf = (snapshot: Snapshot) => {
  const action = decide(snapshot)[0]?.action;
  return action?.type === "rollback" ? action.taskDefinition : undefined;
};

const completed = (id: string, revision: number, completedAt: string, patch: Partial<DeploymentRecord> = {}) =>
  deploymentRecord(id, { taskDefinitionArn: td(revision), completedAt, ...patch });

describe("the rollback target", () => {
  it.each<[string, DeploymentRecord[], number]>([
    ["the only completed deployment", [knownGood()], 41],
    [
      "the most recently completed of several, whatever their order in the list",
      [completed("ecs-svc/0", 39, at(-600)), completed("ecs-svc/1", 41, at(60)), completed("ecs-svc/9", 40, at(-100))],
      41,
    ],
    [
      "the last completed one, skipping a later one that was rolled back",
      [completed("ecs-svc/1", 41, at(60), { rolledBackAt: at(90) }), completed("ecs-svc/0", 40, at(0))],
      40,
    ],
    [
      "the last completed one, skipping a later one that failed",
      [
        deploymentRecord("ecs-svc/1", { taskDefinitionArn: td(41), failedAt: at(60) }),
        completed("ecs-svc/0", 40, at(0)),
      ],
      40,
    ],
    [
      "the last completed one, skipping an older one of the bad revision",
      [completed("ecs-svc/1", 41, at(60)), completed("ecs-svc/0", 42, at(0))],
      41,
    ],
    [
      "one whose task definition is known, skipping one without",
      [completed("ecs-svc/1", 41, at(60), { taskDefinitionArn: undefined }), completed("ecs-svc/0", 40, at(0))],
      40,
    ],
  ])("is %s", (_, previous, revision) => {
    const snapshot = rollout({ failures: { crash: 3 }, previous, state: { lastKnownGoodTaskDefinition: undefined } });

    expect(targetOf(snapshot)).toBe(td(revision));
  });

  it("falls back to the completed deployment ECS still lists when neither the history nor the state knows one", () => {
    const snapshot = rollout({
      failures: { crash: 3 },
      previous: [],
      state: { lastKnownGoodTaskDefinition: undefined },
    });
    snapshot.service!.deployments.push(
      ecsDeployment("ecs-svc/1", { taskDefinition: td(39), rolloutState: "COMPLETED" }),
    );

    expect(targetOf(snapshot)).toBe(td(39));
  });

  it("falls back to the stored last known-good revision when the history holds no completed deployment", () => {
    const snapshot = rollout({ failures: { crash: 3 }, previous: [], state: { lastKnownGoodTaskDefinition: td(38) } });

    expect(targetOf(snapshot)).toBe(td(38));
  });

  it("rolls back from the revision ECS reports when the history does not know it", () => {
    const snapshot = rollout({ failures: { crash: 3 }, current: { taskDefinitionArn: undefined } });

    expect(decide(snapshot)[0]?.action).toMatchObject({ taskDefinition: td(41), fromTaskDefinition: td(42) });
  });
});

describe("auto-rollback without a known-good revision", () => {
  it.each<[string, Partial<Parameters<typeof rollout>[0]>]>([
    ["a service's first deployment", { previous: [], state: { lastKnownGoodTaskDefinition: undefined } }],
    [
      "a stored known-good recorded from the failing deployment itself",
      { previous: [], state: { lastKnownGoodTaskDefinition: td(42), lastKnownGoodDeploymentId: "ecs-svc/2" } },
    ],
    [
      "only rolled-back earlier deployments",
      {
        previous: [completed("ecs-svc/1", 41, at(60), { rolledBackAt: at(90) })],
        state: { lastKnownGoodTaskDefinition: undefined },
      },
    ],
  ])("raises a critical notice and takes no action for %s", (_, spec) => {
    const decisions = decide(rollout({ failures: { crash: 3 }, ...spec }));

    expect(decisions).toHaveLength(1);
    expect(decisions[0]).toMatchObject({
      key: "auto-rollback#no-known-good#ecs-svc/2",
      action: undefined,
      severity: "critical",
      deploymentId: "ecs-svc/2",
    });
    expect(decisions[0]?.title).toBe("Cannot roll back prod/web (web:42): no known-good revision");
    expect(decisions[0]?.reason).toContain("reached the threshold of 3");
  });
});

describe("decision keys", () => {
  it("are the same when the same event is decided twice", () => {
    const snapshot = rollout({ failures: { crash: 3 } });

    expect(decide(snapshot)).toEqual(decide(structuredClone(snapshot)));
  });

  it("name one rollback per deployment, whichever failure reached the threshold", () => {
    const keys = [3, 4, 7].map((crashes) => decide(rollout({ failures: { crash: crashes } }))[0]?.key);

    expect(keys).toEqual([
      "auto-rollback#rollback#ecs-svc/2",
      "auto-rollback#rollback#ecs-svc/2",
      "auto-rollback#rollback#ecs-svc/2",
    ]);
  });

  it("differ between deployments of the same service", () => {
    const next = rollout({ failures: { crash: 3 } });
    next.deployments[0] = { ...next.deployments[0]!, deploymentId: "ecs-svc/3" };
    next.service!.deployments[0]!.id = "ecs-svc/3";
    const event = { ...thirdCrash, deploymentId: "ecs-svc/3" } as typeof thirdCrash;

    const [decision] = autoRollback.decide({
      event,
      snapshot: next,
      settings: parseConfig({}).policies["auto-rollback"],
      now: new Date(at(300)),
    });

    expect(decision?.key).toBe("auto-rollback#rollback#ecs-svc/3");
    expect(decision?.threadId).toBe("prod/web/ecs-svc/3");
  });
});

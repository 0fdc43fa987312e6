import { describe, expect, it } from "vitest";
import { parseConfig } from "@ecs-guardrails/core/config/load";
import { stops, taskStateChange } from "@ecs-guardrails/sim/events/builders";
import { parseEvent } from "@ecs-guardrails/core/events/parse";
import { autoRollback } from "@ecs-guardrails/core/capabilities/auto-rollback/decide";
import type { ServiceDescription } from "@ecs-guardrails/core/model/description";
import type { Snapshot } from "@ecs-guardrails/core/model/snapshot";
import { REF, at, ecsDeployment, rollout, td } from "../../../../support/snapshots.ts";

// Deployment controllers and strategies (docs/design/aws-facts.md#deployment-controllers-and-strategies). CODE_DEPLOY and EXTERNAL services reject
// an UpdateService with a task definition: the guardrails record and tell what a person should
// do. ECS-native BLUE_GREEN, LINEAR and CANARY deployments are never interrupted by UpdateService.

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
const decide = (snapshot: Snapshot, now = at(300)) =>
  autoRollback.decide({
    event: thirdCrash,
    snapshot,
    settings: parseConfig({}).policies["auto-rollback"],
    now: new Date(now),
  });

function deployedBy(patch: Partial<ServiceDescription>, spec: Parameters<typeof rollout>[0] = {}): Snapshot {
  const snapshot = rollout({ failures: { crash: 3 }, ...spec });
  snapshot.service = { ...snapshot.service!, ...patch };
  return snapshot;
}

describe("auto-rollback on a service whose deployments are not ECS's", () => {
  it.each([
    ["CODE_DEPLOY", /CodeDeploy \(deployment controller CODE_DEPLOY\)/, /aws deploy stop-deployment/],
    ["EXTERNAL", /managed outside ECS \(deployment controller EXTERNAL\)/, /task set of .*web:41 primary/],
  ])("records and tells what a person should do for %s, and changes nothing", (controller, why, step) => {
    const decisions = decide(deployedBy({ deploymentController: controller }));

    expect(decisions).toHaveLength(1);
    expect(decisions[0]).toMatchObject({
      key: "auto-rollback#manual-rollback#ecs-svc/2",
      action: undefined,
      severity: "critical",
      threadId: "prod/web/ecs-svc/2",
    });
    expect(decisions[0]?.title).toBe("Roll back prod/web from web:42 to web:41 by hand");
    expect(decisions[0]?.reason).toMatch(
      /^3 task failures of the new revision \(3 crash\) reached the threshold of 3; the guardrails do not act: /,
    );
    expect(decisions[0]?.reason).toMatch(why);
    expect(decisions[0]?.nextSteps?.join("\n")).toMatch(step);
    expect(decisions[0]?.facts).toMatchObject({
      fromTaskDefinition: td(42),
      toTaskDefinition: td(41),
      deploymentController: controller,
    });
  });
});

describe("auto-rollback on ECS-native blue/green, linear and canary deployments", () => {
  it.each(["BLUE_GREEN", "LINEAR", "CANARY"])(
    "does not UpdateService during a %s deployment: a notice with the way to stop it",
    (strategy) => {
      const decisions = decide(deployedBy({ deploymentStrategy: strategy }));

      expect(decisions.map((d) => [d.key, d.action])).toEqual([["auto-rollback#manual-rollback#ecs-svc/2", undefined]]);
      expect(decisions[0]?.reason).toContain(
        `ECS is running a ${strategy} deployment, which the guardrails act on only through its lifecycle hook`,
      );
      expect(decisions[0]?.nextSteps?.[0]).toMatch(/stop-service-deployment .*--stop-type ROLLBACK/);
    },
  );

  it("rolls back with UpdateService once the blue/green deployment is over, in the bake window", () => {
    const snapshot = deployedBy(
      { deploymentStrategy: "BLUE_GREEN" },
      { rolloutState: "COMPLETED", current: { completedAt: at(200) } },
    );
    snapshot.service!.deployments = [
      ecsDeployment("ecs-svc/2", { status: "PRIMARY", taskDefinition: td(42), rolloutState: "COMPLETED" }),
    ];

    expect(decide(snapshot, at(400))[0]).toMatchObject({
      key: "auto-rollback#rollback#ecs-svc/2",
      action: { type: "rollback", taskDefinition: td(41) },
    });
  });

  it("treats a strategy it does not know like the hooked ones while a deployment runs", () => {
    expect(decide(deployedBy({ deploymentStrategy: "SOMETHING_NEW" }))[0]?.action).toBeUndefined();
  });

  it("still rolls back a ROLLING deployment with UpdateService", () => {
    expect(decide(deployedBy({ deploymentStrategy: "ROLLING", deploymentController: "ECS" }))[0]?.action).toMatchObject(
      { type: "rollback" },
    );
  });
});

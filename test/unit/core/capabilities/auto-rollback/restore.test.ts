import { describe, expect, it } from "vitest";
import { parseConfig } from "@ecs-guardrails/core/config/load";
import { stops, taskStateChange } from "@ecs-guardrails/sim/events/builders";
import { parseEvent } from "@ecs-guardrails/core/events/parse";
import { autoRollback } from "@ecs-guardrails/core/capabilities/auto-rollback/decide";
import { rollbackExecutors, type RollbackAction } from "@ecs-guardrails/core/capabilities/auto-rollback/actions";
import type { ServiceDeploymentsView } from "@ecs-guardrails/core/model/revision-settings";
import type { Snapshot } from "@ecs-guardrails/core/model/snapshot";
import { stateOf } from "@ecs-guardrails/core/registry";
import { at, rollout, td } from "../../../../support/snapshots.ts";
import {
  badRevision,
  deploymentsView,
  knownGoodRevision,
  serviceDeployment,
  serviceDeploymentArn,
} from "../../../../support/revisions.ts";

// How a rollback restores the known-good revision: during the deployment ECS stops it and
// returns to its source revision (all of it); after it, UpdateService with the known-good
// revision's own settings; never back onto a capacity provider Spot fallback holds the service
// off; the task definition alone, said so, when ECS cannot describe the revision.

const thirdCrash = parseEvent(
  taskStateChange({
    cluster: "prod",
    service: "web",
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
    stateOf: stateOf(snapshot),
  })[0]!;
const actionOf = (snapshot: Snapshot) => decide(snapshot).action as RollbackAction;

/** The third crash of web:42, with ECS's service deployments read; in the bake window if `completed`. */
function bad(view: ServiceDeploymentsView, options: { completed?: boolean; spot?: Record<string, unknown> } = {}) {
  const snapshot = rollout({
    failures: { crash: 3 },
    ...(options.completed ? { rolloutState: "COMPLETED", current: { completedAt: at(200) } } : {}),
    ...(options.spot ? { state: { policies: { "spot-fallback": options.spot } } } : {}),
  });
  return { ...snapshot, serviceDeployments: view };
}

/** Spot fallback moved the service off FARGATE_SPOT (enforced) and has not returned yet. */
const spotFallenBack = {
  status: "fallback",
  mode: "enforce",
  incident: 1,
  originalStrategy: knownGoodRevision().capacityProviderStrategy,
  fallbackStrategy: [{ capacityProvider: "FARGATE", base: 1, weight: 4 }],
};

const change = (action: RollbackAction) => rollbackExecutors.rollback.change!(action);

describe("a rollback during the deployment", () => {
  it("stops the in-progress service deployment with ROLLBACK, found by the revision it rolls out", () => {
    const action = actionOf(bad(deploymentsView()));

    expect(action.serviceDeploymentArn).toBe(serviceDeploymentArn("Xq3bZ0RqJg2kA9"));
    expect(change(action)).toEqual({
      stopDeployment: { serviceDeploymentArn: serviceDeploymentArn("Xq3bZ0RqJg2kA9"), deploymentId: "ecs-svc/2" },
    });
    expect(decide(bad(deploymentsView())).reason).toContain("StopServiceDeployment, ROLLBACK");
  });

  it.each(["CODE_DEPLOY", "EXTERNAL"])(
    "never stops the deployment of a %s service: a person rolls back",
    (controller) => {
      const snapshot = bad(deploymentsView());
      const decision = decide({ ...snapshot, service: { ...snapshot.service!, deploymentController: controller } });

      expect(decision.action).toBeUndefined();
      expect(decision.key).toBe("auto-rollback#manual-rollback#ecs-svc/2");
    },
  );

  it("updates the service instead when ECS rolls out more than one deployment", () => {
    const action = actionOf(bad(deploymentsView({}, [serviceDeployment({ arn: serviceDeploymentArn("other") })])));

    expect(action.serviceDeploymentArn).toBeUndefined();
    expect(change(action)).toMatchObject({ service: { taskDefinition: td(41) } });
  });

  it("updates the service instead when the deployment's source revision is not the known-good one", () => {
    const action = actionOf(bad(deploymentsView({ sources: [knownGoodRevision({ taskDefinition: td(40) })] })));

    expect(action.serviceDeploymentArn).toBeUndefined();
  });

  it("never stops a deployment that would return to Spot while Spot fallback holds the service off it", () => {
    const decision = decide(bad(deploymentsView(), { spot: spotFallenBack }));
    const action = decision.action as RollbackAction;

    expect(action.serviceDeploymentArn).toBeUndefined();
    expect(change(action)).toMatchObject({ service: { taskDefinition: td(41) } });
    expect((change(action) as { service: object }).service).not.toHaveProperty("capacityProviderStrategy");
    expect(decision.reason).toContain("capacity provider strategy is kept");
  });
});

describe("a blocked stop retried by the reconcile", () => {
  const settings = parseConfig({}).policies["auto-rollback"];
  const parked = decide(bad(deploymentsView()));

  it("still applies while the deployment is in progress", () => {
    const snapshot = rollout({ failures: { crash: 3 } });

    expect(autoRollback.stillApplies!(parked, { snapshot, settings, now: new Date(at(400)) })).toBe(true);
  });

  it("no longer applies once the deployment completed: there is nothing to stop, it is decided again", () => {
    const snapshot = rollout({ failures: { crash: 3 }, rolloutState: "COMPLETED", current: { completedAt: at(350) } });

    expect(autoRollback.stillApplies!(parked, { snapshot, settings, now: new Date(at(400)) })).toBe(false);
  });
});

describe("a rollback in the bake window", () => {
  const completed = deploymentsView({ status: "SUCCESSFUL" });

  it("restores every setting of the known-good revision with UpdateService", () => {
    const action = actionOf(bad(completed, { completed: true }));
    const { arn: _, ...settings } = knownGoodRevision();

    expect(action.serviceDeploymentArn).toBeUndefined();
    expect(change(action)).toEqual({ service: { ...settings, forceNewDeployment: true }, startsDeployment: true });
    expect(action.revisionArn).toBe(knownGoodRevision().arn);
  });

  it("keeps the capacity provider strategy Spot fallback moved the service to, and says so", () => {
    const decision = decide(bad(completed, { completed: true, spot: spotFallenBack }));
    const service = (change(decision.action as RollbackAction) as { service: Record<string, unknown> }).service;

    expect(service).not.toHaveProperty("capacityProviderStrategy");
    expect(service.networkConfiguration).toEqual(knownGoodRevision().networkConfiguration);
    expect(decision.reason).toContain("FARGATE_SPOT, which Spot fallback keeps the service off");
  });

  it("restores the Spot strategy once Spot fallback has returned", () => {
    const decision = decide(bad(completed, { completed: true, spot: { ...spotFallenBack, status: "normal" } }));

    expect(change(decision.action as RollbackAction)).toMatchObject({
      service: { capacityProviderStrategy: knownGoodRevision().capacityProviderStrategy },
    });
  });

  it("restores the task definition alone, and says so, when the known-good revision cannot be described", () => {
    const decision = decide(bad(deploymentsView({ status: "SUCCESSFUL", sources: [] }), { completed: true }));

    expect(change(decision.action as RollbackAction)).toEqual({
      service: { taskDefinition: td(41), forceNewDeployment: true },
      startsDeployment: true,
    });
    expect(decision.reason).toContain(
      "only the task definition is restored: the known-good revision web:41 could not be described",
    );
  });

  it("restores the task definition alone, and says so, when ECS's service deployments cannot be read", () => {
    const decision = decide(bad({ unavailable: "AccessDeniedException" }, { completed: true }));

    expect(change(decision.action as RollbackAction)).toEqual({
      service: { taskDefinition: td(41), forceNewDeployment: true },
      startsDeployment: true,
    });
    expect(decision.reason).toContain("ECS's service deployments could not be read (AccessDeniedException)");
  });
});

describe("a rollback ECS already runs", () => {
  const inPlace = (action: RollbackAction, view: ServiceDeploymentsView) =>
    rollbackExecutors.rollback.inPlace(action, rollout().service, view);
  const stopping = actionOf(bad(deploymentsView()));
  const updating = actionOf(bad(deploymentsView({ status: "SUCCESSFUL" }), { completed: true }));

  it.each(["ROLLBACK_REQUESTED", "ROLLBACK_IN_PROGRESS", "ROLLBACK_SUCCESSFUL", "ROLLBACK_FAILED"])(
    "is not stopped or updated over again when ECS shows the bad deployment %s",
    (status) => {
      expect(inPlace(stopping, deploymentsView({ status }))).toBeDefined();
      expect(inPlace(updating, deploymentsView({ status }))).toBeDefined();
    },
  );

  it("is decided as the same stop, found done, when ECS already rolls the release back", () => {
    const view = deploymentsView({ status: "ROLLBACK_REQUESTED" });
    const action = actionOf(bad(view, { completed: true }));

    expect(action.serviceDeploymentArn).toBe(stopping.serviceDeploymentArn);
    expect(inPlace(action, view)).toBeDefined();
  });

  it("is made while ECS still shows the bad deployment in progress or completed", () => {
    expect(inPlace(stopping, deploymentsView())).toBeUndefined();
    expect(inPlace(updating, deploymentsView({ status: "SUCCESSFUL" }))).toBeUndefined();
  });

  it("reads ECS's service deployments from a little before the rollout began", () => {
    expect(rollbackExecutors.rollback.readsServiceDeployments!(stopping)).toBe(at(100 - 300));
    expect(badRevision().taskDefinition).toBe(td(42));
  });
});

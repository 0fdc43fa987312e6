import { describe, expect, it } from "vitest";
import { executeAction, ecsExecutors } from "@ecs-guardrails/core/engine/executors";
import { sameStrategy } from "@ecs-guardrails/core/capabilities/spot-fallback/strategy";
import type { ServiceRef } from "@ecs-guardrails/core/events/model";
import type { ServiceChange, ServiceGateway } from "@ecs-guardrails/core/engine/ports";
import type { ActionRequest } from "@ecs-guardrails/core/registry";
import type { CapacityProviderItem } from "@ecs-guardrails/core/model/description";
import type { Snapshot } from "@ecs-guardrails/core/model/snapshot";
import { REF, ecsDeployment, rollout, serviceDescription, td } from "../../../support/snapshots.ts";

// Carrying out an action through ECS, and not repeating it when ECS already shows its result
// (an invocation retried after a crash).

/** A ServiceGateway that records every UpdateService and answers with a new deployment id. */
function fakeGateway(options: { fails?: Error } = {}) {
  const updates: { ref: ServiceRef; change: ServiceChange }[] = [];
  const gateway: ServiceGateway = {
    describeService: async () => undefined,
    updateService: async (ref, change) => {
      if (options.fails) throw options.fails;
      updates.push({ ref, change });
      return { deploymentId: "ecs-svc/9" };
    },
  };
  return { gateway, updates };
}

const rollback: ActionRequest = {
  type: "rollback",
  deploymentId: "ecs-svc/2",
  taskDefinition: td(41),
  fromTaskDefinition: td(42),
};
const SPOT: CapacityProviderItem[] = [{ capacityProvider: "FARGATE_SPOT", base: 0, weight: 1 }];
const ON_DEMAND: CapacityProviderItem[] = [{ capacityProvider: "FARGATE", base: 0, weight: 1 }];
const MIXED: CapacityProviderItem[] = [
  { capacityProvider: "FARGATE", base: 1, weight: 1 },
  { capacityProvider: "FARGATE_SPOT", base: 0, weight: 3 },
];

/** ECS listing `primary` as the PRIMARY deployment (ecs-svc/5), with the given strategy and count. */
const ecsShows = (patch: { primary?: string; strategy?: CapacityProviderItem[]; desiredCount?: number }): Snapshot => ({
  ...rollout(),
  service: serviceDescription({
    desiredCount: patch.desiredCount ?? 4,
    capacityProviderStrategy: patch.strategy ?? SPOT,
    deployments: [
      ecsDeployment("ecs-svc/5", {
        status: "PRIMARY",
        taskDefinition: patch.primary ?? td(42),
        rolloutState: "IN_PROGRESS",
      }),
    ],
  }),
});

describe("executeAction for a rollback", () => {
  it("updates the service to the known-good revision with a new deployment", async () => {
    const { gateway, updates } = fakeGateway();

    const outcome = await executeAction(REF, rollback, ecsShows({ primary: td(42) }).service, ecsExecutors(gateway));

    expect(outcome).toEqual({ status: "done", deploymentId: "ecs-svc/9" });
    expect(updates).toEqual([{ ref: REF, change: { taskDefinition: td(41), forceNewDeployment: true } }]);
  });

  it("is already done, without an UpdateService, when the PRIMARY deployment runs the target", async () => {
    const { gateway, updates } = fakeGateway();

    const outcome = await executeAction(REF, rollback, ecsShows({ primary: td(41) }).service, ecsExecutors(gateway));

    expect(outcome).toEqual({ status: "already-done", deploymentId: "ecs-svc/5" });
    expect(updates).toEqual([]);
  });

  it("still rolls back when only an older, non-primary deployment runs the target", async () => {
    const { gateway, updates } = fakeGateway();
    // rollout(): ecs-svc/2 (web:42) is PRIMARY, ecs-svc/1 (web:41) is ACTIVE.

    await executeAction(REF, rollback, rollout().service, ecsExecutors(gateway));

    expect(updates).toHaveLength(1);
  });

  it("rolls back when ECS did not describe the service", async () => {
    const { gateway, updates } = fakeGateway();

    await executeAction(REF, rollback, { ...rollout(), service: undefined }.service, ecsExecutors(gateway));

    expect(updates.map((u) => u.change.taskDefinition)).toEqual([td(41)]);
  });

  it("lets a failed UpdateService reject", async () => {
    const { gateway } = fakeGateway({ fails: new Error("AccessDenied") });

    await expect(
      executeAction(REF, rollback, ecsShows({ primary: td(42) }).service, ecsExecutors(gateway)),
    ).rejects.toThrow("AccessDenied");
  });
});

describe("executeAction for a capacity provider change", () => {
  it.each(["capacity-fallback", "capacity-restore"] as const)(
    "%s changes the strategy with forceNewDeployment, as ECS requires",
    async (type) => {
      const { gateway, updates } = fakeGateway();

      const outcome = await executeAction(
        REF,
        { type, capacityProviderStrategy: ON_DEMAND, previousStrategy: SPOT },
        ecsShows({ strategy: SPOT }).service,
        ecsExecutors(gateway),
      );

      expect(outcome).toEqual({ status: "done", deploymentId: "ecs-svc/9" });
      expect(updates).toEqual([
        { ref: REF, change: { capacityProviderStrategy: ON_DEMAND, forceNewDeployment: true } },
      ]);
    },
  );

  it("is already done when ECS shows the same strategy in another order", async () => {
    const { gateway, updates } = fakeGateway();
    const action: ActionRequest = {
      type: "capacity-restore",
      capacityProviderStrategy: MIXED,
      previousStrategy: ON_DEMAND,
    };

    const outcome = await executeAction(
      REF,
      action,
      ecsShows({ strategy: [...MIXED].reverse() }).service,
      ecsExecutors(gateway),
    );

    expect(outcome).toEqual({ status: "already-done", deploymentId: "ecs-svc/5" });
    expect(updates).toEqual([]);
  });
});

describe("executeAction for a scale", () => {
  it("sets only the desired count, without a new deployment", async () => {
    const { gateway, updates } = fakeGateway();

    const outcome = await executeAction(
      REF,
      { type: "scale", desiredCount: 0 },
      ecsShows({ desiredCount: 4 }).service,
      ecsExecutors(gateway),
    );

    expect(outcome).toEqual({ status: "done", deploymentId: undefined });
    expect(updates).toEqual([{ ref: REF, change: { desiredCount: 0 } }]);
  });

  it("is already done when ECS shows the desired count", async () => {
    const { gateway, updates } = fakeGateway();

    expect(
      await executeAction(
        REF,
        { type: "scale", desiredCount: 4 },
        ecsShows({ desiredCount: 4 }).service,
        ecsExecutors(gateway),
      ),
    ).toEqual({ status: "already-done", deploymentId: undefined });
    expect(updates).toEqual([]);
  });
});

describe("sameStrategy", () => {
  it.each<[string, boolean, CapacityProviderItem[], CapacityProviderItem[]]>([
    ["the same items in the same order", true, MIXED, MIXED],
    ["the same items in another order", true, MIXED, [...MIXED].reverse()],
    ["two empty strategies", true, [], []],
    ["another provider", false, SPOT, ON_DEMAND],
    ["another weight", false, MIXED, [MIXED[0]!, { ...MIXED[1]!, weight: 2 }]],
    ["another base", false, MIXED, [{ ...MIXED[0]!, base: 2 }, MIXED[1]!]],
    ["an extra item", false, ON_DEMAND, [...ON_DEMAND, ...SPOT]],
    [
      "the same items swapped between base and weight",
      false,
      [{ capacityProvider: "FARGATE", base: 1, weight: 0 }],
      [{ capacityProvider: "FARGATE", base: 0, weight: 1 }],
    ],
  ])("with %s the strategies are the same: %s", (_, expected, a, b) => {
    expect(sameStrategy(a, b)).toBe(expected);
    expect(sameStrategy(b, a)).toBe(expected);
  });
});

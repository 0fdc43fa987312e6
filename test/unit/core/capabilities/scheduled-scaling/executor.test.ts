import { describe, expect, it } from "vitest";
import type { ServiceChange, ServiceGateway } from "@ecs-guardrails/core/engine/ports";
import { scaleExecutor } from "@ecs-guardrails/core/capabilities/scheduled-scaling/bound-executor";
import type { RangeChange, ScalableTargets } from "@ecs-guardrails/core/capabilities/scheduled-scaling/ports";
import { serviceDescription } from "../../../../support/snapshots.ts";

function fakes() {
  const updates: ServiceChange[] = [];
  const ranges: RangeChange[] = [];
  const ecs = {
    updateService: async (_ref: unknown, change: ServiceChange) => (updates.push(change), { deploymentId: undefined }),
  } as unknown as ServiceGateway;
  const targets = {
    setRange: async (_ref: unknown, change: RangeChange) => void ranges.push(change),
  } as unknown as ScalableTargets;
  return { executor: scaleExecutor(ecs, targets), updates, ranges };
}

const WEB = { cluster: "prod", service: "web" };

describe("the scheduled scale executor", () => {
  it("sets min/max (and the suspended state) through the scalable target, never the desired count", async () => {
    const { executor, updates, ranges } = fakes();
    const suspendedState = {
      dynamicScalingInSuspended: false,
      dynamicScalingOutSuspended: false,
      scheduledScalingSuspended: true,
    };
    const action = { type: "scale" as const, minCapacity: 1, maxCapacity: 2, suspendedState };
    expect(executor.inPlace(action, serviceDescription())).toBeUndefined();
    await executor.apply(WEB, action);
    expect(ranges).toEqual([{ minCapacity: 1, maxCapacity: 2, suspendedState }]);
    expect(updates).toEqual([]);
  });

  it("sets a desired count through UpdateService, and skips it when ECS already shows it", async () => {
    const { executor, updates, ranges } = fakes();
    expect(executor.inPlace({ type: "scale", desiredCount: 4 }, serviceDescription({ desiredCount: 4 }))).toEqual({
      deploymentId: undefined,
    });
    expect(
      executor.inPlace({ type: "scale", desiredCount: 0 }, serviceDescription({ desiredCount: 4 })),
    ).toBeUndefined();
    await executor.apply(WEB, { type: "scale", desiredCount: 0 });
    expect(updates).toEqual([{ desiredCount: 0 }]);
    expect(ranges).toEqual([]);
  });
});

import { describe, expect, it } from "vitest";
import { AppAutoScalingSimulator, AutoScalingApiError, type EcsCapacity } from "@ecs-guardrails/sim/app-autoscaling";

// The simulated Application Auto Scaling against a plain map of desired counts.

function setup(desired = 4) {
  const counts = new Map([["prod/web", desired]]);
  const ecs: EcsCapacity = {
    desiredCount: (c, s) => counts.get(`${c}/${s}`),
    setDesiredCount: (c, s, n) => void counts.set(`${c}/${s}`, n),
  };
  const sim = new AppAutoScalingSimulator({ ecs, now: () => Date.parse("2026-06-01T00:00:00Z") });
  const id = { ServiceNamespace: "ecs", ScalableDimension: "ecs:service:DesiredCount", ResourceId: "service/prod/web" };
  return { sim, id, desired: () => counts.get("prod/web") };
}

const policy = (config: Record<string, unknown>) => ({
  PolicyName: "cpu",
  PolicyType: "TargetTrackingScaling",
  TargetTrackingScalingPolicyConfiguration: { TargetValue: 50, ...config },
});

describe("simulated Application Auto Scaling", () => {
  it("keeps min, max and suspended state of an existing target when a call leaves them out", () => {
    const { sim, id } = setup();
    sim.registerScalableTarget({
      ...id,
      MinCapacity: 1,
      MaxCapacity: 8,
      SuspendedState: { DynamicScalingInSuspended: true },
    });
    sim.registerScalableTarget({ ...id, MaxCapacity: 6 });
    expect(sim.describeScalableTargets({ ServiceNamespace: "ecs" }).ScalableTargets[0]).toMatchObject({
      MinCapacity: 1,
      MaxCapacity: 6,
      SuspendedState: { DynamicScalingInSuspended: true, DynamicScalingOutSuspended: false },
    });
  });

  it("requires min and max for a new target and an ECS resource id", () => {
    const { sim, id } = setup();
    expect(() => sim.registerScalableTarget({ ...id, MinCapacity: 1 })).toThrow(
      /MinCapacity and MaxCapacity are required/,
    );
    expect(() => sim.registerScalableTarget({ ...id, ResourceId: "prod/web", MinCapacity: 1, MaxCapacity: 2 })).toThrow(
      AutoScalingApiError,
    );
  });

  it("tracks the target value within min/max, and never scales in when scale-in is disabled or suspended", () => {
    const { sim, id, desired } = setup(4);
    sim.registerScalableTarget({ ...id, MinCapacity: 2, MaxCapacity: 10 });
    sim.putScalingPolicy({ ...id, ...policy({ DisableScaleIn: true }) });
    sim.setDemand("prod", "web", 1); // 25 % on 4 tasks: would be 2
    expect(sim.evaluateTargetTracking()).toEqual([]);
    sim.putScalingPolicy({ ...id, ...policy({}) });
    expect(sim.evaluateTargetTracking()).toEqual([{ resourceId: "service/prod/web", from: 4, to: 2 }]);
    sim.registerScalableTarget({ ...id, SuspendedState: { DynamicScalingOutSuspended: true } });
    sim.setDemand("prod", "web", 5);
    expect(sim.evaluateTargetTracking()).toEqual([]);
    expect(desired()).toBe(2);
  });

  it("pages DescribeScalingPolicies and removes a target's policies with the target", () => {
    const { sim, id } = setup();
    sim.registerScalableTarget({ ...id, MinCapacity: 1, MaxCapacity: 2 });
    sim.putScalingPolicy({ ...id, ...policy({}), PolicyName: "a" });
    sim.putScalingPolicy({ ...id, ...policy({}), PolicyName: "b" });
    const first = sim.describeScalingPolicies({ ServiceNamespace: "ecs", MaxResults: 1 });
    expect(first.ScalingPolicies.map((p) => p.PolicyName)).toEqual(["a"]);
    expect(
      sim
        .describeScalingPolicies({ ServiceNamespace: "ecs", NextToken: first.NextToken })
        .ScalingPolicies.map((p) => p.PolicyName),
    ).toEqual(["b"]);
    sim.deregisterScalableTarget(id);
    expect(sim.describeScalingPolicies({ ServiceNamespace: "ecs" }).ScalingPolicies).toEqual([]);
  });

  it("takes DescribeScalingPolicies MaxResults from 1 to 10 and pages 10 by default, as AWS documents", () => {
    const { sim, id } = setup();
    sim.registerScalableTarget({ ...id, MinCapacity: 1, MaxCapacity: 2 });
    for (let i = 0; i < 12; i++) sim.putScalingPolicy({ ...id, ...policy({}), PolicyName: `p${i}` });
    expect(() => sim.describeScalingPolicies({ ServiceNamespace: "ecs", MaxResults: 11 })).toThrow(
      /MaxResults must be between 1 and 10/,
    );
    expect(() => sim.describeScalingPolicies({ ServiceNamespace: "ecs", MaxResults: 0 })).toThrow(AutoScalingApiError);
    expect(sim.describeScalingPolicies({ ServiceNamespace: "ecs", MaxResults: 10 }).ScalingPolicies).toHaveLength(10);
    const first = sim.describeScalingPolicies({ ServiceNamespace: "ecs" });
    expect(first.ScalingPolicies).toHaveLength(10);
    expect(first.NextToken).toBeDefined();
    // DescribeScalableTargets keeps its own range: 1 to 50.
    expect(sim.describeScalableTargets({ ServiceNamespace: "ecs", MaxResults: 50 }).ScalableTargets).toHaveLength(1);
  });
});

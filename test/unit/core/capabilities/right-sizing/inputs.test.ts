import { describe, expect, it } from "vitest";
import { targetTrackingOf, usageOf, type Gathered } from "@ecs-guardrails/core/capabilities/right-sizing/inputs";
import { serviceDescription } from "../../../../support/snapshots.ts";
import { minutes } from "../../../../support/right-sizing.ts";

const tracking = (name: string, metric: string, target: number) => ({
  PolicyName: name,
  PolicyType: "TargetTrackingScaling",
  TargetTrackingScalingPolicyConfiguration: {
    TargetValue: target,
    PredefinedMetricSpecification: { PredefinedMetricType: metric },
  },
});

describe("targetTrackingOf", () => {
  it("finds the dimensions target tracking scales on, and nothing in step or request-count policies", () => {
    const policies = [
      tracking("cpu60", "ECSServiceAverageCPUUtilization", 60),
      tracking("rps", "ALBRequestCountPerTarget", 1000),
      { PolicyName: "step", PolicyType: "StepScaling" },
      {
        PolicyName: "mem",
        PolicyType: "TargetTrackingScaling",
        TargetTrackingScalingPolicyConfiguration: {
          TargetValue: 70,
          CustomizedMetricSpecification: { Namespace: "AWS/ECS", MetricName: "MemoryUtilization" },
        },
      },
    ];
    expect(targetTrackingOf(policies)).toEqual([
      { dimension: "cpu", policyName: "cpu60", targetValue: 60 },
      { dimension: "memory", policyName: "mem", targetValue: 70 },
    ]);
  });
});

describe("usageOf", () => {
  const gathered = (patch: Partial<Gathered> = {}): Gathered => ({
    service: serviceDescription({
      desiredCount: 4,
      taskSize: { cpu: 1024, memory: 4096 },
      capacityProviderStrategy: [
        { capacityProvider: "FARGATE", base: 1, weight: 1 },
        { capacityProvider: "FARGATE_SPOT", base: 0, weight: 3 },
      ],
    }),
    series: { "cpu-max": minutes([1440, 20]), "memory-max": minutes([1440, 25]) },
    containers: [{ name: "app" }],
    architecture: "x86_64",
    oomKills: 2,
    scalingPolicies: [tracking("cpu60", "ECSServiceAverageCPUUtilization", 60)],
    lookbackHours: 336,
    ...patch,
  });

  it("takes the Spot share from the strategy and the task count from ECS", () => {
    // 4 tasks: base 1 on FARGATE, the other 3 at 1:3 → round(3 × 3/4) = 2 on Spot → half.
    const usage = usageOf(gathered());
    expect(usage).toMatchObject({
      launchType: "FARGATE",
      tasks: 4,
      spotShare: 0.5,
      oomKills: 2,
      taskSize: { cpu: 1024, memory: 4096 },
    });
    expect(usage.targetTracking).toEqual([{ dimension: "cpu", policyName: "cpu60", targetValue: 60 }]);
    expect(usage.cpuUtilization.values).toHaveLength(1440);
  });

  it("prices the average running count when Container Insights has it", () => {
    // 12 hours at 2 tasks, 12 at 6: average 4, though 3 are desired now.
    const usage = usageOf(
      gathered({
        service: serviceDescription({ desiredCount: 3 }),
        series: { "ci-tasks": minutes([720, 2], [720, 6]) },
      }),
    );
    expect(usage.tasks).toBe(4);
  });

  it("reads a service without data as no points (insufficient data, not an error)", () => {
    const usage = usageOf(gathered({ series: {} }));
    expect(usage.cpuUtilization.values).toHaveLength(0);
  });
});

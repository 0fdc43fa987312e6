import { describe, expect, it } from "vitest";
import { recommend } from "@ecs-guardrails/core/capabilities/right-sizing/recommend";
import {
  monthlyCost,
  SECONDS_PER_MONTH,
  taskPerSecond,
  FARGATE_PRICES,
} from "@ecs-guardrails/core/capabilities/right-sizing/prices";
import { fargateUsage, settings } from "../../../../support/right-sizing.ts";

// us-east-1 per hour (docs/design/aws-facts.md#fargate-sizes-and-prices): x86 $0.04048/vCPU, $0.004445/GB; ARM $0.03238/vCPU,
// $0.00356/GB. A month is 730 h = 2,628,000 s. Spot: 70 % off the x86 price.
const US_EAST_1 = FARGATE_PRICES["us-east-1"]!;

describe("Fargate prices", () => {
  it("bills per second: 1 vCPU / 2 GB x86 is $0.04937 an hour", () => {
    // 0.04048 + 2 × 0.004445 = 0.04937 per hour = 0.0000137139 per second.
    expect(taskPerSecond({ cpu: 1024, memory: 2048 }, US_EAST_1.x86_64) * 3600).toBeCloseTo(0.04937, 12);
    expect(SECONDS_PER_MONTH).toBe(2_628_000);
  });

  it.each([
    // [cpu, memory, tasks, spotShare, arch, monthly]
    // 1 vCPU / 4 GB x86: 0.04048 + 4 × 0.004445 = 0.05826/h × 730 = $42.5298 a task.
    [1024, 4096, 1, 0, "x86_64", 42.5298],
    // 0.25 vCPU / 2 GB x86: 0.01012 + 0.00889 = 0.01901/h × 730 × 2 tasks = $27.7546.
    [256, 2048, 2, 0, "x86_64", 27.7546],
    // same on ARM: 0.25 × 0.03238 + 2 × 0.00356 = 0.008095 + 0.00712 = 0.015215/h × 730 × 2 = $22.2139.
    [256, 2048, 2, 0, "arm64", 22.2139],
    // 1 vCPU / 4 GB, 2 tasks, half on Spot: 0.05826 × (1 + 0.3) × 730 = $55.28874.
    [1024, 4096, 2, 0.5, "x86_64", 55.28874],
    // 16 vCPU / 120 GB: 16 × 0.04048 + 120 × 0.004445 = 0.64768 + 0.5334 = 1.18108/h × 730 = $862.1884.
    [16384, 122880, 1, 0, "x86_64", 862.1884],
  ] as const)(
    "%i units / %i MiB × %i tasks, Spot %d, %s: $%d a month",
    (cpu, memory, tasks, spotShare, architecture, expected) => {
      expect(monthlyCost({ cpu, memory }, { tasks, spotShare, architecture }, US_EAST_1, 0.7)).toBeCloseTo(expected, 6);
    },
  );
});

describe("cost now vs recommended", () => {
  it("prices the fleet now and after, and offers ARM to a service without Spot", () => {
    // 2 tasks, 1 vCPU / 4 GB → 0.25 vCPU / 2 GB: $85.0596 → $27.7546, saving $57.305;
    // on ARM $22.2139, saving $62.8457.
    const { cost } = recommend(fargateUsage(), settings());
    expect(cost?.nowMonthly).toBeCloseTo(85.0596, 6);
    expect(cost?.recommendedMonthly).toBeCloseTo(27.7546, 6);
    expect(cost?.savingsMonthly).toBeCloseTo(57.305, 6);
    expect(cost?.arm).toEqual({
      suggested: true,
      monthly: expect.closeTo(22.2139, 6),
      savingsMonthly: expect.closeTo(62.8457, 6),
    });
  });

  it("does not suggest ARM to a service using Spot (Fargate Spot is x86 only), and prices its Spot share", () => {
    // Half on Spot: now 0.05826 × 1.3 × 730 = $55.28874; after 0.01901 × 1.3 × 730 = $18.04049.
    const { cost } = recommend(fargateUsage({ spotShare: 0.5 }), settings());
    expect(cost?.nowMonthly).toBeCloseTo(55.28874, 6);
    expect(cost?.recommendedMonthly).toBeCloseTo(18.04049, 6);
    expect(cost?.arm).toEqual({
      suggested: false,
      reason: "Fargate Spot is x86 only and 50 % of the tasks run on Spot",
    });
  });

  it("prices an ARM service at ARM rates", () => {
    // 1 vCPU / 4 GB ARM: 0.03238 + 0.01424 = 0.04662 × 730 × 2 = $68.0652.
    const { cost } = recommend(fargateUsage({ architecture: "arm64" }), settings());
    expect(cost?.nowMonthly).toBeCloseTo(68.0652, 6);
    expect(cost?.arm).toEqual({ suggested: false, reason: "already on ARM" });
  });

  it("uses the configured region's prices, and says which key to set when it has none", () => {
    const rates = { x86_64: { vcpuHour: 0.05, gbHour: 0.005 }, arm64: { vcpuHour: 0.04, gbHour: 0.004 } };
    // eu-test-1, 2 tasks of 1 vCPU / 4 GB: (0.05 + 0.02) × 730 × 2 = $102.2.
    expect(
      recommend(fargateUsage(), settings({ region: "eu-test-1", prices: { "eu-test-1": rates } })).cost?.nowMonthly,
    ).toBeCloseTo(102.2, 6);
    const missing = recommend(fargateUsage(), settings({ region: "eu-test-1" }));
    expect(missing.cost).toBeUndefined();
    expect(missing.costNote).toBe(
      "no Fargate prices for eu-test-1: add them under policies.right-sizing.prices.eu-test-1",
    );
    expect(missing.recommended).toEqual({ cpu: 256, memory: 2048 });
  });
});

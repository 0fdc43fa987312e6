import { describe, expect, it } from "vitest";
import { extraCostPerHour, onDemandTaskHour, round, spotTasks } from "@ecs-guardrails/core/pricing/fargate";
import type { CapacityProviderItem } from "@ecs-guardrails/core/model/description";
import { MIXED, ON_DEMAND_ONLY, SPOT_ONLY } from "../../../support/spot-snapshots.ts";

// Fargate prices, us-east-1 Linux/x86 (docs/design/aws-facts.md#fargate-sizes-and-prices): $0.04048 per vCPU-hour, $0.004445 per
// GB-hour; Fargate Spot up to 70 % off.

const item = (capacityProvider: string, base: number, weight: number): CapacityProviderItem => ({
  capacityProvider,
  base,
  weight,
});

describe("onDemandTaskHour", () => {
  it.each([
    [256, 512, 0.25 * 0.04048 + 0.5 * 0.004445],
    [1024, 2048, 0.04048 + 2 * 0.004445],
    [4096, 8192, 4 * 0.04048 + 8 * 0.004445],
  ])("prices a task of %i CPU units and %i MiB by its vCPUs and GBs", (cpu, memory, price) => {
    expect(onDemandTaskHour({ cpu, memory })).toBeCloseTo(price, 10);
  });

  it("prices 1 vCPU / 2 GB at $0.04937 an hour", () => {
    expect(onDemandTaskHour({ cpu: 1024, memory: 2048 })).toBeCloseTo(0.04937, 10);
  });
});

describe("spotTasks", () => {
  it.each([
    ["all on Spot", 4, 4, SPOT_ONLY],
    ["all on FARGATE", 4, 0, ON_DEMAND_ONLY],
    ["no strategy (launch type)", 4, 0, []],
    ["FARGATE base 1, then 1:3 with Spot", 5, 3, MIXED],
    ["FARGATE base 1, then 1:3 with Spot (base only)", 1, 0, MIXED],
    ["FARGATE base 1, then 1:3 with Spot (scaled to zero)", 0, 0, MIXED],
    ["Spot base 2, then 1:1 with FARGATE", 6, 4, [item("FARGATE_SPOT", 2, 1), item("FARGATE", 0, 1)]],
    ["Spot base 2 weight 0 (base cut short)", 1, 1, [item("FARGATE_SPOT", 2, 0), item("FARGATE", 0, 1)]],
    ["Spot base 2 weight 0 (the rest on FARGATE)", 5, 2, [item("FARGATE_SPOT", 2, 0), item("FARGATE", 0, 1)]],
  ])("%s: of %i tasks, %i on Spot", (_, desired, onSpot, strategy) => {
    expect(spotTasks(strategy, desired)).toBe(onSpot);
  });
});

describe("extraCostPerHour", () => {
  it("is 70 % of the on-demand price of the tasks moved off Spot", () => {
    expect(extraCostPerHour(4, { cpu: 1024, memory: 2048 })).toBe(round(4 * (0.04048 + 2 * 0.004445) * 0.7));
    expect(extraCostPerHour(4, { cpu: 1024, memory: 2048 })).toBe(0.1382);
  });

  it("is nothing when no task was on Spot", () => {
    expect(extraCostPerHour(0, { cpu: 4096, memory: 8192 })).toBe(0);
  });
});

describe("round", () => {
  it.each([
    [0.138236, 4, 0.1382],
    [0.41469, 2, 0.41],
    [2.5, 0, 3],
  ])("rounds %d to %i digits: %d", (n, digits, expected) => {
    expect(round(n, digits)).toBe(expected);
  });
});

import { describe, expect, it } from "vitest";
import {
  describeStrategy,
  pairsOf,
  stagedReturn,
  toOnDemand,
  unpresentCounterpart,
  usesSpot,
} from "@ecs-guardrails/core/capabilities/spot-fallback/strategy";
import type { CapacityProviderItem } from "@ecs-guardrails/core/model/description";
import { MIXED, ON_DEMAND_ONLY, SPOT_ONLY } from "../../../../support/spot-snapshots.ts";

// Capacity provider strategies: ECS places `base` tasks first, then splits the rest by `weight`
// (docs/design/aws-facts.md#ecs-deployments-and-capacity). Moving off Spot keeps that shape, with Spot's share on FARGATE.

const item = (capacityProvider: string, base: number, weight: number): CapacityProviderItem => ({
  capacityProvider,
  base,
  weight,
});

describe("usesSpot", () => {
  it.each([
    ["all on Spot", true, SPOT_ONLY],
    ["one task on FARGATE, the rest 1:3 with Spot", true, MIXED],
    ["a Spot base without weight", true, [item("FARGATE", 0, 1), item("FARGATE_SPOT", 2, 0)]],
    ["all on FARGATE", false, ON_DEMAND_ONLY],
    ["Spot listed with neither base nor weight", false, [item("FARGATE", 0, 1), item("FARGATE_SPOT", 0, 0)]],
    ["an EC2 capacity provider", false, [item("ec2-workers", 0, 1)]],
    ["the launch type (no strategy)", false, []],
  ])("%s → %s", (_, expected, strategy) => {
    expect(usesSpot(strategy)).toBe(expected);
  });
});

describe("toOnDemand", () => {
  it.each([
    ["all on Spot", SPOT_ONLY, [item("FARGATE", 0, 1)]],
    ["FARGATE base 1 weight 1 + Spot weight 3", MIXED, [item("FARGATE", 1, 4)]],
    [
      "Spot base 2 weight 1 + FARGATE weight 1",
      [item("FARGATE_SPOT", 2, 1), item("FARGATE", 0, 1)],
      [item("FARGATE", 2, 2)],
    ],
    ["already all on FARGATE", ON_DEMAND_ONLY, ON_DEMAND_ONLY],
    [
      "an EC2 provider beside Spot",
      [item("ec2-workers", 0, 2), item("FARGATE_SPOT", 0, 1)],
      [item("ec2-workers", 0, 2), item("FARGATE", 0, 1)],
    ],
  ])("moves %s to on-demand", (_, strategy, expected) => {
    const result = toOnDemand(strategy);

    expect(result).toEqual(expected);
    expect(usesSpot(result)).toBe(false);
  });

  it.each([
    ["a Spot base alone", [item("FARGATE_SPOT", 2, 0)], [item("FARGATE", 2, 1)]],
    [
      "a Spot base beside an unweighted FARGATE",
      [item("FARGATE", 0, 0), item("FARGATE_SPOT", 1, 0)],
      [item("FARGATE", 1, 1)],
    ],
  ])("never leaves every weight at 0: %s", (_, strategy, expected) => {
    expect(toOnDemand(strategy)).toEqual(expected);
  });

  it("leaves FARGATE's weight at 0 when another provider carries the weight", () => {
    expect(toOnDemand([item("ec2-workers", 0, 1), item("FARGATE_SPOT", 1, 0)])).toEqual([
      item("ec2-workers", 0, 1),
      item("FARGATE", 1, 0),
    ]);
  });

  it("does not change the strategy it is given", () => {
    const strategy = MIXED.map((s) => ({ ...s }));

    toOnDemand(strategy);

    expect(strategy).toEqual(MIXED);
  });
});

describe("stagedReturn", () => {
  it.each([
    ["all on Spot", SPOT_ONLY, [item("FARGATE", 2, 0), item("FARGATE_SPOT", 0, 1)]],
    ["a mixed strategy, keeping FARGATE's weight", MIXED, [item("FARGATE", 2, 1), item("FARGATE_SPOT", 0, 3)]],
    // ECS allows a base on one provider only: Spot's own base waits for the full return.
    [
      "a strategy with a Spot base",
      [item("FARGATE_SPOT", 1, 1), item("FARGATE", 0, 1)],
      [item("FARGATE", 2, 1), item("FARGATE_SPOT", 0, 1)],
    ],
  ])("keeps 2 tasks on FARGATE when returning %s", (_, original, expected) => {
    const staged = stagedReturn(original, 2);

    expect(staged).toEqual(expected);
    expect(staged.filter((s) => s.base > 0)).toHaveLength(1);
  });
});

describe("Managed Instances Spot pairs", () => {
  const pairs = pairsOf({ counterparts: { "mi-spot": "mi-od", "mi-spot-b": "mi-od" } });

  it("moves each Spot provider's base and weight to its counterpart, leaving other providers alone", () => {
    const strategy = [item("mi-spot", 1, 2), item("mi-spot-b", 0, 1), item("mi-od", 0, 1), item("mi-other", 0, 1)];

    const result = toOnDemand(strategy, pairs);

    expect(result).toEqual([item("mi-other", 0, 1), item("mi-od", 1, 4)]);
    expect(usesSpot(result, pairs)).toBe(false);
  });

  it("does not count a provider no pair names as Spot", () => {
    expect(usesSpot([item("mi-spot", 0, 1)])).toBe(false);
    expect(usesSpot([item("mi-spot", 0, 1)], pairs)).toBe(true);
  });

  it("keeps the staged base on the counterpart, not on FARGATE", () => {
    expect(stagedReturn([item("mi-spot", 0, 3), item("mi-od", 1, 1)], 2, pairs)).toEqual([
      item("mi-od", 2, 1),
      item("mi-spot", 0, 3),
    ]);
  });

  it("names the Spot provider whose counterpart the strategy lacks; FARGATE never lacks", () => {
    expect(unpresentCounterpart([item("mi-spot", 0, 1)], pairs)).toEqual({ provider: "mi-spot", counterpart: "mi-od" });
    expect(unpresentCounterpart([item("mi-spot", 0, 1), item("mi-od", 0, 0)], pairs)).toBeUndefined();
    expect(unpresentCounterpart(SPOT_ONLY, pairs)).toBeUndefined();
  });

  it("keeps FARGATE_SPOT's pair whatever the counterparts say", () => {
    expect(pairsOf({ counterparts: { FARGATE_SPOT: "mi-od" } })["FARGATE_SPOT"]).toBe("FARGATE");
  });
});

describe("describeStrategy", () => {
  it.each([
    [MIXED, "FARGATE base 1 weight 1, FARGATE_SPOT weight 3"],
    [SPOT_ONLY, "FARGATE_SPOT weight 1"],
    [[], "launch type"],
  ])("describes %j as %s", (strategy, text) => {
    expect(describeStrategy(strategy)).toBe(text);
  });
});

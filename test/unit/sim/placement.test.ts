import { choosePlacements, strategyProblem } from "@ecs-guardrails/sim/placement";
import { describe, expect, it } from "vitest";

const count = (providers: string[]) =>
  providers.reduce<Record<string, number>>((acc, p) => ({ ...acc, [p]: (acc[p] ?? 0) + 1 }), {});

describe("choosePlacements", () => {
  it("puts every task on FARGATE when the service has no strategy", () => {
    expect(choosePlacements([], new Map(), 3)).toEqual(["FARGATE", "FARGATE", "FARGATE"]);
  });

  it("fills the base first, then splits the rest by weight", () => {
    const strategy = [
      { capacityProvider: "FARGATE", base: 2, weight: 1 },
      { capacityProvider: "FARGATE_SPOT", base: 0, weight: 3 },
    ];

    expect(count(choosePlacements(strategy, new Map(), 10))).toEqual({ FARGATE: 4, FARGATE_SPOT: 6 });
  });

  it("splits 1:3 over four tasks as one and three, as in the ECS documentation", () => {
    const strategy = [
      { capacityProvider: "FARGATE", base: 0, weight: 1 },
      { capacityProvider: "FARGATE_SPOT", base: 0, weight: 3 },
    ];

    expect(count(choosePlacements(strategy, new Map(), 4))).toEqual({ FARGATE: 1, FARGATE_SPOT: 3 });
  });

  it("takes the tasks a deployment already has into account", () => {
    const strategy = [
      { capacityProvider: "FARGATE", base: 1, weight: 1 },
      { capacityProvider: "FARGATE_SPOT", base: 0, weight: 1 },
    ];

    expect(choosePlacements(strategy, new Map([["FARGATE", 2]]), 1)).toEqual(["FARGATE_SPOT"]);
  });

  it("places everything on the base provider when no provider has weight", () => {
    expect(choosePlacements([{ capacityProvider: "FARGATE_SPOT", base: 2, weight: 0 }], new Map(), 3)).toEqual([
      "FARGATE_SPOT",
      "FARGATE_SPOT",
      "FARGATE_SPOT",
    ]);
  });
});

describe("strategyProblem", () => {
  it("accepts FARGATE and FARGATE_SPOT with one base", () => {
    expect(
      strategyProblem([
        { capacityProvider: "FARGATE", base: 1, weight: 1 },
        { capacityProvider: "FARGATE_SPOT", base: 0, weight: 4 },
      ]),
    ).toBeUndefined();
  });

  it.each([
    [[{ capacityProvider: "MY_ASG", base: 0, weight: 1 }], /not associated with the cluster/],
    [
      [
        { capacityProvider: "FARGATE", base: 1, weight: 1 },
        { capacityProvider: "FARGATE_SPOT", base: 1, weight: 1 },
      ],
      /Only one capacity provider/,
    ],
    [[{ capacityProvider: "FARGATE", base: 0, weight: 0 }], /weight greater than zero/],
  ])("refuses %j", (strategy, message) => {
    expect(strategyProblem(strategy)).toMatch(message);
  });
});

import { describe, expect, it } from "vitest";
import { breakerCount, breakerThreshold, ecsBreaker } from "@ecs-guardrails/core/model/circuit-breaker";
import { serviceDescription } from "../../../support/snapshots.ts";

// ECS's deployment circuit breaker as the service configures it: the threshold ECS computes at
// the latest desired count, and the count of failures it has seen (docs/design/aws-facts.md).

describe("the breaker's threshold", () => {
  it.each([
    [1, 3],
    [6, 3],
    [7, 4],
    [10, 5],
    [25, 13],
    [399, 200],
    [1000, 200],
  ])("missing configuration is BOUNDED_PERCENT 50: desired %i gives %i", (desired, threshold) => {
    expect(breakerThreshold(undefined, desired)).toBe(threshold);
  });

  it.each([
    [20, 1, 3],
    [20, 10, 3],
    [20, 40, 8],
    [100, 500, 200],
    [7, 100, 7],
  ])("BOUNDED_PERCENT %i at desired %i is %i (rounded up, clamped to [3, 200])", (value, desired, threshold) => {
    expect(breakerThreshold({ type: "BOUNDED_PERCENT", value }, desired)).toBe(threshold);
  });

  it.each([
    [20, 1, 1],
    [20, 10, 2],
    [7, 100, 7],
    [100, 500, 500],
    [50, 1000, 500],
  ])("UNBOUNDED_PERCENT %i at desired %i is %i (rounded up, not clamped)", (value, desired, threshold) => {
    expect(breakerThreshold({ type: "UNBOUNDED_PERCENT", value }, desired)).toBe(threshold);
  });

  it("UNBOUNDED_PERCENT never asks for fewer than one failure, even at desired count 0", () => {
    expect(breakerThreshold({ type: "UNBOUNDED_PERCENT", value: 50 }, 0)).toBe(1);
  });

  it.each([1, 10, 400])("COUNT 2 is 2 at any desired count (%i)", (desired) => {
    expect(breakerThreshold({ type: "COUNT", value: 2 }, desired)).toBe(2);
  });

  it("computes percentages in integers: 7 % of 100 is 7, not 8", () => {
    expect(breakerThreshold({ type: "UNBOUNDED_PERCENT", value: 7 }, 100)).toBe(7);
  });
});

describe("what ECS's breaker does for a service", () => {
  it("uses the latest desired count, and resets by default", () => {
    const service = serviceDescription({ desiredCount: 10, circuitBreaker: { enable: true, rollback: true } });

    expect(ecsBreaker(service)).toEqual({ threshold: 5, resets: true, rollsBack: true, setting: "BOUNDED_PERCENT 50" });
  });

  it("honours COUNT and a cumulative count", () => {
    const circuitBreaker = {
      enable: true,
      rollback: false,
      thresholdConfiguration: { type: "COUNT", value: 2 },
      resetOnHealthyTask: false,
    };

    expect(ecsBreaker(serviceDescription({ circuitBreaker }))).toEqual({
      threshold: 2,
      resets: false,
      rollsBack: false,
      setting: "COUNT 2",
    });
  });

  it.each([
    ["no breaker", serviceDescription({ circuitBreaker: undefined })],
    ["a disabled breaker", serviceDescription({ circuitBreaker: { enable: false, rollback: true } })],
    [
      "a CodeDeploy controller",
      serviceDescription({ circuitBreaker: { enable: true, rollback: true }, deploymentController: "CODE_DEPLOY" }),
    ],
    [
      "an external controller",
      serviceDescription({ circuitBreaker: { enable: true, rollback: true }, deploymentController: "EXTERNAL" }),
    ],
    ["no description", undefined],
  ])("is nothing with %s", (_, service) => {
    expect(ecsBreaker(service)).toBeUndefined();
  });
});

describe("the failures ECS's breaker has counted", () => {
  it("cumulative: every counted failure since the deployment started, whatever turned healthy", () => {
    expect(breakerCount({ counted: 3, ecsFailedTasks: 1, healthyTask: true }, false)).toBe(3);
  });

  it("cumulative: ECS's own count when it is ahead of the history", () => {
    expect(breakerCount({ counted: 1, ecsFailedTasks: 2, healthyTask: false }, false)).toBe(2);
  });

  it("resetting, no task healthy yet: nothing reset it, so every counted failure", () => {
    expect(breakerCount({ counted: 2, ecsFailedTasks: 0, healthyTask: false }, true)).toBe(2);
  });

  it("resetting, a task turned healthy: only ECS's own count since then", () => {
    expect(breakerCount({ counted: 3, ecsFailedTasks: 1, healthyTask: true }, true)).toBe(1);
  });

  it("resetting, a task turned healthy and ECS does not say: none that the guardrails can be sure of", () => {
    expect(breakerCount({ counted: 3, ecsFailedTasks: undefined, healthyTask: true }, true)).toBe(0);
  });
});

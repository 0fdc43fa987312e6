import { failureThreshold } from "@ecs-guardrails/sim/circuit-breaker";
import { describe, expect, it } from "vitest";

// The simulator's own reckoning of ECS's threshold, written apart from the guardrails' (core
// model/circuit-breaker.ts) so that a mistake in one does not hide in the other.

describe("failureThreshold", () => {
  it.each([
    [1, 3],
    [2, 3],
    [6, 3],
    [7, 4],
    [10, 5],
    [399, 200],
    [400, 200],
    [1000, 200],
  ])("without a threshold configuration is ceil(0.5 × %i) clamped to [3, 200]: %i", (desired, threshold) => {
    expect(failureThreshold(undefined, desired)).toBe(threshold);
  });

  it.each([
    [{ type: "BOUNDED_PERCENT", value: 20 }, 10, 3],
    [{ type: "BOUNDED_PERCENT", value: 80 }, 10, 8],
    [{ type: "BOUNDED_PERCENT", value: 100 }, 500, 200],
    [{ type: "UNBOUNDED_PERCENT", value: 20 }, 10, 2],
    [{ type: "UNBOUNDED_PERCENT", value: 100 }, 500, 500],
    [{ type: "UNBOUNDED_PERCENT", value: 7 }, 100, 7],
    [{ type: "COUNT", value: 2 }, 1, 2],
    [{ type: "COUNT", value: 2 }, 400, 2],
  ])("%o at desired count %i is %i", (config, desired, threshold) => {
    expect(failureThreshold(config, desired)).toBe(threshold);
  });
});

import { failureThreshold } from "@ecs-guardrails/sim/circuit-breaker";
import { describe, expect, it } from "vitest";

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
  ])("is ceil(0.5 × %i) clamped to [3, 200]: %i", (desired, threshold) => {
    expect(failureThreshold(desired)).toBe(threshold);
  });
});

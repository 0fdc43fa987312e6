import { describe, expect, it } from "vitest";
import { failureThreshold } from "@ecs-guardrails/core/capabilities/auto-rollback/decide";
import { autoRollbackWith } from "../../../../support/policy-settings.ts";

// How many failed tasks it takes before a bad revision is rolled back: ours against ECS's
// deployment circuit breaker (docs/design/aws-facts.md#ecs-deployments-and-capacity).

const settings = (patch: object = {}) => autoRollbackWith(patch);

/** ECS's circuit breaker: ceil(0.5 × desired count), clamped to [3, 200]. */
function ecsCircuitBreakerThreshold(desiredCount: number): number {
  return Math.min(200, Math.max(3, Math.ceil(0.5 * desiredCount)));
}

describe("failureThreshold", () => {
  it.each([1, 4, 10, 400])("is the fixed default of 3 at desired count %i", (desired) => {
    expect(failureThreshold(settings(), desired)).toBe(3);
  });

  it("uses the configured fixed threshold when no percentage is set", () => {
    expect(failureThreshold(settings({ failureThreshold: 5 }), 100)).toBe(5);
  });

  it("uses the fixed threshold when ECS did not report a desired count", () => {
    expect(failureThreshold(settings({ failureThreshold: 4, failurePercent: 50 }), undefined)).toBe(4);
  });

  it.each([
    [25, 4, 1],
    [25, 10, 3], // 2.5 rounds up
    [50, 7, 4],
    [10, 1, 1], // 0.1 rounds up to 1
    [100, 20, 20],
    [0.5, 10, 1],
    [30, 0, 1], // a service scaled to zero still needs one failure, not zero
  ])("with failurePercent %d at desired count %i is %i", (percent, desired, expected) => {
    expect(failureThreshold(settings({ failurePercent: percent }), desired)).toBe(expected);
  });
});

describe("the default threshold against ECS's circuit breaker", () => {
  // These rows are the table in the README ("Auto-rollback"): keep them in step.
  it.each([
    [1, 3, 1, 3],
    [4, 3, 1, 3],
    [10, 3, 3, 5],
    [25, 3, 7, 13],
    [100, 3, 25, 50],
    [400, 3, 100, 200],
  ])(
    "at desired count %i the guardrails roll back after %i failures (%i with failurePercent 25), ECS after %i",
    (desired, ours, quarter, ecs) => {
      expect(failureThreshold(settings(), desired)).toBe(ours);
      expect(failureThreshold(settings({ failurePercent: 25 }), desired)).toBe(quarter);
      expect(ecsCircuitBreakerThreshold(desired)).toBe(ecs);
    },
  );

  it("never needs more failures than ECS's circuit breaker at any desired count up to 1000", () => {
    const later = Array.from({ length: 1000 }, (_, i) => i + 1).filter(
      (d) => failureThreshold(settings(), d) > ecsCircuitBreakerThreshold(d),
    );
    expect(later).toEqual([]);
  });
});

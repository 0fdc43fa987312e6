import { describe, expect, it } from "vitest";
import { monthlyChange } from "@ecs-guardrails/core/capabilities/right-sizing/prices";

describe("the monthly change of a recommendation, in words", () => {
  it("says what a smaller size saves", () => {
    expect(monthlyChange(57.311)).toBe("saves $57.31/month");
  });

  it("says what a larger size costs more, never a negative dollar figure", () => {
    expect(monthlyChange(-6.49)).toBe("costs $6.49/month more");
  });

  it("says a change of less than a cent saves nothing rather than costing -$0.00", () => {
    expect(monthlyChange(-0.001)).toBe("saves $0.00/month");
  });
});

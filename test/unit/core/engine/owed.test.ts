import { describe, expect, it } from "vitest";
import { handOver, underOwed } from "../../../../packages/core/src/engine/owed.ts";
import type { Decision } from "../../../../packages/core/src/model/decision.ts";

// The engine's rule while a policy owes what enforce changed (docs/how-it-works.md "A decision's lifecycle").

const ref = { cluster: "prod", service: "batch" };
const decision = (patch: Partial<Decision> = {}): Decision => ({
  policy: "scheduled-scaling",
  key: "scheduled-scaling#start#windows[day]@2026-11-21T08:00:00.000Z#observe",
  action: { type: "scale", desiredCount: 2 },
  severity: "info",
  title: "Scale prod/batch",
  reason: "window day holds",
  threadId: "prod/batch/schedule",
  deploymentId: undefined,
  facts: {},
  state: { value: { holding: "windows[day]@…", mode: "observe" }, attention: true },
  ...patch,
});

describe("a decision while enforce's change is owed", () => {
  it("in observe mode is only observed and leaves the owed state as enforce wrote it", () => {
    const { decision: out, mode } = underOwed(decision(), "observe");

    expect(mode).toBe("observe");
    expect(out.state).toBeUndefined();
    expect(out.action).toEqual({ type: "scale", desiredCount: 2 });
  });

  it("in observe mode is carried out as enforced when it puts back, and says so", () => {
    const { decision: out, mode } = underOwed(decision({ restores: true, reason: "window night ended" }), "observe");

    expect(mode).toBe("enforce");
    expect(out.reason).toBe("window night ended (put back what enforce changed; observe makes no new changes)");
    expect(out.state).toBeDefined();
  });

  it("in enforce mode is left as decided", () => {
    const d = decision();
    expect(underOwed(d, "enforce")).toEqual({ decision: d, mode: "enforce" });
  });
});

describe("the hand-over", () => {
  it("is one warning per incident naming the saved values and the command, and settles the state off the attention list", () => {
    const d = handOver(
      "scheduled-scaling",
      ref,
      {
        incident: "windows[night]@x",
        saved: "desired 4",
        restore: "aws ecs update-service --cluster prod --service batch --desired-count 4",
        settled: { holding: undefined },
      },
      { mode: "off" },
    );

    expect(d).toMatchObject({
      key: "scheduled-scaling#hand-over#windows[night]@x",
      action: undefined,
      severity: "warning",
      state: { value: { holding: undefined }, attention: false },
    });
    expect(d.reason).toBe(
      "scheduled-scaling is now off, so the guardrails no longer put back what they changed; before the change the service had desired 4; to put that back: aws ecs update-service --cluster prod --service batch --desired-count 4",
    );
  });
});

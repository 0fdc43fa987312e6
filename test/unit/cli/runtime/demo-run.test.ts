import { demoDoneLine, hookAnswerLine } from "@ecs-guardrails/cli/runtime/demo-run";
import { describe, expect, it } from "vitest";

const START = Date.parse("2026-11-20T10:00:00Z");
const MINUTE = 60_000;

describe("the demo's closing line", () => {
  it("states the simulated span from the clock's start and end, and the wall-clock time it took", () => {
    expect(demoDoneLine(START, START + 38 * MINUTE, 44_400, 0)).toBe(
      "Demo done: 38 minutes of simulated time (2026-11-20 10:00:00 → 2026-11-20 10:38:00 UTC) in 44 s; 0 dead letters.",
    );
  });

  it("says the seconds of a span that is not whole minutes, and one dead letter in the singular", () => {
    expect(demoDoneLine(START, START + 61_000, 2_000, 1)).toBe(
      "Demo done: 1 minute 1 s of simulated time (2026-11-20 10:00:00 → 2026-11-20 10:01:01 UTC) in 2 s; 1 dead letter.",
    );
  });
});

describe("a lifecycle hook's answer in the demo's story", () => {
  it("says when ECS asks again while the hook watches, and why", () => {
    expect(
      hookAnswerLine("demo/cart", {
        stage: "POST_SCALE_UP",
        hookStatus: "IN_PROGRESS",
        callBackDelay: 30,
        reason: "watching the target revision",
      }),
    ).toBe(
      "demo/cart  ▶ lifecycle hook at POST_SCALE_UP answered IN_PROGRESS (asked again every 30 s) — watching the target revision",
    );
    expect(hookAnswerLine("demo/cart", { stage: "POST_SCALE_UP", hookStatus: "SUCCEEDED", reason: "clean" })).toBe(
      "demo/cart  ▶ lifecycle hook at POST_SCALE_UP answered SUCCEEDED — clean",
    );
  });
});

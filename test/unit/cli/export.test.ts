import { reportComparison } from "@ecs-guardrails/cli/replay-comparison";
import type { ActionLine } from "@ecs-guardrails/cli/replay/lines";
import type { RecordedDecision } from "@ecs-guardrails/cli/replay/recorded";
import { sinceTime } from "@ecs-guardrails/cli/since";
import { describe, expect, it } from "vitest";

describe("export's --since", () => {
  const now = new Date("2026-12-06T12:00:00Z");

  it.each([
    ["30d", "2026-11-06T12:00:00.000Z"],
    ["12h", "2026-12-06T00:00:00.000Z"],
    ["90m", "2026-12-06T10:30:00.000Z"],
    ["2026-11-01T00:00:00Z", "2026-11-01T00:00:00.000Z"],
  ])("reads %s as an age or a time", (raw, expected) => {
    expect(sinceTime(raw, now)).toBe(expected);
  });

  it("names what it expects in one line for anything else", () => {
    expect(() => sinceTime("last month", now)).toThrow(
      '--since "last month": expected an age (30d, 12h, 90m) or an ISO-8601 time',
    );
  });
});

describe("the replay report beside live's decisions", () => {
  const who = { cluster: "shop", service: "web", policy: "auto-rollback", action: "rollback", reason: "3 failures" };
  const candidate: ActionLine = {
    type: "action",
    ...who,
    mode: "enforce",
    verdict: "acted",
    at: "2026-11-21T09:05:00Z",
  };
  const recorded = (at: string): RecordedDecision => ({
    guardrails: "decision",
    ...who,
    mode: "observe",
    verdict: "observed",
    at,
  });

  it("says how many differ, then lists the differences before the agreements", () => {
    const printed: string[] = [];
    const out = { line: (t: string) => printed.push(t), json: () => undefined, error: () => undefined };

    reportComparison([candidate], [recorded("2026-11-21T09:05:00Z"), recorded("2026-11-21T10:00:00Z")], false, out);

    const text = printed.join("\n");
    expect(text).toContain("Beside what live recorded: 1 difference, 1 in agreement");
    expect(text.indexOf("differs: only-recorded")).toBeGreaterThan(0);
    expect(text.indexOf("differs: only-recorded")).toBeLessThan(text.indexOf("agrees"));
  });
});

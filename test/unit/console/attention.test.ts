import { describe, expect, it } from "vitest";
import { rankMatters, topMatter, type Matter } from "../../../packages/console/src/attention.ts";

const note = (text: string, severity: Matter["severity"], time: string): Matter => ({
  kind: "note",
  text,
  severity,
  time,
});

describe("what needs attention on a service", () => {
  it("puts a rollback under way above a newer routine right-sizing note", () => {
    const ranked = rankMatters([
      note("Right-size prod/web to 256 CPU units", "info", "2026-11-21T06:00:00Z"),
      { kind: "rolling-back", text: "rolling back ecs-svc/2", severity: "critical" },
    ]);
    expect(ranked.map((m) => m.kind)).toEqual(["rolling-back", "note"]);
  });

  it("orders the open matters: a failed action, rolling back, gone, Spot fallback, freeze, window", () => {
    const kinds = ["schedule-window", "freeze", "spot-fallback", "gone", "rolling-back", "action-failed"] as const;
    const ranked = rankMatters(kinds.map((kind) => ({ kind, text: kind, severity: "info" as const })));
    expect(ranked.map((m) => m.kind)).toEqual([...kinds].reverse());
  });

  it("ranks notes by severity, then the newest first", () => {
    const ranked = rankMatters([
      note("old info", "info", "2026-11-20T10:00:00Z"),
      note("rolled back", "critical", "2026-11-19T10:00:00Z"),
      note("new info", "info", "2026-11-21T10:00:00Z"),
      note("fallback", "warning", "2026-11-18T10:00:00Z"),
    ]);
    expect(ranked.map((m) => m.text)).toEqual(["rolled back", "fallback", "new info", "old info"]);
  });

  it("leads with nothing when nothing is open or noted", () => {
    expect(topMatter([])).toBeUndefined();
  });
});

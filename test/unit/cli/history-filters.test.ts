import { accountFilter, askedKinds, kinds, since, sinceTime } from "@ecs-guardrails/cli/history-filters";
import { describe, expect, it } from "vitest";

const NOW = new Date("2026-11-20T12:00:00.000Z");

describe("history --since", () => {
  it.each([
    ["30d", "2026-10-21T12:00:00.000Z"],
    ["12h", "2026-11-20T00:00:00.000Z"],
    ["45m", "2026-11-20T11:15:00.000Z"],
    ["2w", "2026-11-06T12:00:00.000Z"],
    ["2026-11-01", "2026-11-01T00:00:00.000Z"],
    ["2026-11-20T10:00:00+02:00", "2026-11-20T08:00:00.000Z"],
  ])("reads %s as %s", (raw, iso) => {
    expect(sinceTime(since(raw), NOW)).toBe(iso);
  });

  it.each(["last week", "30", "d30", "11/20/2026", ""])("refuses %j", (raw) => {
    expect(() => since(raw)).toThrow("expected a duration back from now (30d, 12h, 45m) or an ISO-8601 time.");
  });
});

describe("history --type and --decisions", () => {
  it("takes one kind or several, comma-separated", () => {
    expect(kinds("alarm")).toEqual(["alarm"]);
    expect(kinds("deployment, decision,deployment")).toEqual(["deployment", "decision"]);
  });

  it("lists the kinds for one it does not know", () => {
    expect(() => kinds("deployment,deploy")).toThrow(/^expected one of: task-stopped, task-stopping, deployment,/);
  });

  it("reads --decisions as the decisions only, and no filter as every kind", () => {
    expect(askedKinds({ decisions: true })).toEqual(["decision"]);
    expect(askedKinds({})).toBeUndefined();
    expect(() => askedKinds({ decisions: true, type: ["alarm"] })).toThrow("--decisions is --type decision");
  });
});

describe("--account of export, recommend and schedule (one parser)", () => {
  it("takes an account alone, or one Region of it", () => {
    expect(accountFilter("444455556666")).toEqual({ account: "444455556666" });
    expect(accountFilter(" 444455556666/eu-west-1 ")).toEqual({ account: "444455556666", region: "eu-west-1" });
  });

  it.each(["44445555666", "444455556666/", "444455556666/eu-west-1/x", "payments"])("refuses %s in one line", (raw) => {
    expect(() => accountFilter(raw)).toThrow(
      "expected home, a 12-digit account id, or ACCOUNT/REGION (e.g. 444455556666/eu-west-1).",
    );
  });
});

import { compareDecisions } from "@ecs-guardrails/cli/replay/compare";
import type { ActionLine } from "@ecs-guardrails/cli/replay/lines";
import type { RecordedDecision } from "@ecs-guardrails/cli/replay/recorded";
import { describe, expect, it } from "vitest";

const base = { cluster: "shop", service: "web", policy: "auto-rollback", action: "rollback" };
const candidate = (at: string, extra: Partial<ActionLine> = {}): ActionLine => ({
  type: "action",
  ...base,
  mode: "enforce",
  verdict: "acted",
  at,
  reason: "3 failures",
  taskDefinition: "web:41",
  ...extra,
});
const recorded = (at: string, extra: Partial<RecordedDecision> = {}): RecordedDecision => ({
  guardrails: "decision",
  ...base,
  mode: "observe",
  verdict: "observed",
  at,
  reason: "3 failures",
  taskDefinition: "web:41",
  ...extra,
});

describe("comparing the candidate with what live recorded", () => {
  it("agrees on the same action at the same time, whatever the modes", () => {
    const lines = compareDecisions([candidate("2026-11-21T09:05:00.000Z")], [recorded("2026-11-21T09:05:00Z")]);

    expect(lines).toEqual([expect.objectContaining({ type: "comparison", verdict: "agrees", ...base })]);
    expect(lines[0]!.difference).toBeUndefined();
  });

  it("puts the differences first: a later time, another target, one side alone", () => {
    const lines = compareDecisions(
      [
        candidate("2026-11-21T09:01:00Z"),
        candidate("2026-11-21T09:10:00Z"),
        candidate("2026-11-21T09:20:00Z", { taskDefinition: "web:40" }),
        candidate("2026-11-21T09:30:00Z", { service: "api" }),
      ],
      [
        recorded("2026-11-21T09:01:00Z"),
        recorded("2026-11-21T09:12:00Z"),
        recorded("2026-11-21T09:20:00Z"),
        recorded("2026-11-21T09:40:00Z", { policy: "spot-fallback", action: "capacity-fallback" }),
      ],
    );

    expect(lines.map((l) => [l.verdict, l.difference, l.candidate?.at ?? l.recorded?.at])).toEqual([
      ["differs", "time", "2026-11-21T09:10:00Z"],
      ["differs", "target", "2026-11-21T09:20:00Z"],
      ["differs", "only-candidate", "2026-11-21T09:30:00Z"],
      ["differs", "only-recorded", "2026-11-21T09:40:00Z"],
      ["agrees", undefined, "2026-11-21T09:01:00Z"],
    ]);
    expect(lines[0]!.recorded?.at).toBe("2026-11-21T09:12:00Z");
  });

  it("counts times within the same second as the same: envelopes carry whole seconds, live stamped its own clock", () => {
    const [line] = compareDecisions([candidate("2026-11-21T09:05:00.000Z")], [recorded("2026-11-21T09:05:00.794Z")]);

    expect(line).toMatchObject({ verdict: "agrees" });
  });

  it("agrees on a target whose objects list their keys in another order (the history's round trip reorders them)", () => {
    const strategy = (order: "stored" | "decided") =>
      order === "decided"
        ? [{ capacityProvider: "FARGATE", base: 0, weight: 1 }]
        : [{ weight: 1, capacityProvider: "FARGATE", base: 0 }];
    const lines = compareDecisions(
      [candidate("2026-11-21T09:05:00Z", { capacityProviderStrategy: strategy("decided") })],
      [recorded("2026-11-21T09:05:00Z", { capacityProviderStrategy: strategy("stored") })],
    );
    expect(lines.map((l) => l.difference ?? l.verdict)).toEqual(["agrees"]);
  });

  it("tells a different reason for the same action apart from an agreement", () => {
    const [line] = compareDecisions(
      [candidate("2026-11-21T09:05:00Z", { reason: "5 failures" })],
      [recorded("2026-11-21T09:05:00Z")],
    );

    expect(line).toMatchObject({ verdict: "differs", difference: "reason" });
  });

  it("agrees on a reason quoting a time of live's clock at the same second (the fallback's time in a return's reason)", () => {
    const reason = (since: string) => `on FARGATE for 10 minutes since ${since} (spot placement failure)`;
    const [line] = compareDecisions(
      [candidate("2026-11-21T09:05:02.502Z", { reason: reason("2026-11-21T08:55:01.000Z") })],
      [recorded("2026-11-21T09:05:02.502Z", { reason: reason("2026-11-21T08:55:01.377Z") })],
    );

    expect(line).toMatchObject({ verdict: "agrees" });
  });

  it("tells a reason quoting a time of another second apart", () => {
    const [line] = compareDecisions(
      [candidate("2026-11-21T09:05:00Z", { reason: "since 2026-11-21T08:55:02.000Z" })],
      [recorded("2026-11-21T09:05:00Z", { reason: "since 2026-11-21T08:55:01.377Z" })],
    );

    expect(line).toMatchObject({ verdict: "differs", difference: "reason" });
  });
});

describe("comparing decisions of several accounts", () => {
  const member = { account: "444455556666", region: "eu-west-1" };
  const home = { account: "123456789012", region: "us-east-1" };

  it("pairs each account's decision with that account's, never another's same prod/web", () => {
    const at = "2026-11-21T09:05:00Z";

    const lines = compareDecisions([candidate(at, member)], [recorded(at, home), recorded(at, member)], home.account);

    expect(lines.map((l) => [l.verdict, l.difference, l.account])).toEqual([
      ["differs", "only-recorded", home.account],
      ["agrees", undefined, member.account],
    ]);
  });

  it("pairs home's decision named by its account with one that names no account", () => {
    const at = "2026-11-21T09:05:00Z";

    const lines = compareDecisions([candidate(at, home)], [recorded(at)], home.account);

    expect(lines.map((l) => l.verdict)).toEqual(["agrees"]);
  });
});

describe("comparing a stream of one account", () => {
  it("pairs as before whatever account the recorded lines name", () => {
    const at = "2026-11-21T09:05:00Z";

    const lines = compareDecisions([candidate(at)], [recorded(at, { account: "111122223333", region: "us-east-1" })]);

    expect(lines).toEqual([expect.objectContaining({ verdict: "agrees" })]);
    expect(lines[0]!.account).toBeUndefined();
  });
});

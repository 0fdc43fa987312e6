import { describe, expect, it } from "vitest";
import type { DeploymentRecord, TimelineEntry } from "@ecs-guardrails/core/history/model";
import { observeEvidence } from "@ecs-guardrails/core/history/observe-evidence";
import { evidenceOf } from "@ecs-guardrails/core/registry";
import { deploymentRecord } from "../../../support/snapshots.ts";

// The observe report's evidence, per service: each action observe would have taken in the
// period, what happened next, and whether observe was right; honest where it cannot know.

const ref = { cluster: "prod", service: "web" };
const T = (minutes: number) => new Date(Date.parse("2026-11-20T10:00:00Z") + minutes * 60_000).toISOString();
const td = (n: number) => `arn:aws:ecs:us-east-1:111122223333:task-definition/web:${n}`;

function decision(
  minutes: number,
  key: string,
  data: { policy: string; action: Record<string, unknown>; facts?: Record<string, string>; verdict?: string },
  title = "Would act",
): TimelineEntry {
  return {
    ...ref,
    type: "decision",
    time: T(minutes),
    eventId: key,
    summary: `${data.policy} ${data.verdict ?? "observed"}: ${title}`,
    reason: "because",
    data: { mode: "observe", verdict: "observed", facts: {}, ...data },
  };
}

// The shared builder, with this file's defaults: its service, an in-progress outcome unless given.
function deployment(id: string, n: number, extra: Partial<DeploymentRecord>): DeploymentRecord {
  return deploymentRecord(id, { ...ref, taskDefinitionArn: td(n), outcome: "in-progress", ...extra });
}

const rollback = (minutes: number) =>
  decision(
    minutes,
    "auto-rollback#rollback#ecs-svc/2@observe",
    {
      policy: "auto-rollback",
      action: { type: "rollback", deploymentId: "ecs-svc/2", taskDefinition: td(41), fromTaskDefinition: td(42) },
    },
    "Roll back prod/web from web:42 to web:41",
  );

const evidence = (timeline: TimelineEntry[], deployments: DeploymentRecord[] = [], extra = {}) =>
  observeEvidence({ ref, since: T(-60), now: T(24 * 60), timeline, deployments, ...extra }, evidenceOf);

describe("a rollback observe would have made", () => {
  it("agreed when a person rolled the same release back by hand 20 minutes later", () => {
    const out = evidence(
      [rollback(0)],
      [deployment("ecs-svc/2", 42, { startedAt: T(-10) }), deployment("ecs-svc/3", 41, { startedAt: T(20) })],
    );

    expect(out.lines).toEqual([
      {
        at: T(0),
        policy: "auto-rollback",
        action: "rollback",
        wouldHave: "Roll back prod/web from web:42 to web:41",
        next: "a person rolled the same release back by hand 20 minutes later (to web:41)",
        verdict: "agreed",
      },
    ]);
    expect(out.counts).toEqual({ agreed: 1, "observe would have been wrong": 0, unknown: 0 });
  });

  it("agreed when ECS's circuit breaker rolled it back", () => {
    const out = evidence(
      [rollback(0)],
      [deployment("ecs-svc/2", 42, { rolledBackAt: T(7), rolledBackBy: "ecs-circuit-breaker" })],
    );

    expect(out.lines[0]).toMatchObject({
      next: "ECS's circuit breaker rolled web:42 back 7 minutes later",
      verdict: "agreed",
    });
  });

  it("says observe would have been wrong when the release completed and stayed", () => {
    const out = evidence([rollback(0)], [deployment("ecs-svc/2", 42, { completedAt: T(12), outcome: "completed" })]);

    expect(out.lines[0]).toMatchObject({
      next: "web:42 completed 12 minutes later and nobody rolled it back: the rollback would have undone a release that worked",
      verdict: "observe would have been wrong",
    });
  });

  it("does not judge a release still rolling out", () => {
    expect(evidence([rollback(0)], [deployment("ecs-svc/2", 42, {})]).lines[0]).toMatchObject({
      next: "web:42 was still rolling out at the end of the period",
      verdict: "unknown",
    });
  });

  it("leaves out what enforce did and what observe decided before the period", () => {
    const enforced = { ...rollback(5), eventId: "auto-rollback#rollback#ecs-svc/2" };

    expect(evidence([enforced, rollback(-120)]).lines).toEqual([]);
  });
});

describe("a Spot fallback observe would have made", () => {
  const fallback = decision(0, "spot-fallback#fallback#1@observe", {
    policy: "spot-fallback",
    action: { type: "capacity-fallback" },
    facts: { incident: "1" },
  });
  const back = decision(35, "spot-fallback#restore#1@observe", {
    policy: "spot-fallback",
    action: { type: "capacity-restore" },
    facts: {
      incident: "1",
      extraCost: "0.07",
      since: T(0),
      durationHours: "0.58",
    },
  });

  it("says the shortage cleared by itself, when, and what on-demand would have cost", () => {
    const out = evidence([back, fallback]);

    expect(out.lines.map((l) => [l.action, l.next, l.verdict])).toEqual([
      [
        "capacity-fallback",
        "the Spot shortage cleared by itself: observe would have returned to Spot 35 minutes later, about $0.07 more on on-demand",
        "agreed",
      ],
      ["capacity-restore", `ends the fallback of ${T(0)} (0.58 hours on on-demand)`, "unknown"],
    ]);
  });

  it("says so on a line where observe cannot know what enforce would have seen, and never counts it as agreed", () => {
    const line = evidence([back, fallback]).lines[1]!;

    expect(line.caveat).toBe("observe cannot know: a person's change to a strategy it never set");
    expect(line.verdict).toBe("unknown");
  });

  it("names a fallback enforce's rate limit would have blocked", () => {
    const guard =
      "enforce would be blocked here: rate limit: 3 automatic actions on this service in the last 60 minutes (max 3)";
    const blocked = { ...fallback, data: { ...fallback.data, verdict: "blocked", guard } };

    expect(evidence([blocked]).lines[0]).toMatchObject({
      wouldHave: "Would act (enforce's guard would have blocked it)",
      caveat: guard,
    });
  });
});

describe("a night window observe would have applied", () => {
  const facts = { window: "night", occurrence: "night@2026-11-20" };
  const start = decision(0, "scheduled-scaling#start#night@2026-11-20#observe@observe", {
    policy: "scheduled-scaling",
    action: { type: "scale", desiredCount: 1 },
    facts,
  });
  const end = decision(11 * 60, "scheduled-scaling#end#night@2026-11-20@observe", {
    policy: "scheduled-scaling",
    action: { type: "scale", desiredCount: 4 },
    facts: { window: "night", occurrence: "night@2026-11-20" },
  });

  it("says what the window would have saved, in $ when the task's price is known", () => {
    const out = evidence([start, end], [], { taskHourPrice: 0.0123 });

    expect(out.lines[0]).toMatchObject({
      next: 'window "night" held for 11.0 hours: it would have saved 33.0 task-hours (about $0.41)',
      verdict: "agreed",
    });
  });

  it("says observe cannot know of a person's change on the window's observed restore", () => {
    expect(evidence([start, end]).lines.map((l) => l.caveat)).toEqual([
      undefined,
      "observe cannot know: a person's change to a capacity it never set",
    ]);
  });

  it("does not judge a window that still holds", () => {
    expect(evidence([start]).lines[0]).toMatchObject({ verdict: "unknown" });
  });
});

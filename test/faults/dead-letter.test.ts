import { describe, expect, it } from "vitest";
import { verdictOf } from "./checks.ts";
import { crash, deploymentHistory, rolledBack, ROLLBACK_KEY, service } from "./rollback-service.ts";
import { placementFailure, spotService, tick } from "./spot-service.ts";
import { runScenario, type Scenario } from "./world.ts";

// Faults that last: a service that refuses every attempt. Lambda gives up after two retries and
// the event goes to the dead-letter queue — and then nothing may be lost or repeated: one
// critical notice per decision that could not be carried out, and every notice delivered once
// the fault is over (on the redrive of the dead-letter queue, or by a later invocation).

const crashLoop: Scenario = {
  id: "crash-loop",
  title: "crash loop",
  config: { policies: { "auto-rollback": { mode: "enforce" } } },
  service: service(),
  inputs: [...deploymentHistory(), crash(1), crash(2), crash(3)],
  truths: rolledBack,
};

describe("faults that last", () => {
  it("puts the event whose rollback ECS refuses on every attempt in the dead-letter queue, with one critical notice", async () => {
    const run = await runScenario(crashLoop, { fault: { every: "ECS.UpdateService", kind: "throw" } });
    expect(run.deadLetters.map((o) => o.input.label)).toEqual(["crash 3"]);
    expect(run.actions).toEqual([]);
    expect(run.deployments.find((d) => d.deploymentId === "ecs-svc/2")?.outcome).toBe("in-progress");
    expect(run.decisions.filter((d) => d.eventId === ROLLBACK_KEY && verdictOf(d) === "acted")).toEqual([]);
    const rollbackNotices = run.notices.filter((n) => n.eventType.startsWith("auto-rollback.rollback"));
    expect(rollbackNotices.map((n) => n.eventType)).toEqual(["auto-rollback.rollback.failed"]);
  });

  it("rolls back once when the dead-letter queue is redriven after ECS recovers", async () => {
    const run = await runScenario(crashLoop, {
      fault: { every: "ECS.UpdateService", kind: "throttle" },
      afterwards: (dead) =>
        dead.map((o) => ({ ...o.input, at: new Date(Date.parse(o.input.at) + 3_600_000).toISOString() })),
    });
    expect(run.firstDeadLetters.map((o) => o.input.label)).toEqual(["crash 3"]);
    expect(run.deadLetters).toEqual([]);
    expect(rolledBack(run)).toEqual([]);
    expect(run.notices.filter((n) => n.eventType === "auto-rollback.rollback.acted")).toHaveLength(1);
  });

  it("delivers every notice exactly once after SNS comes back, however long it refused them", async () => {
    // SNS throttles every publish of the scenario; then the dead-letter queue is redriven and a
    // reconcile runs, with SNS up again.
    const run = await runScenario(crashLoop, {
      fault: { every: "SNS.Publish", kind: "throttle" },
      afterwards: (dead) => [
        ...dead.map((o) => ({ ...o.input, at: new Date(Date.parse(o.input.at) + 3_600_000).toISOString() })),
        { label: "tick after the outage", at: "2026-11-20T12:00:00.000Z", tick: true },
      ],
    });
    expect(run.notices.map((n) => n.eventType).sort()).toEqual([
      "auto-rollback.notice.noted",
      "auto-rollback.rollback.acted",
    ]);
    expect(rolledBack(run)).toEqual([]);
  });

  it("gives one critical notice when ECS refuses the Spot fallback on every attempt of every event, not one per attempt", async () => {
    const spot: Scenario = {
      id: "spot",
      title: "spot",
      config: { policies: { "spot-fallback": { mode: "enforce" } } },
      service: spotService(),
      inputs: [placementFailure(1), placementFailure(3), placementFailure(5), tick(10)],
      truths: () => [],
    };
    const seen = await runScenario(spot, { fault: { every: "ECS.UpdateService", kind: "throw" } });
    const perDecision = new Map<string, number>();
    for (const n of seen.notices) perDecision.set(n.id, (perDecision.get(n.id) ?? 0) + 1);
    expect([...perDecision.values()]).toEqual([1]);
    expect(seen.notices.map((n) => n.eventType)).toEqual(["spot-fallback.capacity-fallback.failed"]);
  });
});

import { describe, expect, it } from "vitest";
import type { SpotFallbackSettings } from "@ecs-guardrails/core/capabilities/spot-fallback/settings";
import type { TimelineEntry } from "@ecs-guardrails/core/history/model";
import { spotFallback } from "@ecs-guardrails/core/capabilities/spot-fallback/decide";
import type { ServiceDescription } from "@ecs-guardrails/core/model/description";
import type { Snapshot } from "@ecs-guardrails/core/model/snapshot";
import { REF, ecsDeployment } from "../../../../support/snapshots.ts";
import { MIXED, interruption, minute, spotSettings, spotSnapshot } from "../../../../support/spot-snapshots.ts";

// Below the desired count is not Spot-specific: a crash loop or a slow rollout runs below desired
// too, and moving it to on-demand FARGATE only costs money. The reconcile falls back after the
// grace period only for a Spot shortfall: placement failures naming FARGATE_SPOT, Spot
// interruptions, or tasks pending when they can only be Spot tasks.

const tick = (snapshot: Snapshot, patch: Partial<SpotFallbackSettings> = {}) =>
  spotFallback.tick!({ snapshot, settings: spotSettings(patch), now: new Date(minute(11)) });
const outcome = (snapshot: Snapshot) => tick(snapshot).decisions.map((d) => d.action?.type ?? d.key);

/** prod/web on Spot, 1 of 4 tasks running since minute 0, with this recent timeline. */
const belowSinceZero = (recent: TimelineEntry[], service: Partial<ServiceDescription> = {}) =>
  spotSnapshot({ service: { runningCount: 1, ...service }, state: { belowSince: minute(0) }, recent });

const placementFailure = (m: number, capacityProviders = ["FARGATE_SPOT"]): TimelineEntry => ({
  ...REF,
  type: "service-action",
  time: minute(m),
  eventId: `placement-${m}`,
  summary: "ERROR SERVICE_TASK_PLACEMENT_FAILURE",
  eventName: "SERVICE_TASK_PLACEMENT_FAILURE",
  reason: "RESOURCE:FARGATE",
  data: { capacityProviders },
});
const crash = (taskId: string, m: number): TimelineEntry => ({
  ...REF,
  type: "task-stopped",
  time: minute(m),
  eventId: `crash-${taskId}`,
  summary: `task ${taskId} stopped: crash`,
  taskId,
  stopClass: "crash",
  deploymentId: "ecs-svc/1",
});
const rollingOut = {
  deployments: [
    ecsDeployment("ecs-svc/2", { status: "PRIMARY", rolloutState: "IN_PROGRESS" }),
    ecsDeployment("ecs-svc/1"),
  ],
};

describe("the reconcile's fallback for a service below its desired count", () => {
  it.each<[string, TimelineEntry[], Partial<ServiceDescription>]>([
    ["a crash loop", [crash("c1", 3), crash("c2", 6), crash("c3", 9)], {}],
    ["a slow rollout", [], { pendingCount: 3, ...rollingOut }],
    ["a shortfall with nothing to explain it", [], {}],
    ["tasks pending while the revision crashes", [crash("c1", 8)], { pendingCount: 3 }],
    [
      "tasks pending while ECS counts failed tasks",
      [],
      { pendingCount: 3, deployments: [ecsDeployment("ecs-svc/1", { status: "PRIMARY", failedTasks: 2 })] },
    ],
    ["tasks pending that may be on FARGATE", [], { pendingCount: 3, capacityProviderStrategy: MIXED }],
    ["a placement failure on FARGATE, not Spot", [placementFailure(5, ["FARGATE"])], {}],
    ["a Spot interruption from well before the shortfall began", [interruption("t1", -6)], {}],
  ])("does not fall back for %s", (_, recent, service) => {
    expect(tick(belowSinceZero(recent, service)).decisions).toEqual([]);
  });

  it.each<[string, TimelineEntry[], Partial<ServiceDescription>, string]>([
    [
      "a placement failure naming FARGATE_SPOT",
      [placementFailure(5)],
      {},
      "1 placement failure(s) on FARGATE_SPOT since",
    ],
    [
      "placement failures during a crash loop",
      [crash("c1", 3), placementFailure(5), placementFailure(7)],
      {},
      "2 placement failure(s) on FARGATE_SPOT since",
    ],
    [
      "a Spot interruption (warning and stop counted once)",
      [interruption("t1", 4, "task-stopping"), interruption("t1", 6)],
      {},
      "1 Spot task(s) interrupted since",
    ],
    [
      "a placement failure during a rollout",
      [placementFailure(5)],
      rollingOut,
      "1 placement failure(s) on FARGATE_SPOT since",
    ],
    [
      "tasks pending on a Spot-only strategy, nothing rolling out or failing",
      [],
      { pendingCount: 3 },
      "3 task(s) pending on FARGATE_SPOT",
    ],
  ])("falls back for %s", (_, recent, service, evidence) => {
    const { decisions } = tick(belowSinceZero(recent, service));

    expect(decisions.map((d) => d.action?.type)).toEqual(["capacity-fallback"]);
    expect(decisions[0]?.reason).toContain(`and Spot is short: ${evidence}`);
  });

  it("keeps the time it went below desired while waiting for evidence, so evidence later acts at once", () => {
    const snapshot = belowSinceZero([]);

    expect(tick(snapshot)).toEqual({ decisions: [] });
    expect(outcome({ ...snapshot, recent: [placementFailure(10)] })).toEqual(["capacity-fallback"]);
  });

  it("counts the interruption that started the shortfall, just before it was first seen", () => {
    expect(outcome(belowSinceZero([interruption("t1", -4)]))).toEqual(["capacity-fallback"]);
  });

  it("looks back over twice the grace period and one reconcile period when that is longer than the interruption window", () => {
    expect(spotFallback.lookbackMinutes!(spotSettings({ belowDesiredGraceMinutes: 30 }))).toBe(65);
  });
});

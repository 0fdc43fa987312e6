import { describe, expect, it } from "vitest";
import { parseConfig } from "../../../packages/core/src/config/load.ts";
import type { DeploymentRecord, ServiceState, TimelineEntry } from "../../../packages/core/src/history/model.ts";
import { chatMarkdown } from "../../../packages/console/src/chat.ts";
import { toConsoleDecision } from "../../../packages/console/src/decisions.ts";
import { spotIncidents } from "../../../packages/console/src/incidents.ts";
import { filterRows, mattersOf, overviewRows } from "../../../packages/console/src/overview-model.ts";
import { badgesOf, serviceView } from "../../../packages/console/src/read-model.ts";
import { servicePage } from "../../../packages/console/src/service-page.ts";

const ref = { cluster: "prod", service: "queue" };
const state = (extra: Partial<ServiceState> = {}): ServiceState => ({
  ...ref,
  currentDeploymentId: undefined,
  lastKnownGoodTaskDefinition: undefined,
  lastKnownGoodDeploymentId: undefined,
  updatedAt: undefined,
  alarms: {},
  actionTimes: [],
  policies: {},
  ...extra,
});
const deployment = (extra: Partial<DeploymentRecord>): DeploymentRecord => ({
  ...ref,
  deploymentId: "ecs-svc/1",
  taskDefinitionArn: undefined,
  startedAt: "2026-11-20T10:00:00Z",
  completedAt: undefined,
  failedAt: undefined,
  rolledBackAt: undefined,
  rolledBackBy: undefined,
  rollbackOf: undefined,
  rollbackTo: undefined,
  initiatedBy: undefined,
  failures: {},
  failureCount: 0,
  reasons: [],
  outcome: "in-progress",
  ...extra,
});
const decision = (
  key: string,
  time: string,
  facts: Record<string, string>,
  extra: Partial<TimelineEntry> = {},
): TimelineEntry => ({
  ...ref,
  type: "decision",
  time,
  eventId: key,
  summary: `spot-fallback acted: ${key}`,
  reason: "why",
  data: { policy: "spot-fallback", mode: "enforce", verdict: "acted", facts },
  ...extra,
});
const config = parseConfig({ policies: { "spot-fallback": { mode: "enforce" } } });

describe("the console's read model", () => {
  it("escapes what a reason says before rendering chat markdown", () => {
    expect(chatMarkdown("**prod/web**: <img src=x onerror=alert(1)> `web:42`\nnext")).toBe(
      "<strong>prod/web</strong>: &lt;img src=x onerror=alert(1)&gt; <code>web:42</code><br>next",
    );
  });

  it("times an open Spot incident up to now and estimates its cost from the hourly rate", () => {
    const opened = toConsoleDecision(
      decision("spot-fallback#fallback#2", "2026-11-20T10:00:00Z", {
        incident: "2",
        trigger: "placement failed",
        extraCostPerHour: "0.1382",
      }),
    );
    const open = state({
      policies: { "spot-fallback": { status: "fallback", incident: 2, since: "2026-11-20T10:00:00Z" } },
    });
    expect(spotIncidents([opened], open, new Date("2026-11-20T12:30:00Z"))).toEqual([
      expect.objectContaining({ incident: 2, endedAt: undefined, durationHours: 2.5, extraCost: 0.35 }),
    ]);
    // Once the state says the incident is over but its end is not in the history, it is not timed to now.
    expect(spotIncidents([opened], state(), new Date("2026-11-20T12:30:00Z"))).toEqual([
      expect.objectContaining({ incident: 2, durationHours: 0, extraCost: undefined }),
    ]);
  });

  it("takes a closed incident's duration and cost from the policy's own figures", () => {
    const opened = toConsoleDecision(
      decision("spot-fallback#fallback#1", "2026-11-20T10:00:00Z", {
        incident: "1",
        trigger: "t",
        extraCostPerHour: "1",
      }),
    );
    const closed = toConsoleDecision(
      decision("spot-fallback#restore#1", "2026-11-20T10:34:00Z", {
        incident: "1",
        since: "2026-11-20T10:00:00Z",
        durationHours: "0.57",
        extraCost: "0.08",
        onDemandTaskHours: "2.27",
      }),
    );
    expect(spotIncidents([closed, opened], state(), new Date("2026-11-21T00:00:00Z"))).toEqual([
      expect.objectContaining({
        incident: 1,
        endedAt: "2026-11-20T10:34:00Z",
        durationHours: 0.57,
        extraCost: 0.08,
        onDemandTaskHours: 2.27,
      }),
    ]);
  });

  it("badges a service that is rolling back and one on on-demand after a Spot fallback", () => {
    const rollingBack = [deployment({ deploymentId: "ecs-svc/2", rollbackOf: "ecs-svc/1" })];
    expect(badgesOf(config, state({ currentDeploymentId: "ecs-svc/2" }), rollingBack, new Date())).toEqual([
      { kind: "rolling-back", text: "rolling back ecs-svc/1" },
    ]);
    expect(
      badgesOf(
        config,
        state({ currentDeploymentId: "ecs-svc/2" }),
        [
          deployment({
            deploymentId: "ecs-svc/2",
            rollbackOf: "ecs-svc/1",
            completedAt: "2026-11-20T10:05:00Z",
            outcome: "completed",
          }),
        ],
        new Date(),
      ),
    ).toEqual([]);
    // ECS's circuit-breaker rollback names only the deployment it returns to.
    expect(
      badgesOf(
        config,
        state({ currentDeploymentId: "ecs-svc/3" }),
        [deployment({ deploymentId: "ecs-svc/3", rollbackTo: "ecs-svc/1" })],
        new Date(),
      ),
    ).toEqual([{ kind: "rolling-back", text: "rolling back to ecs-svc/1" }]);
    const spot = state({ policies: { "spot-fallback": { status: "fallback", since: "2026-11-20T10:00:00Z" } } });
    expect(badgesOf(config, spot, [], new Date())).toEqual([
      { kind: "spot-fallback", text: "Spot fallback since 2026-11-20 10:00" },
    ]);
  });

  it("badges a service inside a change freeze of the deploy stage, and only there and then", () => {
    const frozen = parseConfig({
      pipeline: {
        freezes: [{ name: "year-end", timezone: "Europe/Berlin", dates: ["2026-12-24"], clusters: [ref.cluster] }],
      },
    });
    expect(badgesOf(frozen, state(), [], new Date("2026-12-24T12:00:00Z"))).toEqual([
      { kind: "freeze", text: "inside freeze year-end" },
    ]);
    expect(badgesOf(frozen, state(), [], new Date("2026-12-24T23:30:00Z"))).toEqual([]);
    expect(badgesOf(frozen, state({ cluster: "elsewhere" }), [], new Date("2026-12-24T12:00:00Z"))).toEqual([]);
  });

  it("badges a service snoozed from chat until the snooze ends, and leads its attention with it over notes", () => {
    const snoozed = state({
      policies: { "chat-command": { snoozedUntil: "2026-11-20T11:05:00.000Z", snoozedBy: "channel ops" } },
    });
    expect(badgesOf(config, snoozed, [], new Date("2026-11-20T10:30:00Z"))).toEqual([
      { kind: "snoozed", text: "snoozed until 11:05 (by channel ops)" },
    ]);
    expect(badgesOf(config, snoozed, [], new Date("2026-11-20T11:05:00Z"))).toEqual([]);
    const attention = mattersOf(
      badgesOf(config, snoozed, [], new Date("2026-11-20T10:30:00Z")),
      [toConsoleDecision(decision("spot-fallback#fallback#1", "2026-11-20T10:20:00Z", {}))],
      undefined,
    );
    expect(attention.map((m) => m.text)).toEqual(["snoozed until 11:05 (by channel ops)", expect.any(String)]);
    expect(attention[0]!.severity).toBe("warning");
  });

  it("filters by cluster, by a policy that is not off, and by the last decision's severity at least", () => {
    const summaries = [
      {
        state: state(),
        deployments: [],
        lastDecision: decision(
          "spot-fallback#fallback#1",
          "2026-11-20T10:00:00Z",
          { incident: "1" },
          {
            data: {
              policy: "spot-fallback",
              verdict: "acted",
              action: { type: "capacity-fallback", capacityProviderStrategy: [], previousStrategy: [] },
            },
          },
        ),
      },
      { state: state({ cluster: "shop", service: "cart" }), deployments: [], lastDecision: undefined },
    ];
    const off = parseConfig({
      policies: { "spot-fallback": { mode: "enforce" } },
      overrides: [{ cluster: "shop", service: "*", policies: { "spot-fallback": { mode: "off" } } }],
    });
    const rows = overviewRows(summaries, off, new Date());
    const names = (f: Parameters<typeof filterRows>[1]) => filterRows(rows, f).map((r) => `${r.cluster}/${r.service}`);
    expect(names({ cluster: "shop" })).toEqual(["shop/cart"]);
    expect(names({ policy: "spot-fallback" })).toEqual(["prod/queue"]);
    expect(names({ severity: "warning" })).toEqual(["prod/queue"]);
    expect(names({ severity: "critical" })).toEqual([]);
    expect(names({})).toEqual(["prod/queue", "shop/cart"]);
  });
});

describe("a service page", () => {
  it("says which of the service's guardrails tags are ignored, and why", () => {
    const input = {
      ref,
      state: undefined,
      deployments: [],
      timeline: [],
      truncated: false,
      schedule: undefined,
      recommendation: undefined,
      tags: { "guardrails:auto-rollback": "on" },
    };
    const view = serviceView(input, config, new Date("2026-11-20T10:00:00Z"));

    expect(view.tagProblems).toEqual([
      "tag guardrails:auto-rollback=on ignored: not a mode; allowed: off, observe or enforce; auto-rollback mode stays observe (from the configuration)",
    ]);
    expect(servicePage(view)).toContain("Ignored tag: tag guardrails:auto-rollback=on ignored: not a mode");
  });

  it("says what was imported from ECS's deployment history, and marks the imported deployments", () => {
    const state = {
      ...ref,
      currentDeploymentId: undefined,
      lastKnownGoodTaskDefinition: undefined,
      lastKnownGoodDeploymentId: undefined,
      updatedAt: undefined,
      alarms: {},
      actionTimes: [],
      policies: {},
      imported: {
        status: "imported" as const,
        at: "2026-11-20T09:00:00Z",
        deployments: 7,
        since: "2026-09-01T10:00:00Z",
        capped: true,
        calls: 3,
        reason: undefined,
      },
    };
    const record = {
      ...ref,
      deploymentId: "arn:aws:ecs:us-east-1:111122223333:service-deployment/prod/web/SD1",
      taskDefinitionArn: "arn:aws:ecs:us-east-1:111122223333:task-definition/web:40",
      startedAt: "2026-09-01T10:00:00Z",
      completedAt: "2026-09-01T10:10:00Z",
      failedAt: undefined,
      rolledBackAt: undefined,
      rolledBackBy: undefined,
      rollbackOf: undefined,
      rollbackTo: undefined,
      initiatedBy: undefined,
      failures: {},
      failureCount: 0,
      reasons: [],
      outcome: "completed" as const,
      source: "imported" as const,
    };
    const input = {
      ref,
      state,
      deployments: [record],
      timeline: [],
      truncated: false,
      schedule: undefined,
      recommendation: undefined,
    };
    const page = servicePage(serviceView(input, config, new Date("2026-11-20T10:00:00Z")));

    expect(page).toContain("ECS&#39;s deployment history: 7 deployment(s) imported since 2026-09-01 (the newest only)");
    expect(page).toContain("imported from ECS");
  });

  it("says when ECS's deployment history could not be imported, and why", () => {
    const state = {
      ...ref,
      currentDeploymentId: undefined,
      lastKnownGoodTaskDefinition: undefined,
      lastKnownGoodDeploymentId: undefined,
      updatedAt: undefined,
      alarms: {},
      actionTimes: [],
      policies: {},
      imported: {
        status: "unavailable" as const,
        at: "2026-11-20T09:00:00Z",
        deployments: 0,
        since: undefined,
        capped: false,
        calls: 1,
        reason: "AccessDeniedException: not authorized",
      },
    };
    const input = {
      ref,
      state,
      deployments: [],
      timeline: [],
      truncated: false,
      schedule: undefined,
      recommendation: undefined,
    };

    expect(servicePage(serviceView(input, config, new Date("2026-11-20T10:00:00Z")))).toContain(
      "ECS&#39;s deployment history not imported (unavailable): AccessDeniedException: not authorized",
    );
  });
});

describe("the threshold line", () => {
  const input = (ecsBreaker?: { threshold: number; resets: boolean; rollsBack: boolean; setting: string }) => ({
    ref,
    state: undefined,
    deployments: [deployment({ failures: { "failed-to-start": 1 }, failureCount: 1 })],
    // A failure to draw: the chart draws its lines only along data.
    timeline: [
      {
        ...ref,
        type: "task-stopped" as const,
        time: "2026-11-20T09:59:00Z",
        eventId: "stop-1",
        summary: "task t1 stopped",
        deploymentId: "ecs-svc/1",
        stopClass: "failed-to-start" as const,
      },
    ],
    truncated: false,
    schedule: undefined,
    recommendation: undefined,
    ...(ecsBreaker ? { ecsBreaker } : {}),
  });

  it("shows ECS's circuit breaker as configured beside the guardrails' own threshold", () => {
    const view = serviceView(
      input({ threshold: 2, resets: false, rollsBack: true, setting: "COUNT 2" }),
      config,
      new Date("2026-11-20T10:00:00Z"),
    );

    expect(view.threshold.ecs).toEqual({ failures: 2, setting: "COUNT 2", resets: false });
    // The chart's description (HTML-escaped) and the line's label.
    const page = servicePage(view);
    expect(page).toContain(
      "rollback threshold: 3 failures; ECS&#39;s circuit breaker: 2 (COUNT 2, cumulative) of launch and health-check failures.",
    );
    expect(page).toMatch(/<text[^>]*>ECS(&#39;|')s circuit breaker: 2 \(COUNT 2, cumulative\)/);
  });

  it("says nothing of ECS's breaker when the console does not know it", () => {
    const view = serviceView(input(), config, new Date("2026-11-20T10:00:00Z"));

    expect(view.threshold.ecs).toBeUndefined();
    expect(servicePage(view)).not.toMatch(/ECS(&#39;|')s circuit breaker/);
  });
});

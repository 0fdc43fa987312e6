import { describe, expect, it } from "vitest";
import { parseConfig } from "../../../packages/core/src/config/load.ts";
import { resolveSettings } from "../../../packages/core/src/config/resolve.ts";
import type { TimelineEntry } from "../../../packages/core/src/history/model.ts";
import { SEVERITY_MARKERS } from "../../../packages/core/src/notifications/chat-message.ts";
import { POLICY_IDS } from "../../../packages/core/src/registry.ts";
import { toConsoleDecision } from "../../../packages/console/src/decisions.ts";
import { ecsNow, overviewRows } from "../../../packages/console/src/overview-model.ts";
import { overviewPage } from "../../../packages/console/src/overview-page.ts";
import { loadOverviewRows } from "../../../packages/console/src/pages.ts";
import { serviceView } from "../../../packages/console/src/read-model.ts";
import { defaultSources } from "../../../packages/console/src/sources.ts";
import type { ConsoleStore, ServiceSummary } from "../../../packages/console/src/store.ts";
import { REF, at, deploymentRecord, serviceDescription, serviceState, td } from "../../support/snapshots.ts";

const config = parseConfig({ policies: { "spot-fallback": { mode: "enforce" } } });
const now = new Date(at(7200));

const decisionEntry = (
  policy: string,
  time: string,
  data: Record<string, unknown>,
  extra: Partial<TimelineEntry> = {},
): TimelineEntry => ({
  ...REF,
  type: "decision",
  time,
  eventId: `${policy}#${time}`,
  summary: `${policy} ${String(data["verdict"] ?? "noted")}: ${String(extra.summary ?? `${policy} says so`)}`,
  reason: "because",
  data: { policy, mode: "enforce", verdict: "acted", facts: {}, ...data },
  ...extra,
});

const rollback = decisionEntry(
  "auto-rollback",
  at(600),
  {
    verdict: "acted",
    severity: "critical",
    action: { type: "rollback", taskDefinition: td(41), fromTaskDefinition: td(42) },
    startedDeployment: "ecs-svc/3",
  },
  { summary: "auto-rollback acted: Roll back prod/web to web:41" },
);
const rightSizingNote = decisionEntry(
  "right-sizing",
  at(3600),
  { verdict: "noted", severity: "info" },
  { summary: "right-sizing noted: prod/web could use 256 CPU units" },
);

const summary = (extra: Partial<ServiceSummary> = {}): ServiceSummary => ({
  state: serviceState({ currentDeploymentId: "ecs-svc/3" }),
  deployments: [
    deploymentRecord("ecs-svc/3", { initiatedBy: "guardrails:auto-rollback", rollbackOf: "ecs-svc/2" }),
    deploymentRecord("ecs-svc/2", { taskDefinitionArn: td(42), startedAt: at(0), rolledBackAt: at(600) }),
  ],
  lastDecision: rightSizingNote,
  decisions: [rightSizingNote, rollback],
  ...extra,
});

describe("the services overview tells the truth", () => {
  it("shows the mode a service's guardrails tag sets, resolved as the engine resolves it", () => {
    const tags = { "guardrails:auto-rollback": "enforce" };
    const [row] = overviewRows([summary()], config, now, () => ({ tags }));
    expect(row!.modes["auto-rollback"]).toBe("enforce");
    const resolved = resolveSettings(config, REF, tags);
    expect(POLICY_IDS.map((p) => row!.modes[p])).toEqual(POLICY_IDS.map((p) => resolved.policies[p].mode));
  });

  it("takes the tags from the console's sources when it builds the overview", async () => {
    const store = { services: async () => [summary()] } as unknown as ConsoleStore;
    const sources = defaultSources(config, { tags: async () => ({ "guardrails:auto-rollback": "enforce" }) });
    const [row] = await loadOverviewRows({ store, sources, config, now: () => now }, now);
    expect(row!.modes["auto-rollback"]).toBe("enforce");
  });

  it("leads with the rollback, not the newer daily right-sizing note", () => {
    const [row] = overviewRows([summary()], config, now);
    expect(row!.lastDecision?.policy).toBe("auto-rollback");
    expect(row!.attention.map((m) => m.text)).toEqual([
      "rolling back ecs-svc/2",
      "Roll back prod/web to web:41",
      "prod/web could use 256 CPU units",
    ]);
    const html = overviewPage([row!], {}, { now });
    expect(html).toMatch(/class="attention-top"><span class="badge b-rolling-back">rolling back ecs-svc\/2/);
    expect(html).toMatch(/auto-rollback acted: Roll back prod\/web to web:41.*right-sizing noted/);
  });

  it("leads with a rollback that failed, above the rollback under way", () => {
    const failed = decisionEntry(
      "auto-rollback",
      at(900),
      { verdict: "failed", severity: "critical", action: { type: "rollback", taskDefinition: td(41) } },
      { summary: "auto-rollback failed: Roll back prod/web to web:41" },
    );
    const [row] = overviewRows([summary({ decisions: [rightSizingNote, failed] })], config, now);
    expect(row!.attention.map((m) => m.kind)).toEqual(["action-failed", "rolling-back", "note", "note"]);
  });

  it("gives each decision the severity its chat message has", () => {
    // A moot action (noted, guarded) is told as a warning; a failed one as critical.
    const moot = toConsoleDecision(
      decisionEntry("spot-fallback", at(10), {
        verdict: "noted",
        severity: "info",
        guard: "the service moved on",
        action: { type: "capacity-restore", capacityProviderStrategy: [], previousStrategy: [] },
      }),
    );
    const failed = toConsoleDecision(
      decisionEntry("spot-fallback", at(20), { verdict: "failed", severity: "warning" }),
    );
    for (const d of [moot, failed]) expect(d.chat.title.startsWith(SEVERITY_MARKERS[d.severity])).toBe(true);
    expect([moot.severity, failed.severity]).toEqual(["warning", "critical"]);
  });

  it("marks a service gone from ECS, and says running/desired and capacity of one that is not", () => {
    expect(ecsNow(undefined)).toEqual({ status: "gone", text: "gone from ECS" });
    expect(ecsNow(serviceDescription({ status: "INACTIVE" }))).toEqual({
      status: "gone",
      text: "gone from ECS (INACTIVE)",
    });
    const spot = serviceDescription({
      runningCount: 3,
      desiredCount: 4,
      pendingCount: 1,
      capacityProviderStrategy: [{ capacityProvider: "FARGATE_SPOT", base: 0, weight: 1 }],
    });
    const rows = overviewRows([summary()], config, now, () => ({ ecs: ecsNow(spot), monthlyCost: 85.06 }));
    const html = overviewPage(rows, {}, { now });
    expect(html).toContain("3/4 running, 1 pending");
    expect(html).toContain("FARGATE_SPOT weight 1");
    expect(html).toContain("$85.06");
    const gone = overviewRows([summary()], config, now, () => ({ ecs: ecsNow(undefined) }));
    expect(gone[0]!.attention.map((m) => m.kind)).toEqual(["rolling-back", "gone", "note", "note"]);
  });

  it("marks a service the history says is gone when the console cannot ask ECS", () => {
    const goneNote = decisionEntry(
      "spot-fallback",
      at(4000),
      { verdict: "noted", severity: "info" },
      { eventId: "spot-fallback#service-gone#x", summary: "spot-fallback noted: Stopped watching prod/web" },
    );
    const [row] = overviewRows([summary({ decisions: [goneNote] })], config, now);
    expect(row!.attention.find((m) => m.kind === "gone")?.text).toBe("gone from ECS (the history says)");
  });

  it("shows the revision of the guardrails' own deployment, from the decision that started it", () => {
    const [row] = overviewRows([summary()], config, now);
    expect(row!.current).toMatchObject({ deploymentId: "ecs-svc/3", revision: "web:41" });
  });
});

describe("a Spot-only service's chart", () => {
  it("draws the capacity deployments the guardrails started, with the revision they redeployed", () => {
    const capacity = (id: string, time: string, type: string) =>
      decisionEntry("spot-fallback", time, {
        verdict: "acted",
        startedDeployment: id,
        action: { type, capacityProviderStrategy: [], previousStrategy: [] },
      });
    const view = serviceView(
      {
        ref: REF,
        state: serviceState({ currentDeploymentId: "ecs-svc/c2" }),
        deployments: [
          deploymentRecord("ecs-svc/c2", { initiatedBy: "guardrails:spot-fallback" }),
          deploymentRecord("ecs-svc/c1", { initiatedBy: "guardrails:spot-fallback" }),
          deploymentRecord("ecs-svc/1", { taskDefinitionArn: td(7), startedAt: at(0), completedAt: at(0) }),
        ],
        timeline: [
          capacity("ecs-svc/c2", at(2400), "capacity-restore"),
          capacity("ecs-svc/c1", at(60), "capacity-fallback"),
        ],
        truncated: false,
        schedule: undefined,
        recommendation: undefined,
      },
      config,
      now,
    );
    expect(view.deployments.map((d) => [d.deploymentId, d.revision, d.outcome, d.start, d.end])).toEqual([
      ["ecs-svc/1", "web:7", "completed", at(0), at(0)],
      ["ecs-svc/c1", "web:7", "replaced", at(60), at(2400)],
      ["ecs-svc/c2", "web:7", "in-progress", at(2400), now.toISOString()],
    ]);
  });
});

describe("the services overview behind a hub", () => {
  const MEMBER = "444455556666";
  const [home] = overviewRows([summary()], config, now, () => ({ tags: {} }));
  const member = { ...home!, account: MEMBER, region: "eu-west-1" };

  it("names each service's account and Region, home as home, when a member's service is listed", () => {
    const html = overviewPage([home!, member], {}, { now });

    expect(html).toContain("account/Region");
    expect(html).toContain(`${MEMBER}/eu-west-1`);
    expect(html).toContain(`<option>${MEMBER}/eu-west-1</option>`);
  });

  it("keeps only one account's services with the account filter", () => {
    const memberOnly = overviewPage([home!, member], { account: `${MEMBER}/eu-west-1` }, { now });
    const homeOnly = overviewPage([home!, member], { account: "home" }, { now });

    expect(memberOnly).toContain("1 of 2 services");
    expect(memberOnly).toContain(`${MEMBER}/eu-west-1`);
    expect(homeOnly).toContain("1 of 2 services");
  });

  it("shows no account column for a single account's services", () => {
    expect(overviewPage([home!], {}, { now })).not.toContain("account/Region");
  });
});

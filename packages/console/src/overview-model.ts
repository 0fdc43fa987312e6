import type { GuardrailsConfig } from "@ecs-guardrails/core/config/schema";
import type { ServiceRef } from "@ecs-guardrails/core/events/model";
import type { ServiceDescription } from "@ecs-guardrails/core/model/description";
import { goneFromEcs, isServiceGoneKey } from "@ecs-guardrails/core/model/service-gone";
import { SEVERITIES, type Severity } from "@ecs-guardrails/core/notifications/notice";
import type { PolicyId } from "@ecs-guardrails/core/registry";
import { rankMatters, type Matter } from "./attention.ts";
import { toConsoleDecision, type ConsoleDecision } from "./decisions.ts";
import { withOwnStarts } from "./own-deployments.ts";
import { badgesOf, modesOf, revisionOf, type Badge, type Modes } from "./read-model.ts";
import type { ServiceSummary } from "./store.ts";

// The overview's rows: per service, what ECS runs now, what it costs, its current deployment,
// what needs attention (ranked, attention.ts) and the mode of each policy as the engine
// resolves it (configuration, overrides and the service's tags: the same resolveSettings).

/** What ECS says of the service now, when the console can ask it. */
export type EcsNow =
  | { status: "gone"; text: string }
  | { status: "active"; running: number; desired: number; pending: number; capacity: string };

/** What the console learned of a service beyond the history (ConsoleSources): all optional. */
export type ServiceFacts = {
  tags?: Record<string, string> | undefined;
  ecs?: EcsNow | undefined;
  monthlyCost?: number | undefined;
};

export type OverviewRow = ServiceRef & {
  current: { deploymentId: string; revision: string; outcome: string; initiatedBy: string | undefined } | undefined;
  /** The note the row leads with among the capabilities' latest decisions (the severity filter's). */
  lastDecision: ConsoleDecision | undefined;
  /** Open matters, then notes: most important first. */
  attention: (Matter & { decision?: ConsoleDecision | undefined })[];
  badges: Badge[];
  modes: Modes;
  ecs: EcsNow | undefined;
  monthlyCost: number | undefined;
};

export type OverviewFilter = {
  cluster?: string | undefined;
  /** "home", or a member's "ACCOUNT/REGION" (as its notices name it). */
  account?: string | undefined;
  policy?: string | undefined;
  severity?: string | undefined;
};

/** "gone" for a service ECS no longer has (or is deleting); else its counts and capacity. */
export function ecsNow(service: ServiceDescription | undefined): EcsNow {
  if (!service || goneFromEcs(service))
    return { status: "gone", text: service ? `gone from ECS (${service.status})` : "gone from ECS" };
  const strategy = service.capacityProviderStrategy
    .map((i) => `${i.capacityProvider}${i.base ? ` base ${i.base}` : ""} weight ${i.weight}`)
    .join(" + ");
  return {
    status: "active",
    running: service.runningCount,
    desired: service.desiredCount,
    pending: service.pendingCount,
    capacity: service.launchType ?? (strategy || "default capacity provider strategy"),
  };
}

export function overviewRows(
  summaries: readonly ServiceSummary[],
  config: GuardrailsConfig,
  now: Date,
  facts: (ref: ServiceRef) => ServiceFacts = () => ({}),
): OverviewRow[] {
  return summaries.map((summary) => {
    const { state } = summary;
    const known = facts(state);
    const tags = known.tags ?? {};
    const deployments = withOwnStarts(summary.deployments, summary.decisions ?? []);
    const current = deployments.find((d) => d.deploymentId === state.currentDeploymentId) ?? deployments[0];
    const badges = badgesOf(config, state, deployments, now, tags);
    const attention = mattersOf(badges, latestPerPolicy(summary), known.ecs);
    return {
      cluster: state.cluster,
      service: state.service,
      current: current && {
        deploymentId: current.deploymentId,
        revision: revisionOf(current),
        outcome: current.outcome,
        initiatedBy: current.initiatedBy,
      },
      lastDecision: attention.find((m) => m.decision)?.decision,
      attention,
      badges,
      modes: modesOf(config, state, tags),
      ecs: known.ecs,
      monthlyCost: known.monthlyCost,
    };
  });
}

/** Each capability's newest decision; a summary without them (older callers) has its last one. */
function latestPerPolicy(summary: ServiceSummary): ConsoleDecision[] {
  const entries = summary.decisions ?? (summary.lastDecision ? [summary.lastDecision] : []);
  const newest = new Map<string, ConsoleDecision>();
  for (const d of entries.map((e) => toConsoleDecision(e)))
    if (d.time >= (newest.get(d.policy)?.time ?? "")) newest.set(d.policy, d);
  return [...newest.values()];
}

const BADGE_SEVERITY: Record<Badge["kind"], Severity> = {
  "rolling-back": "critical",
  "spot-fallback": "warning",
  snoozed: "warning",
  freeze: "info",
  "schedule-window": "info",
};

/** The badges, a failed action, a service gone from ECS (or told gone by the history) and the notes, ranked. */
export function mattersOf(
  badges: readonly Badge[],
  latest: readonly ConsoleDecision[],
  ecs: EcsNow | undefined,
): OverviewRow["attention"] {
  const matters: OverviewRow["attention"] = badges.map((b) => ({
    kind: b.kind,
    text: b.text,
    severity: BADGE_SEVERITY[b.kind],
  }));
  for (const d of latest)
    if (d.verdict === "failed")
      matters.push({ kind: "action-failed", text: `failed: ${d.title}`, severity: "critical", time: d.time });
  const toldGone = latest.find((d) => isServiceGoneKey(d.key));
  if (ecs?.status === "gone") matters.push({ kind: "gone", text: ecs.text, severity: "warning" });
  else if (!ecs && toldGone)
    matters.push({ kind: "gone", text: "gone from ECS (the history says)", severity: "warning", time: toldGone.time });
  for (const d of latest)
    matters.push({ kind: "note", text: d.title, severity: d.severity, time: d.time, decision: d });
  return rankMatters(matters);
}

/** Cluster: exact. Policy: not off for the service. Severity: the lead note's, at least the one asked. */
export function filterRows(rows: readonly OverviewRow[], filter: OverviewFilter): OverviewRow[] {
  const min = SEVERITIES.indexOf(filter.severity as Severity);
  return rows.filter((r) => {
    if (filter.cluster && r.cluster !== filter.cluster) return false;
    if (filter.account && placeLabel(r) !== filter.account) return false;
    if (
      filter.policy &&
      (r.modes[filter.policy as PolicyId] ?? "off") !== "observe" &&
      r.modes[filter.policy as PolicyId] !== "enforce"
    )
      return false;
    if (min >= 0 && (!r.lastDecision || SEVERITIES.indexOf(r.lastDecision.severity) < min)) return false;
    return true;
  });
}

/** "home" for the account and Region the guardrails run in, "ACCOUNT/REGION" for a member's service. */
export const placeLabel = (r: { account?: string | undefined; region?: string | undefined }): string =>
  r.account ? `${r.account}/${r.region ?? "-"}` : "home";

import { resolveSettings, tagProblemText } from "@ecs-guardrails/core/config/resolve";
import type { ServiceEvidence } from "@ecs-guardrails/core/history/observe-evidence";
import { pageEvidence } from "./observe-section.ts";
import { activeFreeze } from "@ecs-guardrails/core/capabilities/deploy-stage/freezes";
import { CHAT_POLICY } from "@ecs-guardrails/core/capabilities/chat-command/decide";
import { snoozeHolds, snoozeOf } from "@ecs-guardrails/core/capabilities/chat-command/snooze";
import type { GuardrailsConfig } from "@ecs-guardrails/core/config/schema";
import { taskDefinitionName } from "@ecs-guardrails/core/events/arns";
import type { ServiceRef } from "@ecs-guardrails/core/events/model";
import { FAILURE_CLASSES, type FailureClass } from "@ecs-guardrails/core/events/stop-class";
import type { DeploymentRecord, ServiceState, TimelineEntry } from "@ecs-guardrails/core/history/model";
import { POLICY_IDS, type PolicyId } from "@ecs-guardrails/core/registry";
import type { Recommendation } from "@ecs-guardrails/core/capabilities/right-sizing/types";
import { targetAt } from "@ecs-guardrails/core/time/holds";
import type { ServicePreview } from "@ecs-guardrails/core/capabilities/scheduled-scaling/preview-format";
import { windowsOf } from "@ecs-guardrails/core/capabilities/scheduled-scaling/windows-of";
import type { EcsBreaker } from "@ecs-guardrails/core/model/circuit-breaker";
import { toConsoleDecision, type ConsoleDecision } from "./decisions.ts";
import { scheduleSettingsOf } from "./schedule-settings.ts";
import { spotIncidents, type SpotIncident } from "./incidents.ts";
import type { PipelineLink } from "./sources.ts";
import { importNote } from "@ecs-guardrails/core/history/ecs-history";
import { withOwnStarts } from "./own-deployments.ts";

// The console's read model: what each page shows, computed from history records, the
// configuration and the sources. Pure (the clock is a parameter), so pages and benchmarks
// build the same views from data in memory.

export type Badge = {
  kind: "rolling-back" | "spot-fallback" | "snoozed" | "schedule-window" | "freeze";
  text: string;
};
export type Modes = Record<PolicyId, string>;

export function revisionOf(d: Pick<DeploymentRecord, "taskDefinitionArn"> | undefined): string {
  return d?.taskDefinitionArn ? taskDefinitionName(d.taskDefinitionArn) : "unknown revision";
}

export function modesOf(config: GuardrailsConfig, ref: ServiceRef, tags: Record<string, string> = {}): Modes {
  const resolved = resolveSettings(config, ref, tags);
  return Object.fromEntries(
    POLICY_IDS.map((id) => [id, resolved.inScope ? resolved.policies[id].mode : "out of scope"]),
  ) as Modes;
}

/** Rolling back (a rollback deployment or an open rollback intent), on on-demand after Spot, snoozed from chat, inside a schedule window or a change freeze. */
export function badgesOf(
  config: GuardrailsConfig,
  state: ServiceState,
  deployments: readonly DeploymentRecord[],
  now: Date,
  tags: Record<string, string> = {},
): Badge[] {
  const badges: Badge[] = [];
  const current = deployments.find((d) => d.deploymentId === state.currentDeploymentId) ?? deployments[0];
  if ((current?.rollbackOf || current?.rollbackTo) && current.outcome === "in-progress")
    badges.push({
      kind: "rolling-back",
      text: current.rollbackOf ? `rolling back ${current.rollbackOf}` : `rolling back to ${current.rollbackTo}`,
    });
  else if (state.intent?.decision.action?.type === "rollback")
    badges.push({ kind: "rolling-back", text: "rolling back" });
  const spot = state.policies["spot-fallback"] as { status?: string; since?: string } | undefined;
  if (spot?.status === "fallback" || spot?.status === "staged")
    badges.push({
      kind: "spot-fallback",
      text:
        spot.status === "staged"
          ? "returning to Spot"
          : `Spot fallback since ${spot.since?.slice(0, 16).replace("T", " ") ?? "?"}`,
    });
  // A snooze from chat holds the service's automatic actions: nothing acts until it ends.
  const chat = state.policies[CHAT_POLICY] as Record<string, unknown> | undefined;
  const snooze = snoozeOf(chat);
  if (snoozeHolds(chat, now))
    badges.push({
      kind: "snoozed",
      text: `snoozed until ${snooze.snoozedUntil!.slice(11, 16)}${snooze.snoozedBy ? ` (by ${snooze.snoozedBy})` : ""}`,
    });
  const schedule = scheduleSettingsOf(resolveSettings(config, state, tags).policies["scheduled-scaling"]);
  const holding = schedule && targetAt(windowsOf(schedule), now);
  if (holding) badges.push({ kind: "schedule-window", text: `in window ${holding.window.name}` });
  // The deploy stage's change freezes (pipeline.freezes): the gate would stop a release now.
  const freeze = activeFreeze(config.pipeline.freezes, state, now);
  if (freeze) badges.push({ kind: "freeze", text: `inside freeze ${freeze.name}` });
  return badges;
}

export type FailureMark = {
  time: string;
  deploymentId: string;
  class: FailureClass;
  count: number;
  taskId: string | undefined;
  reason: string | undefined;
};

export type DeploymentBar = {
  deploymentId: string;
  revision: string;
  outcome: string;
  start: string;
  end: string | undefined;
  failures: Partial<Record<FailureClass, number>>;
  failureCount: number;
  rollbackOf: string | undefined;
  rolledBackBy: string | undefined;
  /** Recorded from ECS's deployment history (imported) or DescribeServices (observed), not from its events. */
  source: "imported" | "observed" | undefined;
  /** "guardrails:<policy>" for a deployment a guardrail started. */
  initiatedBy: string | undefined;
};

/** What the history holds from ECS's own deployment history (core's importNote), for the page. */
export function importLine(state: ServiceState | undefined): string | undefined {
  return state?.imported ? importNote(state.imported) : undefined;
}

export type ServiceView = ServiceRef & {
  now: string;
  state: ServiceState | undefined;
  modes: Modes;
  badges: Badge[];
  /** The service's guardrails tags the settings cannot take, one line each (they are ignored). */
  tagProblems: string[];
  /** The guardrails' rollback threshold, and ECS's circuit breaker as configured when the console knows it. */
  threshold: {
    failures: number;
    percent: number | undefined;
    ecs: { failures: number; setting: string; resets: boolean } | undefined;
  };
  deployments: DeploymentBar[];
  failures: FailureMark[];
  decisions: ConsoleDecision[];
  incidents: SpotIncident[];
  schedule: ServicePreview | undefined;
  recommendation: Recommendation | undefined;
  /** What observe would have done lately and what happened next (observe-section.ts). */
  evidence: ServiceEvidence;
  timelineCount: number;
  truncated: boolean;
};

export type ServiceInput = {
  ref: ServiceRef;
  state: ServiceState | undefined;
  deployments: readonly DeploymentRecord[];
  timeline: readonly TimelineEntry[];
  truncated: boolean;
  schedule: ServicePreview | undefined;
  recommendation: Recommendation | undefined;
  tags?: Record<string, string>;
  /** ECS's circuit breaker for the service now, when a source can ask ECS (ConsoleSources.ecsBreaker). */
  ecsBreaker?: EcsBreaker | undefined;
};

export function serviceView(input: ServiceInput, config: GuardrailsConfig, now: Date): ServiceView {
  const { ref, state, timeline } = input;
  const tags = input.tags ?? {};
  const resolved = resolveSettings(config, ref, tags);
  const rollback = resolved.policies["auto-rollback"];
  const decisions = timeline.filter((e) => e.type === "decision").map((e) => toConsoleDecision(e, config.chat));
  const deployments = withOwnStarts(input.deployments, timeline);
  return {
    ...ref,
    now: now.toISOString(),
    state,
    modes: modesOf(config, ref, tags),
    badges: state ? badgesOf(config, state, deployments, now, tags) : [],
    tagProblems: resolved.problems.map(tagProblemText),
    threshold: {
      failures: rollback.failureThreshold,
      percent: rollback.failurePercent,
      ecs: input.ecsBreaker
        ? { failures: input.ecsBreaker.threshold, setting: input.ecsBreaker.setting, resets: input.ecsBreaker.resets }
        : undefined,
    },
    deployments: bars(deployments, now),
    failures: failureMarks(timeline),
    decisions,
    incidents: spotIncidents(decisions, state, now),
    schedule: input.schedule,
    recommendation: input.recommendation,
    evidence: pageEvidence(ref, timeline, input.deployments, now, input.recommendation?.current),
    timelineCount: timeline.length,
    truncated: input.truncated,
  };
}

/** Oldest first; each bar runs from its start to its last transition (or now, while in progress). */
function bars(deployments: readonly DeploymentRecord[], now: Date): DeploymentBar[] {
  return deployments
    .filter((d) => d.startedAt ?? d.completedAt ?? d.failedAt)
    .map((d) => {
      const start = (d.startedAt ?? d.completedAt ?? d.failedAt)!;
      const ends = [d.completedAt, d.failedAt, d.rolledBackAt].filter((t): t is string => Boolean(t)).sort();
      return {
        deploymentId: d.deploymentId,
        revision: revisionOf(d),
        outcome: d.outcome,
        start,
        end: d.outcome === "in-progress" ? now.toISOString() : ends.at(-1),
        failures: d.failures,
        failureCount: d.failureCount,
        rollbackOf: d.rollbackOf,
        rolledBackBy: d.rolledBackBy,
        source: d.source,
        initiatedBy: d.initiatedBy,
      };
    })
    .sort((a, b) => a.start.localeCompare(b.start))
    .map(replacedWhenSuperseded);
}

/**
 * An in-progress deployment a newer one followed, when no event ended it (the guardrails' own,
 * in a replayed stream): ECS replaced it when the next one started, so it ends there.
 */
function replacedWhenSuperseded(bar: DeploymentBar, i: number, all: DeploymentBar[]): DeploymentBar {
  const next = all[i + 1];
  return bar.outcome === "in-progress" && next ? { ...bar, outcome: "replaced", end: next.start } : bar;
}

/** Each failed task stop, numbered within its deployment: the count a rollback threshold is measured against. */
function failureMarks(timeline: readonly TimelineEntry[]): FailureMark[] {
  const seen = new Map<string, number>();
  const marks: FailureMark[] = [];
  const stops = timeline.filter(
    (e) =>
      e.type === "task-stopped" && e.deploymentId && (FAILURE_CLASSES as readonly string[]).includes(e.stopClass ?? ""),
  );
  for (const e of [...stops].sort((a, b) => a.time.localeCompare(b.time))) {
    const n = (seen.get(e.deploymentId!) ?? 0) + 1;
    seen.set(e.deploymentId!, n);
    marks.push({
      time: e.time,
      deploymentId: e.deploymentId!,
      class: e.stopClass as FailureClass,
      count: n,
      taskId: e.taskId,
      reason: e.reason,
    });
  }
  return marks;
}

export type DeploymentView = ServiceRef & {
  record: DeploymentRecord;
  /** Oldest first. */
  events: TimelineEntry[];
  failures: { time: string; taskId: string; class: string; explanation: string }[];
  rollback:
    | { by: string | undefined; at: string; reasons: string[]; rollbackDeployment: string | undefined }
    | undefined;
  rollbackOf: string | undefined;
  pipeline: PipelineLink | undefined;
};

export function deploymentView(
  record: DeploymentRecord,
  all: readonly DeploymentRecord[],
  timeline: readonly TimelineEntry[],
  failures: readonly { time: string; taskId: string; class: string; explanation: string }[],
  pipeline: PipelineLink | undefined,
): DeploymentView {
  const id = record.deploymentId;
  const events = timeline
    .filter(
      (e) =>
        e.deploymentId === id ||
        (e.type === "decision" &&
          (e.data as { action?: { deploymentId?: string } } | undefined)?.action?.deploymentId === id),
    )
    .sort((a, b) => a.time.localeCompare(b.time));
  const replacement = all.find((d) => d.rollbackOf === id);
  return {
    cluster: record.cluster,
    service: record.service,
    record,
    events,
    failures: [...failures]
      .sort((a, b) => a.time.localeCompare(b.time))
      .map((f) => ({ time: f.time, taskId: f.taskId, class: f.class, explanation: f.explanation })),
    rollback: record.rolledBackAt
      ? {
          by: record.rolledBackBy,
          at: record.rolledBackAt,
          reasons: record.reasons,
          rollbackDeployment: replacement?.deploymentId,
        }
      : undefined,
    rollbackOf: record.rollbackOf,
    pipeline,
  };
}

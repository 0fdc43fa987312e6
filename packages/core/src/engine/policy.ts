import type { GuardrailsEvent, ServiceRef } from "../events/model.ts";
import type { TimelineEntry } from "../history/model.ts";
import type { Severity } from "../notifications/notice.ts";
import type { ModeRule, TagParameter } from "../config/tag-rules.ts";
import type { ServiceDescription } from "../model/description.ts";
import type { Snapshot, SnapshotNeeds } from "../model/snapshot.ts";
import type { ActionExecutor } from "./actions.ts";
import type { Action, Decision, PolicyState } from "../model/decision.ts";
import type { RevisionJudgement } from "../model/judgement/revision.ts";
import type { RevisionCriteria } from "../model/revision-verdict.ts";

/**
 * A capability's id as the engine sees it: any string. The registry (registry.ts) derives the
 * precise union of ids (CapabilityId) from the capabilities it lists; the engine runs whatever it
 * is given, so it names none.
 */
export type CapabilityId = string;

/** Event-driven policies tick on every reconcile; slower ones say how often (e.g. right-sizing daily). */
export type Cadence = { everyMinutes: number };

/**
 * What enforce mode changed and has not put back yet, in words (docs/how-it-works.md "A decision's lifecycle"):
 * handed over to a person when the policy is turned off or the service leaves the scope.
 */
export type Owed = {
  /** Names the change (a window occurrence, an incident): one hand-over each. */
  incident: string;
  /** The values the service had before, in words. */
  saved: string;
  /** The AWS CLI command that puts them back. */
  restore: string;
  /** The policy's state once handed over: nothing owed, counters kept. */
  settled: Record<string, unknown>;
};

/**
 * `stateOf`: what another capability's stored state says about this service, by name, through
 * a view that capability defines (its definition's `views`): auto-rollback asks which capacity
 * providers Spot fallback holds the service off; undefined when there is no such view.
 *
 * `revision`: how this service's target revisions are judged (failures, threshold, alarms), the
 * revision-judging capability's settings as the registry hands them over (registry.ts).
 */
export type PolicyContext<S> = {
  event: GuardrailsEvent;
  snapshot: Snapshot;
  settings: S;
  now: Date;
  stateOf?: StateOf;
  revision?: RevisionCriteria;
};

export type StateOf = (capability: string, view: string) => unknown;
/**
 * `settingOf`: another capability's setting for this service, by name, from the settings the
 * engine resolved once for this invocation (scheduled scaling waits out auto-rollback's
 * `bakeMinutes`); undefined when that capability or setting does not exist.
 */
export type TickContext<S> = {
  snapshot: Snapshot;
  settings: S;
  now: Date;
  settingOf?: SettingOf;
  revision?: RevisionCriteria;
};

export type SettingOf = (capability: string, key: string) => unknown;

/** What a reconcile tick returns: decisions, or only a state change to save quietly. */
export type TickResult<A extends Action = Action> = { decisions: Decision<A>[]; state?: PolicyState };

export type Policy<S, A extends Action = Action> = {
  id: CapabilityId;
  /** Cheap filter on the event alone, so most events never load a snapshot. */
  interestedIn(event: GuardrailsEvent): boolean;
  decide(context: PolicyContext<S>): Decision<A>[];
  /**
   * Finer than interestedIn, with the service's configured settings (tags aside): a policy
   * that would decide nothing for this event under these settings never loads a snapshot.
   */
  relevant?(event: GuardrailsEvent, settings: S): boolean;
  /**
   * What the decision reads; the engine loads only what some candidate needs (default: everything
   * but the timeline). Asked again with the stored state once loaded: a state may need more.
   */
  needs?(settings: S, stored?: Record<string, unknown>): Partial<SnapshotNeeds>;
  /** What enforce changed and is not put back yet, from the policy's stored state; undefined when nothing is. */
  owed?(stored: Record<string, unknown>, ref: ServiceRef): Owed | undefined;
  /** How often the reconcile runs `tick` (default: every tick). */
  cadence?: Cadence;
  /** How much recent timeline the decision needs (default none). */
  lookbackMinutes?(settings: S): number;
  /** The level-triggered side, run by the periodic reconcile. */
  tick?(context: TickContext<S>): TickResult<A>;
  /**
   * Whether a decision that was blocked or failed still answers the service as it is now; the
   * reconcile then retries it. Without this, only the policy's own events and ticks retry it.
   */
  stillApplies?(decision: Decision<A>, context: TickContext<S>): boolean;
  /** Whether the reconcile should look at this service at all (cheap, from ECS's view and the service's settings, tags applied). */
  wantsTick?(service: ServiceDescription, state: Record<string, unknown> | undefined, settings: S): boolean;
};

/**
 * A policy's folder exports one of these; the registry lists them. Its settings' zod schemas
 * are the registry's POLICY_SETTINGS, apart: what the functions run carries no schema (issue 19).
 */
export type PolicyDefinition<S> = {
  id: CapabilityId;
  /** `guardrails:<policy>:<tag>` service tags → the numeric setting each one overrides, with its checks (config/tag-rules.ts). */
  tags: Readonly<Record<string, TagParameter>>;
  /** The modes its mode tag takes, when not all of off, observe and enforce. */
  modes?: ModeRule;
  policy: Policy<S> | undefined;
  /** The capability's action types, each with its executor (what the action changes, and how to tell it is done). */
  executors?: Readonly<Record<string, ActionExecutor<never>>>;
  /** Rules across keys, checked on the parsed configuration (config/checks.ts runs every capability's). */
  configProblems?: (view: ConfigCheckView<S>) => string[];
  /** A service tag naming something (not a number), applied after the settings are parsed (config/resolve.ts). */
  nameTag?: NameTag<S>;
  /** Whether this capability's override settings route the CloudWatch alarm to the override's service. */
  routesAlarm?: (alarmName: string, override: Partial<S> | undefined) => boolean;
  /** How replay and the console show the capability's decisions. */
  present?: Presentation;
  /**
   * A role: this capability's settings are the guardrails' judgement of a target revision
   * (model/judgement/revision.ts), which the deployment hook and the deploy stage judge with
   * (roles.ts finds it). One capability declares it.
   */
  judgesRevisions?: (settings: S) => RevisionJudgement;
  /** A role: why the capability's stored state for a service holds that service's deploys (the pipeline gate); undefined when it does not. */
  holdsDeploys?: (stored: Record<string, unknown> | undefined) => string | undefined;
  /** What its stored state says, by name, for other capabilities to read (PolicyContext's stateOf). */
  views?: Readonly<Record<string, (stored: Record<string, unknown> | undefined) => unknown>>;
  /**
   * A role: the kind of notice (notifications/chat-fields.ts `chatOffer`) a recorded decision
   * of this capability is, when it offers a person something to decide in chat (a rollback only
   * observed); undefined when it offers nothing.
   */
  offers?: (decision: Decision, verdict: DecisionVerdict) => string | undefined;
};

export type DecisionVerdict = "acted" | "observed" | "blocked" | "failed" | "noted";

/**
 * What a person asked from chat, as a capability answers it: the decision to carry out (as a
 * person's: `by` set, guards and claim as any decision's), or why it is refused. Pure.
 * `key`: the key of the notice the button was on; `recorded`: that decision as the history
 * recorded it, when found.
 */
export type PersonCommand = (ask: {
  snapshot: Snapshot;
  /** The capability's settings for the service (the engine resolved them). */
  settings: unknown;
  key: string;
  recorded: RecordedDecision | undefined;
  /** The timeline entry recorded under `key` (a decision's, or a result of another type), when found. */
  entry?: TimelineEntry | undefined;
  /** What the service's timeline recorded after that entry, newest first: whether the notice is stale. */
  later?: readonly TimelineEntry[];
  now: Date;
  by: string;
  thread: string;
  /** What the person typed as the reason, for a command that takes one. */
  reason?: string | undefined;
}) => { decision: Decision } | { refused: string };

/** A decision as the timeline keeps it (the entry's data). */
export type RecordedDecision = {
  key: string;
  policy: string;
  time: string;
  verdict: DecisionVerdict;
  action: Action | undefined;
  title: string;
  reason: string | undefined;
  deploymentId: string | undefined;
  facts: Record<string, string>;
};

/**
 * How a capability's decisions are shown: per action type, the fields replay's JSON line
 * carries and the severity the console gives a recorded decision that kept none; `severity`,
 * the console's severity for any other decision of the capability.
 */
export type Presentation = {
  actions?: Readonly<Record<string, { fields(action: Action): Record<string, unknown>; severity?: Severity }>>;
  severity?: Severity;
};

/**
 * What a capability's cross-key checks read: its own settings and its part of each override,
 * typed; another capability's setting by name (settingOf); and the scope.
 */
export type ConfigCheckView<S> = {
  settings: S;
  overrides: readonly { cluster: string; service: string; settings: Partial<S> | undefined }[];
  scope: { clusters: readonly string[]; services: readonly string[] };
  settingOf: SettingOf;
};

/** A `guardrails:<id>:<name>` tag whose value names something in the settings (a schedule). */
export type NameTag<S> = {
  tag: string;
  /** The settings with the tag applied, or why the tag is ignored (the settings then stay as they are). */
  apply(settings: S, raw: string): { settings: unknown } | { problem: string; allowed: string; setting: string };
};

/**
 * A top-level section of the configuration a capability owns (deploy stage: `pipeline`,
 * deployment hook: `deploymentHook`); it is not a policy with a mode under `policies`.
 */
export type SectionDefinition<S> = {
  id: CapabilityId;
  configProblems?: (view: ConfigCheckView<S>) => string[];
  /** A role: why the section's stored state for a service holds its automatic actions now (a snooze); undefined when it does not. */
  holdsActions?: (stored: Record<string, unknown> | undefined, now: Date) => string | undefined;
};

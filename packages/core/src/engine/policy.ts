import type { GuardrailsEvent, ServiceRef } from "../events/model.ts";
import type { DeploymentRecord, ServiceState, TimelineEntry } from "../history/model.ts";
import type { Severity } from "../notifications/notice.ts";
import type { SettingsDefinition } from "../config/policy-settings.ts";
import type { PolicyId } from "../policies/ids.ts";
import type { PolicySettings } from "../config/schema.ts";
import type { ScalableTargetView } from "../capabilities/scheduled-scaling/state.ts";

export type CapacityProviderItem = { capacityProvider: string; base: number; weight: number };

/** The service as ECS describes it now (DescribeServices + ListTagsForResource). */
export type ServiceDescription = ServiceRef & {
  serviceArn: string;
  status: string;
  desiredCount: number;
  runningCount: number;
  pendingCount: number;
  taskDefinition: string;
  launchType: string | undefined;
  capacityProviderStrategy: CapacityProviderItem[];
  circuitBreaker: { enable: boolean; rollback: boolean } | undefined;
  /**
   * Who runs the service's deployments (reference §8): `ECS` (also when DescribeServices names
   * none), `CODE_DEPLOY` or `EXTERNAL`. Only with ECS may the guardrails change the task
   * definition or the capacity provider strategy.
   */
  deploymentController: string;
  /** With controller ECS: `ROLLING` (also when unset), `BLUE_GREEN`, `LINEAR` or `CANARY`. */
  deploymentStrategy: string;
  /** ECS deployment alarms (`deploymentConfiguration.alarms`): with `rollback`, ECS rolls back itself. */
  deploymentAlarms: { alarmNames: string[]; enable: boolean; rollback: boolean } | undefined;
  deployments: {
    id: string;
    status: string;
    taskDefinition: string;
    rolloutState: string | undefined;
    createdAt: string | undefined;
    /** When ECS last changed it: for a COMPLETED deployment, about when it completed. */
    updatedAt?: string | undefined;
    desiredCount: number;
    runningCount: number;
    failedTasks: number;
  }[];
  tags: Record<string, string>;
  /** The PRIMARY task definition's size (CPU units, MiB), when ECS could tell. */
  taskSize: { cpu: number; memory: number } | undefined;
};

/**
 * The parts of a snapshot a policy reads: ECS's DescribeServices, the deployment records, recent
 * timeline, and the service's Application Auto Scaling scalable target (DescribeScalableTargets).
 */
export type SnapshotNeeds = { service: boolean; deployments: boolean; timelineMinutes: number; scalableTarget: boolean };

/** Event-driven policies tick on every reconcile; slower ones say how often (e.g. right-sizing daily). */
export type Cadence = { everyMinutes: number };

/** Everything a policy may look at: the stored history and ECS's current view. */
export type Snapshot = {
  ref: ServiceRef;
  state: ServiceState | undefined;
  /** Newest first. */
  deployments: DeploymentRecord[];
  service: ServiceDescription | undefined;
  /** Timeline entries of the last minutes, newest first, for policies that ask (lookbackMinutes). */
  recent: TimelineEntry[];
  /**
   * The engine's bookkeeping, not for policies: per policy, the revision of its view of the
   * service this snapshot stands on (ports' Seen), advanced by this invocation's own writes.
   */
  revisions?: Record<string, number>;
  /**
   * Application Auto Scaling's view, loaded only when a candidate needs it (needs.scalableTarget):
   * absent when not loaded; `target` undefined when the service has no scalable target.
   */
  autoScaling?: { target: ScalableTargetView | undefined };
};

export type ActionRequest =
  | { type: "rollback"; deploymentId: string; taskDefinition: string; fromTaskDefinition: string | undefined }
  | { type: "capacity-fallback"; capacityProviderStrategy: CapacityProviderItem[]; previousStrategy: CapacityProviderItem[] }
  | { type: "capacity-restore"; capacityProviderStrategy: CapacityProviderItem[]; previousStrategy: CapacityProviderItem[] }
  | { type: "scale"; desiredCount?: number; minCapacity?: number; maxCapacity?: number };

export type Decision = {
  policy: PolicyId;
  /** Stable across redeliveries and concurrent invocations: one decision per key, ever. */
  key: string;
  /** An action to take, or none: the decision is then recorded and announced only. */
  action: ActionRequest | undefined;
  severity: Severity;
  title: string;
  /** Why, in words a person on call understands. */
  reason: string;
  threadId: string;
  deploymentId: string | undefined;
  /** Extra facts for the history and the notification (revisions, counts). */
  facts: Record<string, string>;
  /** What a person on call should do next (the policy's own words); a generic hint if unset. */
  nextSteps?: string[];
  /** The policy's new per-service state, saved with the decision (not when blocked or failed). */
  state?: PolicyState;
  /**
   * Puts back what enforce mode changed (or settles it: a person changed it since). While the
   * policy owes a restore (Policy.owed), the engine carries such a decision out as enforced
   * even in observe mode; any other observed decision never touches the owed state.
   */
  restores?: boolean;
};

/**
 * What enforce mode changed and has not put back yet, in words (README "Decision lifecycle"):
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

/** A policy's own per-service state; `attention` lists the service for the periodic reconcile. */
export type PolicyState = { value: Record<string, unknown>; attention: boolean };

export type PolicyContext<S> = { event: GuardrailsEvent; snapshot: Snapshot; settings: S; now: Date };
/**
 * `policies`: every policy's settings for the service, for a tick that must respect another
 * policy's window (scheduled scaling waits out auto-rollback's bake); set by the engine.
 */
export type TickContext<S> = { snapshot: Snapshot; settings: S; now: Date; policies?: PolicySettings };

/** What a reconcile tick returns: decisions, or only a state change to save quietly. */
export type TickResult = { decisions: Decision[]; state?: PolicyState };

export type Policy<S> = {
  id: PolicyId;
  /** Cheap filter on the event alone, so most events never load a snapshot. */
  interestedIn(event: GuardrailsEvent): boolean;
  decide(context: PolicyContext<S>): Decision[];
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
  tick?(context: TickContext<S>): TickResult;
  /**
   * Whether a decision that was blocked or failed still answers the service as it is now; the
   * reconcile then retries it. Without this, only the policy's own events and ticks retry it.
   */
  stillApplies?(decision: Decision, context: TickContext<S>): boolean;
  /** Whether the reconcile should look at this service at all (cheap, from ECS's view and the service's settings, tags applied). */
  wantsTick?(service: ServiceDescription, state: Record<string, unknown> | undefined, settings: S): boolean;
};

/** A policy's folder exports one of these; the registry lists them. */
export type PolicyDefinition<S> = {
  id: PolicyId;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each policy has its own shape
  settings: SettingsDefinition<any>;
  /** `guardrails:<policy>:<tag>` service tags → the numeric setting each one overrides. */
  tags: Readonly<Record<string, string>>;
  policy: Policy<S> | undefined;
};

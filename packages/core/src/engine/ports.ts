import type { DeploymentEvent, ServiceActionEventModel, ServiceRef, TaskEvent } from "../events/model.ts";
import type { FailureClass } from "../events/stop-class.ts";
import type { ListedDeployment, ObservedDeployment } from "../history/observed.ts";
import type { ImportedHistory } from "../history/ecs-history.ts";
import type { ServiceDescription } from "../model/description.ts";
import type { ImportSummary } from "../model/known-good.ts";
import type {
  DeploymentRecord,
  FailureEntry,
  Page,
  RecordOutcome,
  ServiceState,
  TimelineEntry,
} from "../history/model.ts";
import type { Mode } from "../config/policy-settings.ts";
import type { Notice, Severity } from "../notifications/notice.ts";
import type { CapabilityId } from "./policy.ts";
import type { Decision, OpenIntent, PolicyState, Action } from "../model/decision.ts";
export type { OpenIntent };

export type { EcsDeploymentHistory } from "./gateways.ts";
export type {
  ServiceGateway,
  ServiceLister,
  ServiceChange,
  ScalableTargets,
  RangeChange,
  ScalingPolicySummary,
  ServiceDeploymentGateway,
  ServiceDeploymentFilter,
  HookAction,
} from "./gateways.ts";
export type { ActionChange, ActionExecutor, ExecutorMap, ExecutorPorts } from "./actions.ts";
export type { Action } from "../model/decision.ts";

// The ports the use cases depend on; adapters in packages/aws (and fakes in tests) implement them.

export interface HistoryWriter {
  recordTask(event: TaskEvent): Promise<RecordOutcome>;
  recordDeployment(event: DeploymentEvent, taskDefinitionArn: string | undefined): Promise<RecordOutcome>;
  recordServiceAction(event: ServiceActionEventModel): Promise<RecordOutcome>;
  /**
   * Completed deployments seen in DescribeServices and in no event (history/observed.ts), each
   * written once and never over a record the history has; `at`: when they were seen.
   */
  recordObserved(ref: ServiceRef, deployments: readonly ObservedDeployment[], at: string): Promise<void>;
  /**
   * ECS's own deployment history (history/ecs-history.ts): each deployment written once and
   * never over a record the history has, the known-good revision unless a newer one is known,
   * and `summary` last (the mark that the service was imported). `described`: the service as
   * first seen, kept once (with the import's known-good) for `guardrails export`.
   */
  recordImported(
    ref: ServiceRef,
    imported: ImportedHistory,
    summary: ImportSummary,
    described?: ServiceDescription,
  ): Promise<void>;
}

export interface HistoryReader {
  getServiceState(ref: ServiceRef): Promise<ServiceState | undefined>;
  getDeployment(ref: ServiceRef, deploymentId: string): Promise<DeploymentRecord | undefined>;
  listDeployments(ref: ServiceRef): Promise<DeploymentRecord[]>;
  /** Newest first; `since` bounds the query itself (no page of older entries is read). */
  timeline(
    ref: ServiceRef,
    options?: { limit?: number; cursor?: string; since?: string },
  ): Promise<Page<TimelineEntry>>;
  clusterTimeline(
    cluster: string,
    options: { since: string; until?: string; limit?: number },
  ): Promise<TimelineEntry[]>;
  deploymentFailures(ref: ServiceRef, deploymentId: string, failureClass?: FailureClass): Promise<FailureEntry[]>;
}

export type HistoryStore = HistoryWriter & HistoryReader;

/** Deployment events do not carry the task definition; ECS's DescribeServices does. */
export interface DeploymentResolver {
  /** `onListed`: called with every deployment ECS listed, when answering took a DescribeServices. */
  taskDefinitionOf(
    ref: ServiceRef,
    deploymentId: string,
    onListed?: (listed: ListedDeployment[]) => void,
  ): Promise<string | undefined>;
}

export type Clock = { now(): Date };
export const systemClock: Clock = { now: () => new Date() };

/** A decision that is not final yet: blocked by a guard, or its action failed. Retried. */
export type ParkedDecision = ServiceRef & {
  key: string;
  mode: Mode;
  status: "blocked" | "failed" | "claimed";
  guard: string | undefined;
  decision: Decision | undefined;
};

export type ClaimResult = { status: "claimed" } | { status: "done" } | { status: "busy" };
export type CompleteResult = { status: "completed" } | { status: "done" } | { status: "busy" };
/** `announced`: first time in this state (a new guard, the first failure): timeline entry and message written. */
export type ParkResult = { status: "parked"; announced: boolean } | { status: "done" } | { status: "busy" };

/**
 * The engine's decision records, idempotency and locking, kept in the history table.
 * Lifecycle of a key: (claimed →) done, or parked (blocked / failed) → retried → done.
 * Done is final. A decision's message is written with it into the service's outbox (on the
 * state item) and stays there until delivered; the next invocation for the service sends it.
 */
/**
 * What a decision's snapshot saw of its policy: `revision`, the count of changes of the
 * policy's view of the service (ServiceState.revisions; undefined: none yet), at `now`. A write
 * that carries it succeeds only if that view did not change since and no other invocation
 * opened an intent since: a decision judged from a state another invocation has moved on from
 * is busy and decided again from a fresh snapshot, instead of taking that invocation's change
 * for someone else's.
 */
export type Seen = { revision: number | undefined; now: string };

/**
 * The engine's decisions, with the service's lock: its side of the one claim-once ledger
 * (engine/ledger.ts, whose outbox it shares; the DynamoDB adapter implements both).
 */
export interface DecisionStore {
  /** Loads the service's state (with any open intent), deployments and failures in one read. */
  loadHistory(
    ref: ServiceRef,
    options?: { deployments?: boolean },
  ): Promise<{ state: ServiceState | undefined; deployments: DeploymentRecord[] }>;
  /** Claims the key of a decision that acts and opens its intent (the service's lock), in one write. */
  claim(
    ref: ServiceRef,
    intent: OpenIntent,
    options: { now: Date; lockSeconds: number; seen?: Seen },
  ): Promise<ClaimResult>;
  /** Takes over an intent whose owner died (its lock has passed); false if someone else did. */
  resume(
    ref: ServiceRef,
    intent: OpenIntent,
    owner: string,
    options: { now: Date; lockSeconds: number },
  ): Promise<boolean>;
  /**
   * Finishes a decision in one write: timeline entry, the key done with its message in the
   * outbox, the policy's state, deployment marks, the intent closed (`owner`: the claimant).
   * Without an owner (a decision that does not act) the write also claims the key.
   */
  complete(
    ref: ServiceRef,
    record: DecisionRecord,
    notice: Notice | undefined,
    options: { owner?: string; lockSeconds: number; seen?: Seen },
  ): Promise<CompleteResult>;
  /** Records a blocked or failed decision; it stays open for a retry. The intent, if owned, is closed. */
  park(
    ref: ServiceRef,
    record: DecisionRecord,
    notice: Notice | undefined,
    options: { owner?: string; decision: Decision; lockSeconds: number },
  ): Promise<ParkResult>;
  /** The notifier took the message: remove it from the service's outbox (Ledger.delivered). */
  delivered(ref: ServiceRef, key: string): Promise<void>;
  /** Decisions waiting for a retry (blocked or failed), for the reconcile. */
  parkedDecisions(): Promise<ParkedDecision[]>;
  /** Takes a parked decision off the reconcile's list; its key stays open for later events. */
  unwatch(ref: ServiceRef, key: string): Promise<void>;
  /**
   * The reconcile could not look at the service: `problem` is recorded, and true is returned
   * once, when it has lasted `announceAfterMs` (a fault the next tick gets past is never
   * announced). Cleared with undefined: true when the cleared problem had been announced.
   */
  markTickProblem(
    ref: ServiceRef,
    problem: string | undefined,
    at: string,
    options?: { announceAfterMs?: number },
  ): Promise<boolean>;
  /** Saves a policy's per-service state without a decision (a quiet reconcile observation); false when `seen` is out of date. */
  savePolicyState(ref: ServiceRef, policy: CapabilityId, state: PolicyState, seen?: Seen): Promise<boolean>;
  /**
   * The stored state of many services at once, for the reconcile's quiet check (quiet.ts), with
   * which of each one's `deployments` the history records; strongly consistent, like
   * loadHistory. A service left out of the answer (not read this time) is looked at in full.
   * Optional: without it every service is.
   */
  peekServices?(wanted: readonly PeekRequest[]): Promise<Map<string, PeekedService>>;
  /** Services a policy asked the reconcile to keep looking at (PolicyState.attention). */
  servicesNeedingAttention(policy: CapabilityId): Promise<ServiceRef[]>;
  recordAlarm(
    ref: ServiceRef,
    alarm: { name: string; state: string; at: string; eventId: string; reason: string | undefined },
  ): Promise<RecordOutcome>;
}

/**
 * The decision store as the events' side of the engine uses it: without the reconcile's lists
 * (parked decisions, services needing attention) and tick problems, so that a function that
 * only handles events (the ingest) can be given a store that leaves them out of its bundle.
 */
export type EventDecisionStore = Omit<
  DecisionStore,
  "parkedDecisions" | "unwatch" | "markTickProblem" | "servicesNeedingAttention" | "peekServices"
>;

/** A service to peek at (DecisionStore.peekServices): its ref and the deployment ids ECS lists for it. */
export type PeekRequest = { ref: ServiceRef; deployments: readonly string[] };
/** A peeked service, keyed by serviceKey: its state item, and which of the asked deployments the history has. */
export type PeekedService = { state: ServiceState | undefined; recorded: ReadonlySet<string> };

export type DecisionRecord = {
  key: string;
  policy: CapabilityId;
  time: string;
  mode: Mode;
  /** What happened: acted, observed (observe mode), blocked (a guard), failed (the action threw). */
  verdict: "acted" | "observed" | "blocked" | "failed" | "noted";
  title: string;
  reason: string;
  guard: string | undefined;
  action: Action | undefined;
  /** A deployment this decision rolled back, marked rolled-back with the reason. */
  rolledBack: string | undefined;
  /** A deployment our action started, marked as ours. */
  startedDeployment: string | undefined;
  counted: boolean;
  /** With `counted`: the service's automatic actions inside the rate window, this one included. */
  recentActionTimes?: string[];
  /** An observed action counted as if taken (guards.ts): the service's observed actions inside the rate window, this one included. */
  observedActionTimes?: string[];
  deploymentId: string | undefined;
  facts: Record<string, string>;
  /** The decision's severity, kept with it in the timeline (the console reads it back). */
  severity?: Severity | undefined;
  /** The deciding policy's new state, saved atomically with the decision. */
  policyState?: PolicyState | undefined;
};

/**
 * AWS Organizations' one parent of an account or OU (ListParents): an OU, or the root. Only the
 * organization's management account or a delegated administrator may read it.
 */
export type OrganizationParents = {
  parentOf(childId: string): Promise<{ id: string; root: boolean }>;
};

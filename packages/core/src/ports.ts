import type { DeploymentEvent, ServiceActionEventModel, ServiceRef, TaskEvent } from "./events/model.ts";
import type { FailureClass } from "./events/stop-class.ts";
import type { DeploymentRecord, FailureEntry, Page, RecordOutcome, ServiceState, TimelineEntry } from "./history/model.ts";
import type { Mode, PolicyId } from "./policies/ids.ts";
import type { ActionRequest, CapacityProviderItem, PolicyState, ServiceDescription } from "./policies/types.ts";

// The ports the use cases depend on; adapters in packages/aws (and fakes in tests) implement them.

export interface HistoryWriter {
  recordTask(event: TaskEvent): Promise<RecordOutcome>;
  recordDeployment(event: DeploymentEvent, taskDefinitionArn: string | undefined): Promise<RecordOutcome>;
  recordServiceAction(event: ServiceActionEventModel): Promise<RecordOutcome>;
}

export interface HistoryReader {
  getServiceState(ref: ServiceRef): Promise<ServiceState | undefined>;
  getDeployment(ref: ServiceRef, deploymentId: string): Promise<DeploymentRecord | undefined>;
  listDeployments(ref: ServiceRef): Promise<DeploymentRecord[]>;
  timeline(ref: ServiceRef, options?: { limit?: number; cursor?: string }): Promise<Page<TimelineEntry>>;
  clusterTimeline(cluster: string, options: { since: string; until?: string; limit?: number }): Promise<TimelineEntry[]>;
  deploymentFailures(ref: ServiceRef, deploymentId: string, failureClass?: FailureClass): Promise<FailureEntry[]>;
}

export type HistoryStore = HistoryWriter & HistoryReader;

/** Deployment events do not carry the task definition; ECS's DescribeServices does. */
export interface DeploymentResolver {
  taskDefinitionOf(ref: ServiceRef, deploymentId: string): Promise<string | undefined>;
}

export type Clock = { now(): Date };
export const systemClock: Clock = { now: () => new Date() };

/** ECS as the policies see it: describe a service (with tags), change it. */
export interface ServiceGateway {
  describeService(ref: ServiceRef): Promise<ServiceDescription | undefined>;
  /** UpdateService; returns the id of the deployment it started (the new PRIMARY), if any. */
  updateService(ref: ServiceRef, change: ServiceChange): Promise<{ deploymentId: string | undefined }>;
  /** Every active service of the clusters whose names match the globs (for the reconcile). */
  listServices(clusterGlobs: readonly string[]): Promise<ServiceDescription[]>;
}

export type ServiceChange = {
  taskDefinition?: string;
  desiredCount?: number;
  capacityProviderStrategy?: CapacityProviderItem[];
  forceNewDeployment?: boolean;
};

export type ClaimResult = "claimed" | "duplicate" | "locked";

/** The engine's idempotency and locking, kept in the history table. */
export interface DecisionStore {
  /** Loads the service's state, deployments and failures in one read. */
  loadHistory(ref: ServiceRef): Promise<{ state: ServiceState | undefined; deployments: DeploymentRecord[] }>;
  /**
   * Claims a decision key (once ever, unless a claimant died: stale after lockSeconds) and,
   * when `lock` is set, the service's action lock in the same atomic write.
   */
  claim(ref: ServiceRef, key: string, options: { now: Date; lockSeconds: number; lock: boolean }): Promise<ClaimResult>;
  /** Records the decision in the timeline, marks the key done, releases the lock. */
  complete(ref: ServiceRef, record: DecisionRecord): Promise<void>;
  /** Saves a policy's per-service state without a decision (a quiet reconcile observation). */
  savePolicyState(ref: ServiceRef, policy: PolicyId, state: PolicyState): Promise<void>;
  /** Services a policy asked the reconcile to keep looking at (PolicyState.attention). */
  servicesNeedingAttention(policy: PolicyId): Promise<ServiceRef[]>;
  recordAlarm(ref: ServiceRef, alarm: { name: string; state: string; at: string; eventId: string; reason: string | undefined }): Promise<RecordOutcome>;
}

export type DecisionRecord = {
  key: string;
  policy: PolicyId;
  time: string;
  mode: Mode;
  /** What happened: acted, observed (observe mode), blocked (a guard), failed (the action threw). */
  verdict: "acted" | "observed" | "blocked" | "failed" | "noted";
  title: string;
  reason: string;
  guard: string | undefined;
  action: ActionRequest | undefined;
  /** A deployment this decision rolled back, marked rolled-back with the reason. */
  rolledBack: string | undefined;
  /** A deployment our action started, marked as ours. */
  startedDeployment: string | undefined;
  counted: boolean;
  /** With `counted`: the service's automatic actions inside the rate window, this one included. */
  recentActionTimes?: string[];
  deploymentId: string | undefined;
  facts: Record<string, string>;
  /** The deciding policy's new state, saved atomically with the decision. */
  policyState?: PolicyState | undefined;
};

/**
 * Carries out one kind of action. `inPlace` tells from the target's current description whether
 * the action's result is already there (a retry, or an intent left open by a crash), so the
 * change is never made twice; `apply` makes it.
 */
export interface ActionExecutor<A extends ActionRequest> {
  inPlace(action: A, service: ServiceDescription | undefined): { deploymentId: string | undefined } | undefined;
  apply(ref: ServiceRef, action: A): Promise<{ deploymentId: string | undefined }>;
}

export type Executors = { [T in ActionRequest["type"]]: ActionExecutor<Extract<ActionRequest, { type: T }>> };

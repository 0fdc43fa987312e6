import type { FailureClass, StopClass } from "../events/stop-class.ts";
import type { ServiceRef } from "../events/model.ts";
import type { Notice } from "../notifications/notice.ts";
import type { OpenIntent } from "../model/decision.ts";
import type { ImportSummary, KnownGoodRevision } from "../model/known-good.ts";

// What the history keeps per service (docs/history.md describes the table layout).

export type DeploymentOutcome = "in-progress" | "completed" | "failed" | "rolled-back";

export type DeploymentRecord = ServiceRef & {
  deploymentId: string;
  taskDefinitionArn: string | undefined;
  /** When ECS reported it in progress (the first IN_PROGRESS event's updatedAt). */
  startedAt: string | undefined;
  completedAt: string | undefined;
  failedAt: string | undefined;
  /** Set when this deployment was rolled back (by ECS's circuit breaker or by a guardrail). */
  rolledBackAt: string | undefined;
  rolledBackBy: string | undefined;
  /** For a rollback deployment (ECS's or ours): the deployment it replaced, when known. */
  rollbackOf: string | undefined;
  /** For ECS's circuit-breaker rollback: the deployment whose revision it returns to. */
  rollbackTo: string | undefined;
  /** Set when a guardrail started this deployment ("guardrails:<policy>"): it is ours. */
  initiatedBy: string | undefined;
  failures: Partial<Record<FailureClass, number>>;
  failureCount: number;
  reasons: string[];
  outcome: DeploymentOutcome;
  /**
   * `observed`: recorded from DescribeServices, not from its events (history/observed.ts);
   * `imported`: from ECS's own deployment history (history/ecs-history.ts).
   */
  source?: "observed" | "imported" | undefined;
  /** For an imported deployment: ECS's service deployment and the revision it deployed. */
  serviceDeploymentArn?: string | undefined;
  serviceRevisionArn?: string | undefined;
};

/**
 * Transitions are stored as independent timestamps so that events applied in any order give
 * the same record; the outcome is derived from which transitions have happened.
 */
export function deriveOutcome(
  r: Pick<DeploymentRecord, "completedAt" | "failedAt" | "rolledBackAt">,
): DeploymentOutcome {
  if (r.rolledBackAt) return "rolled-back";
  if (r.failedAt) return "failed";
  if (r.completedAt) return "completed";
  return "in-progress";
}

export type ServiceState = ServiceRef & {
  currentDeploymentId: string | undefined;
  /** The task definition of the last COMPLETED deployment: the rollback target. */
  lastKnownGoodTaskDefinition: string | undefined;
  lastKnownGoodDeploymentId: string | undefined;
  /** The known-good revision with its whole configuration, from ECS's deployment history. */
  knownGoodRevision?: KnownGoodRevision | undefined;
  /** Set once ECS's deployment history was imported (or found unavailable): never imported again. */
  imported?: ImportSummary | undefined;
  updatedAt: string | undefined;
  /** Latest known state of each CloudWatch alarm mapped to the service. */
  alarms: Record<string, { state: string; at: string }>;
  /** Times of the automatic actions taken on the service (for the rate limit), newest last. */
  actionTimes: string[];
  /**
   * Times of the actions observe mode would have taken, newest last: observe counts them against
   * the rate limit as if taken, so it predicts what enforce's guard would block. Never counted in enforce.
   */
  observedActionTimes?: string[];
  /** Per-policy state (e.g. Spot fallback incidents), owned by each policy. */
  policies: Record<string, unknown>;
  /** Per policy, how many times its view of the service changed (its state written, or it acted): see Seen. */
  revisions?: Record<string, number>;
  /** A decision being acted on (or left half-done by an invocation that died): the service's lock. */
  intent?: OpenIntent | undefined;
  /** What stops the reconcile from looking at the service, since it was first announced. */
  tickProblem?: string | undefined;
  /** Messages of recorded decisions that SNS has not taken yet, by decision key. */
  outbox?: Record<string, { at: string; notice: Notice }>;
};

export const TIMELINE_TYPES = [
  "task-stopped",
  "task-stopping",
  "deployment",
  "service-action",
  "alarm",
  "decision",
  "pipeline",
  // A deployment lifecycle hook's state change (a pause hook awaiting action).
  "hook",
  // An event of a kind this version does not know (AWS adds kinds): kept, never acted on.
  "unknown",
] as const;
export type TimelineType = (typeof TIMELINE_TYPES)[number];

export type TimelineEntry = ServiceRef & {
  type: TimelineType;
  time: string;
  eventId: string;
  summary: string;
  deploymentId?: string | undefined;
  taskId?: string | undefined;
  stopClass?: StopClass | undefined;
  eventName?: string | undefined;
  reason?: string | undefined;
  data?: Record<string, unknown> | undefined;
};

export type FailureEntry = ServiceRef & {
  deploymentId: string;
  class: FailureClass;
  time: string;
  taskId: string;
  taskDefinitionArn: string | undefined;
  explanation: string;
};

export type Page<T> = { items: T[]; cursor: string | undefined };

export type RecordOutcome =
  | { status: "recorded" }
  | { status: "duplicate" }
  | { status: "stale"; storedVersion: number | undefined }
  | { status: "ignored"; reason: string };

import type { StopClass } from "./stop-class.ts";
import type { PipelineTrigger } from "./codepipeline.ts";
import type { ServiceRef } from "../model/service-ref.ts";

// The normalized events the use cases work with: names instead of ARNs, one `time`, the
// deployment id a task belongs to, and the stop already classified.

export type { ServiceRef };

type Base = {
  /** The EventBridge envelope id: the de-duplication key for events without a version. */
  readonly eventId: string;
  /** When it happened: the envelope time, else the most precise time in the detail. */
  readonly time: string;
  /**
   * The account and Region the event comes from, set only when they are not home (a member's
   * event at a hub, parsed with the hub's home): a home event carries neither, so it keys as
   * it always did. The service references the event names carry the same place.
   */
  readonly account?: string | undefined;
  readonly region?: string | undefined;
};

export type TaskStop = {
  readonly code: string | undefined;
  readonly reason: string | undefined;
  readonly class: StopClass;
  readonly explanation: string;
  readonly containers: readonly {
    name: string | undefined;
    exitCode: number | undefined;
    reason: string | undefined;
  }[];
};

export type TaskEvent = Base & {
  readonly kind: "task";
  readonly cluster: string;
  /** Undefined for standalone tasks (group "family:…"). */
  readonly service: string | undefined;
  readonly taskArn: string;
  readonly taskId: string;
  readonly version: number | undefined;
  readonly lastStatus: string;
  readonly desiredStatus: string;
  /** `startedBy` when it is a service deployment id ("ecs-svc/…"). */
  readonly deploymentId: string | undefined;
  readonly taskDefinitionArn: string | undefined;
  readonly capacityProviderName: string | undefined;
  readonly launchType: string | undefined;
  readonly cpu: number | undefined;
  readonly memory: number | undefined;
  readonly startedAt: string | undefined;
  /** Present once the task is stopping or stopped (also on the Spot two-minute warning). */
  readonly stop: TaskStop | undefined;
};

export type DeploymentEvent = Base &
  ServiceRef & {
    readonly kind: "deployment";
    readonly eventName: string;
    readonly eventType: string;
    readonly deploymentId: string;
    readonly updatedAt: string;
    readonly reason: string | undefined;
    /**
     * Set when ECS's circuit breaker started this deployment to roll back: the deployment whose
     * revision it returns to, as the reason names it ("rolling back to deploymentId X"). The
     * event does not name the deployment that failed.
     */
    readonly rollbackTo: string | undefined;
  };

export type ServiceActionEventModel = Base &
  ServiceRef & {
    readonly kind: "service-action";
    readonly eventName: string;
    readonly eventType: string;
    readonly createdAt: string;
    readonly reason: string | undefined;
    readonly capacityProviders: readonly string[];
  };

export type AlarmEvent = Base & {
  readonly kind: "alarm";
  readonly alarmName: string;
  readonly alarmArn: string | undefined;
  readonly state: string;
  readonly previousState: string | undefined;
  readonly reason: string | undefined;
};

export type PipelineEvent = Base & {
  readonly kind: "pipeline";
  readonly level: "pipeline" | "stage" | "action";
  readonly pipeline: string;
  readonly executionId: string;
  readonly state: string;
  readonly stage: string | undefined;
  readonly action: string | undefined;
  /** `execution-trigger` (commit id, branch) when CodePipeline knows it. */
  readonly trigger?: PipelineTrigger | undefined;
  /** An action's provider ("ECS", "Lambda", …). */
  readonly provider?: string | undefined;
};

/**
 * "ECS Hook State Change": a deployment lifecycle hook changed state; with eventName
 * HOOK_AWAITING_ACTION a pause hook holds the deployment until ContinueServiceDeployment or its
 * timeout (docs/design/aws-facts.md#pause-hooks). Fields ECS may leave out are undefined: the
 * pause-hook capability re-reads the hook from DescribeServiceDeployments before it answers.
 */
export type HookEvent = Base &
  ServiceRef & {
    readonly kind: "hook";
    readonly eventName: string;
    readonly serviceDeploymentArn: string | undefined;
    readonly deploymentId: string | undefined;
    readonly hookId: string | undefined;
    readonly targetType: string | undefined;
    readonly stage: string | undefined;
    readonly status: string | undefined;
    readonly expiresAt: string | undefined;
    readonly timeoutAction: string | undefined;
  };

/**
 * An event this version does not know (a new detail-type, AWS promises more): kept in the
 * service's history when it names one, never rejected, never acted on.
 */
export type UnknownEvent = Base & {
  readonly kind: "unknown";
  readonly source: string;
  readonly detailType: string;
  readonly eventName: string | undefined;
  /** The service the event names (resources or detail), when it names one. */
  readonly ref: ServiceRef | undefined;
};

export type ContainerInstanceEvent = Base & { readonly kind: "container-instance"; readonly cluster: string };

export type GuardrailsEvent =
  | TaskEvent
  | DeploymentEvent
  | ServiceActionEventModel
  | AlarmEvent
  | PipelineEvent
  | ContainerInstanceEvent
  | HookEvent
  | UnknownEvent;

export type EventKind = GuardrailsEvent["kind"];

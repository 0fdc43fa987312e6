import type { CapacityProviderItem } from "./description.ts";

// ECS's service deployments and service revisions as the core sees them
// (docs/design/aws-facts.md#service-deployments-and-revisions): what ListServiceDeployments,
// DescribeServiceDeployments and DescribeServiceRevisions answer, without SDK types. Times are
// ISO strings. A service deployment's ARN is not an ecs-svc deployment id: the two relate only
// through these answers (its target revision's task definition, its times).

export const ServiceDeploymentStatuses = [
  "PENDING",
  "IN_PROGRESS",
  "SUCCESSFUL",
  "STOP_REQUESTED",
  "STOPPED",
  "ROLLBACK_REQUESTED",
  "ROLLBACK_IN_PROGRESS",
  "ROLLBACK_SUCCESSFUL",
  "ROLLBACK_FAILED",
] as const;
export type ServiceDeploymentStatus = (typeof ServiceDeploymentStatuses)[number];

/** A line of ListServiceDeployments. */
export type ServiceDeploymentSummary = {
  arn: string;
  serviceArn: string;
  clusterArn: string;
  /** As ECS sent it; a status this code does not know yet is kept, not dropped. */
  status: string;
  statusReason: string | undefined;
  createdAt: string | undefined;
  startedAt: string | undefined;
  finishedAt: string | undefined;
  targetRevisionArn: string | undefined;
};

/** A revision's tasks within a service deployment. */
export type RevisionTaskCounts = {
  arn: string;
  requestedTaskCount: number;
  runningTaskCount: number;
  pendingTaskCount: number;
};

export type RollbackMonitorStatus = "TRIGGERED" | "MONITORING" | "MONITORING_COMPLETE" | "DISABLED";

/** A lifecycle hook of a service deployment (PAUSE hooks wait for ContinueServiceDeployment). */
export type LifecycleHookDetail = {
  hookId: string;
  targetType: string;
  targetArn: string | undefined;
  status: string;
  expiresAt: string | undefined;
  timeoutAction: string | undefined;
};

/** DescribeServiceDeployments' answer for one service deployment. */
export type ServiceDeploymentDetail = ServiceDeploymentSummary & {
  stoppedAt: string | undefined;
  updatedAt: string | undefined;
  sourceRevisions: RevisionTaskCounts[];
  targetRevision: RevisionTaskCounts | undefined;
  lifecycleStage: string | undefined;
  lifecycleHooks: LifecycleHookDetail[];
  circuitBreaker: { status: string; failureCount: number; threshold: number } | undefined;
  alarms: { status: string; alarmNames: string[]; triggeredAlarmNames: string[] } | undefined;
  rollback: { reason: string; startedAt: string | undefined; revisionArn: string } | undefined;
};

/** DescribeServiceRevisions' answer for one (immutable) service revision. */
export type ServiceRevisionDetail = {
  arn: string;
  serviceArn: string;
  clusterArn: string;
  taskDefinition: string;
  capacityProviderStrategy: CapacityProviderItem[];
  launchType: string | undefined;
  platformVersion: string | undefined;
  loadBalancers: {
    targetGroupArn?: string;
    loadBalancerName?: string;
    containerName?: string;
    containerPort?: number;
  }[];
  serviceRegistryArns: string[];
  network: { subnets: string[]; securityGroups: string[]; assignPublicIp: string | undefined } | undefined;
  serviceConnectEnabled: boolean;
  volumeNames: string[];
  createdAt: string | undefined;
};

/** What a batch describe found, and the ARNs ECS answered as failures (gone after 90 days, or never). */
export type Described<T> = { found: T[]; missing: { arn: string; reason: string }[] };

export type StopOutcome =
  | { outcome: "stopped" }
  /** ECS refused: the deployment is not in progress (finished, or already stopping). */
  | { outcome: "not-in-progress"; message: string }
  | { outcome: "not-found" };

export type ContinueOutcome = { outcome: "continued" } | { outcome: "not-found" };

import type { StopSpec } from "./events/builders.ts";
import type { RevisionConfig } from "./revision-config.ts";

// The simulator's model: what ECS keeps about clusters, services, deployments, task definitions
// and tasks. Times are epoch milliseconds of the simulated clock; the API layer turns them into
// Dates, the events into ISO strings.

/** The simulated clock. The simulator moves it forward as it processes due work. */
export type SimClock = { now(): number; advanceTo(ms: number): void };

/** Where emitted EventBridge envelopes go: the local event bus. */
export type EventSink = (event: SimEvent) => void;

/** A real-shaped EventBridge envelope, as the core builders produce it. */
export type SimEvent = {
  version: string;
  id: string;
  "detail-type": string;
  source: string;
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: Record<string, unknown>;
};

export type CapacityProviderStrategyItem = { capacityProvider: string; base: number; weight: number };

/** The circuit breaker's threshold (`thresholdConfiguration`): BOUNDED_PERCENT, UNBOUNDED_PERCENT or COUNT. */
export type ThresholdConfiguration = { type: string; value: number };
export const ThresholdTypes = ["BOUNDED_PERCENT", "UNBOUNDED_PERCENT", "COUNT"] as const;

export type CircuitBreakerConfiguration = {
  enable: boolean;
  rollback: boolean;
  /** Absent: ECS's default, BOUNDED_PERCENT 50. */
  thresholdConfiguration?: ThresholdConfiguration | undefined;
  /** Absent: true (a healthy task zeroes the count). */
  resetOnHealthyTask?: boolean | undefined;
};

export type DeploymentConfiguration = {
  deploymentCircuitBreaker: CircuitBreakerConfiguration;
  minimumHealthyPercent: number;
  maximumPercent: number;
  /** ECS-native strategies (docs/design/aws-facts.md#deployment-controllers-and-strategies); ROLLING is ECS's default. */
  strategy: DeploymentStrategy;
  alarms: { alarmNames: string[]; enable: boolean; rollback: boolean } | undefined;
  bakeTimeInMinutes: number | undefined;
  linearConfiguration: { stepPercent: number; stepBakeTimeInMinutes: number } | undefined;
  canaryConfiguration: { canaryPercent: number; canaryBakeTimeInMinutes: number } | undefined;
  /** Lambda and PAUSE hooks by stage (lifecycle-hooks.ts); the simulator pauses at PAUSE hooks only. */
  lifecycleHooks: LifecycleHook[];
};

export type LifecycleHook = {
  targetType: "AWS_LAMBDA" | "PAUSE";
  hookTargetArn?: string;
  roleArn?: string;
  lifecycleStages: string[];
  hookDetails?: unknown;
  timeoutConfiguration?: { timeoutInMinutes?: number; action?: "CONTINUE" | "ROLLBACK" };
};

export const DeploymentStrategies = ["ROLLING", "BLUE_GREEN", "LINEAR", "CANARY"] as const;
export type DeploymentStrategy = (typeof DeploymentStrategies)[number];

/** Who runs the service's deployments: ECS itself, CodeDeploy (blue/green) or a third party (task sets). */
export const DeploymentControllers = ["ECS", "CODE_DEPLOY", "EXTERNAL"] as const;
export type DeploymentControllerType = (typeof DeploymentControllers)[number];

export type Tag = { key: string; value: string };

export type TaskDefinition = {
  arn: string;
  family: string;
  revision: number;
  cpu: string;
  memory: string;
  containerName: string;
  image: string;
  registeredAt: number;
  tags: Tag[];
};

export const DeploymentStatus = { PRIMARY: "PRIMARY", ACTIVE: "ACTIVE", INACTIVE: "INACTIVE" } as const;
export type DeploymentStatus = (typeof DeploymentStatus)[keyof typeof DeploymentStatus];

export const RolloutState = { IN_PROGRESS: "IN_PROGRESS", COMPLETED: "COMPLETED", FAILED: "FAILED" } as const;
export type RolloutState = (typeof RolloutState)[keyof typeof RolloutState];

export type Deployment = {
  id: string;
  status: DeploymentStatus;
  taskDefinitionArn: string;
  desiredCount: number;
  /** The circuit breaker's count (circuit-breaker.ts): failures ECS counts, since the last reset. */
  failedTasks: number;
  rolloutState: RolloutState;
  rolloutStateReason: string;
  createdAt: number;
  updatedAt: number;
  capacityProviderStrategy: CapacityProviderStrategyItem[];
  /** The service revision it runs and the service deployment it belongs to (service-deployments.ts); unset for replayed ones. */
  serviceRevisionArn?: string;
  serviceDeploymentArn?: string;
};

/** A line of the service's event log (DescribeServices `events`), newest first. */
export type ServiceEventMessage = { id: string; createdAt: number; message: string };

export type Service = {
  name: string;
  cluster: string;
  arn: string;
  desiredCount: number;
  deploymentConfiguration: DeploymentConfiguration;
  deploymentController: DeploymentControllerType;
  tags: Tag[];
  createdAt: number;
  /**
   * Newest first; the PRIMARY one is deployments[0] and holds the service's task definition and
   * capacity provider strategy. Drained deployments are dropped.
   */
  deployments: Deployment[];
  /** The last deployment that reached COMPLETED: where the circuit breaker rolls back to. */
  lastCompleted:
    | {
        id: string;
        taskDefinitionArn: string;
        capacityProviderStrategy: CapacityProviderStrategyItem[];
        serviceRevisionArn?: string | undefined;
      }
    | undefined;
  /** What a service revision holds besides the task definition and capacity provider strategy. */
  revisionConfig: RevisionConfig;
  tasks: Task[];
  steady: boolean;
  /** Bumped on each change of steadiness, so a stale periodic steady-state timer does nothing. */
  steadyEpoch: number;
  /** Set while a placement retry is scheduled, so failures are reported once per retry period. */
  placementRetryAt: number | undefined;
  events: ServiceEventMessage[];
  /** Set by DeleteService: DRAINING while tasks stop, then INACTIVE (resource-operations.ts). */
  deletedAt?: number;
};

/** An immutable service revision (DescribeServiceRevisions). */
export type ServiceRevision = {
  arn: string;
  serviceArn: string;
  clusterArn: string;
  taskDefinitionArn: string;
  capacityProviderStrategy: CapacityProviderStrategyItem[];
  /** Without a strategy: the launch type a seeded revision ran on (else FARGATE). */
  launchType?: string;
  config: RevisionConfig;
  createdAt: number;
};

export const ServiceDeploymentStatuses = [
  "PENDING",
  "SUCCESSFUL",
  "STOPPED",
  "STOP_REQUESTED",
  "IN_PROGRESS",
  "ROLLBACK_REQUESTED",
  "ROLLBACK_IN_PROGRESS",
  "ROLLBACK_SUCCESSFUL",
  "ROLLBACK_FAILED",
] as const;
export type ServiceDeploymentStatus = (typeof ServiceDeploymentStatuses)[number];
export type MonitorStatus = "TRIGGERED" | "MONITORING" | "MONITORING_COMPLETE" | "DISABLED";
export type RevisionCounts = {
  arn: string;
  requestedTaskCount: number;
  runningTaskCount: number;
  pendingTaskCount: number;
};

/** A pause (or Lambda) lifecycle hook of a service deployment, as lifecycleHookDetails shows it. */
export type HookDetail = {
  hookId: string;
  targetType: "AWS_LAMBDA" | "PAUSE";
  targetArn: string | undefined;
  stage: string;
  status: "AWAITING_ACTION" | "IN_PROGRESS" | "SUCCEEDED" | "FAILED" | "TIMED_OUT";
  expiresAt: number | undefined;
  timeoutAction: "CONTINUE" | "ROLLBACK";
};

/** A service deployment (ListServiceDeployments, DescribeServiceDeployments). */
export type ServiceDeploymentRecord = {
  arn: string;
  serviceArn: string;
  clusterArn: string;
  createdAt: number;
  startedAt: number;
  finishedAt: number | undefined;
  stoppedAt: number | undefined;
  updatedAt: number;
  sourceRevisionArns: string[];
  targetRevisionArn: string;
  status: ServiceDeploymentStatus;
  statusReason: string | undefined;
  lifecycleStage: string;
  /** The desired count when it started: the breaker's threshold derives from it. */
  desiredCount: number;
  breaker: { status: MonitorStatus; failureCount: number };
  alarms: { status: MonitorStatus; alarmNames: string[] };
  rollback: { reason: string; startedAt: number; serviceRevisionArn: string } | undefined;
  configuration: DeploymentConfiguration;
  hooks: HookDetail[];
  /** The lifecycle stages it passes through, in order, and the index of the current one. */
  stagePlan: string[];
  stageCursor: number;
  /** The ecs-svc deployment that rolls the target out, and the one that rolls back (if any). */
  targetDeploymentId: string;
  rollbackDeploymentId: string | undefined;
  /** Task counts per revision, frozen when the service deployment ends. */
  finalCounts: { source: RevisionCounts[]; target: RevisionCounts } | undefined;
};

export type TaskStatus = "PROVISIONING" | "PENDING" | "RUNNING" | "STOPPED";

export type Task = {
  id: string;
  arn: string;
  cluster: string;
  serviceName: string;
  deploymentId: string;
  taskDefinitionArn: string;
  capacityProviderName: string;
  lastStatus: TaskStatus;
  desiredStatus: "RUNNING" | "STOPPED";
  /** Grows with every state change, also the ones that emit no event (so gaps appear). */
  version: number;
  createdAt: number;
  startedAt: number | undefined;
  stoppingAt: number | undefined;
  stoppedAt: number | undefined;
  stop: StopSpec | undefined;
  /** The fault this task was launched with, decided once at launch. */
  fault: Fault | undefined;
  /** A task the service had before a replay began: its real id is unknown, so a stream stop of an unknown task may stand for it. */
  seeded?: boolean;
};

/** `capacityProviders`: the providers associated with the cluster (FARGATE and FARGATE_SPOT unless declared). */
/** `containerInsights`: the cluster setting (disabled, enabled or enhanced), as DescribeClusters SETTINGS shows it. */
export type Cluster = {
  name: string;
  arn: string;
  tags: Tag[];
  capacityProviders: string[];
  containerInsights?: string;
};

/** What goes wrong with a task, per task-definition revision or per service. */
export type Fault =
  | { kind: "crash"; afterSeconds: number; exitCode?: number }
  | { kind: "out-of-memory"; afterSeconds: number }
  | { kind: "health-check"; afterSeconds: number; targetGroupArn?: string }
  | { kind: "image-pull" };

export type FaultTarget = { taskDefinition: string } | { cluster?: string; service: string };

/** A window with no Fargate Spot capacity: Spot tasks cannot be placed inside it. */
export type SpotOutage = { start: number; end: number };

/** Durations of the task lifecycle and the scheduler's periods, in simulated milliseconds. */
export type Timings = {
  provisioningMs: number;
  pendingMs: number;
  /** Between desiredStatus STOPPED and STOPPED for scheduler-initiated stops (stopTimeout). */
  stoppingMs: number;
  spotWarningMs: number;
  /**
   * How long a task must have been RUNNING before it counts as stable: a deployment completes
   * (and a service is steady) only on stable tasks, so a crash soon after start is still caught
   * while the deployment is in progress; one after this is ECS's blind spot.
   */
  stabilizationMs: number;
  placementRetryMs: number;
  steadyStateIntervalMs: number;
  /** How long ECS keeps stopped tasks visible to DescribeTasks/ListTasks. */
  stoppedTaskRetentionMs: number;
};

export const DEFAULT_TIMINGS: Timings = {
  provisioningMs: 5_000,
  pendingMs: 25_000,
  stoppingMs: 30_000,
  spotWarningMs: 120_000,
  stabilizationMs: 2 * 60_000,
  placementRetryMs: 5 * 60_000,
  steadyStateIntervalMs: 6 * 3_600_000,
  stoppedTaskRetentionMs: 3_600_000,
};

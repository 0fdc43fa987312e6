import { createHash } from "node:crypto";

// Real-shaped EventBridge envelopes, field for field as in the captured samples
// (test/fixtures/aws-events): used by the ECS simulator, scenarios and the benchmark.
// Event ids are derived from the content unless given, so building the same event twice gives
// a duplicate, as an at-least-once redelivery would.

export type Place = { account?: string; region?: string };
const DEFAULTS = { account: "111122223333", region: "us-east-1" };

function eventId(...parts: unknown[]): string {
  const h = createHash("sha256").update(JSON.stringify(parts)).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

export function arns(p: Place) {
  const { account, region } = { ...DEFAULTS, ...p };
  const prefix = `arn:aws:ecs:${region}:${account}`;
  return {
    account,
    region,
    cluster: (c: string) => `${prefix}:cluster/${c}`,
    service: (c: string, s: string) => `${prefix}:service/${c}/${s}`,
    task: (c: string, id: string) => `${prefix}:task/${c}/${id}`,
    taskDefinition: (td: string) => (td.startsWith("arn:") ? td : `${prefix}:task-definition/${td}`),
    capacityProvider: (name: string) => `${prefix}:capacity-provider/${name}`,
  };
}

export function envelope<D extends object>(
  detailType: string,
  source: string,
  p: ReturnType<typeof arns>,
  time: string,
  resources: string[],
  detail: D,
  id?: string,
) {
  return {
    version: "0",
    id: id ?? eventId(detailType, resources, detail),
    "detail-type": detailType,
    source,
    account: p.account,
    time: new Date(time).toISOString().replace(/\.\d+Z$/, "Z"),
    region: p.region,
    resources,
    detail,
  };
}

// exitCode null = the container never ran (a start failure): the event then has no exitCode,
// as ECS sends it. Left undefined, a stopped container defaults to 143 (SIGTERM handled).
export type ContainerState = { name: string; exitCode?: number | null; reason?: string };
export type StopSpec = { stopCode: string; stoppedReason: string; containers?: ContainerState[] };

export type TaskSpec = Place & {
  cluster: string;
  service: string;
  taskId: string;
  deploymentId: string;
  taskDefinition: string;
  version: number;
  lastStatus: string;
  desiredStatus?: string;
  time: string;
  createdAt?: string;
  startedAt?: string;
  capacityProviderName?: string;
  cpu?: string;
  memory?: string;
  container?: string;
  stop?: StopSpec;
  id?: string;
};

export function taskStateChange(spec: TaskSpec) {
  const p = arns(spec);
  const taskArn = p.task(spec.cluster, spec.taskId);
  const name = spec.container ?? "app";
  const stopped = spec.lastStatus === "STOPPED";
  const override = spec.stop?.containers?.find((c) => c.name === name);
  const container = {
    containerArn: `${taskArn.replace(":task/", ":container/")}/${eventId(spec.taskId, name).slice(0, 36)}`,
    ...(override?.exitCode === null
      ? {}
      : override?.exitCode !== undefined
        ? { exitCode: override.exitCode }
        : stopped
          ? { exitCode: 143 }
          : {}),
    ...(override?.reason ? { reason: override.reason } : {}),
    lastStatus: stopped ? "STOPPED" : spec.lastStatus,
    name,
    image: `${p.account}.dkr.ecr.${p.region}.amazonaws.com/${spec.service}:latest`,
    taskArn,
    networkInterfaces: [],
    cpu: "0",
  };
  const extra = (spec.stop?.containers ?? [])
    .filter((c) => c.name !== name)
    .map(({ exitCode, ...c }) => ({
      lastStatus: "STOPPED",
      taskArn,
      ...c,
      ...(exitCode === null || exitCode === undefined ? {} : { exitCode }),
    }));
  const detail = {
    attachments: [],
    availabilityZone: `${p.region}a`,
    capacityProviderName: spec.capacityProviderName ?? "FARGATE",
    clusterArn: p.cluster(spec.cluster),
    containers: [container, ...extra],
    cpu: spec.cpu ?? "256",
    createdAt: spec.createdAt ?? spec.time,
    desiredStatus: spec.desiredStatus ?? (stopped ? "STOPPED" : "RUNNING"),
    group: `service:${spec.service}`,
    launchType: "FARGATE",
    lastStatus: spec.lastStatus,
    memory: spec.memory ?? "512",
    platformVersion: "1.4.0",
    ...(spec.startedAt ? { startedAt: spec.startedAt } : {}),
    startedBy: spec.deploymentId,
    ...(spec.stop ? { stopCode: spec.stop.stopCode, stoppedReason: spec.stop.stoppedReason } : {}),
    ...(stopped ? { stoppedAt: spec.time, stoppingAt: spec.time, executionStoppedAt: spec.time } : {}),
    taskArn,
    taskDefinitionArn: p.taskDefinition(spec.taskDefinition),
    updatedAt: spec.time,
    version: spec.version,
  };
  return envelope("ECS Task State Change", "aws.ecs", p, spec.time, [taskArn], detail, spec.id);
}

/** Stop details as ECS writes them (docs/design/aws-facts.md#ecs-events; samples in test/fixtures/aws-events/). */
export const stops = {
  crash: (exitCode = 1, container = "app"): StopSpec => ({
    stopCode: "EssentialContainerExited",
    stoppedReason: "Essential container in task exited",
    containers: [{ name: container, exitCode }],
  }),
  outOfMemory: (container = "app"): StopSpec => ({
    stopCode: "EssentialContainerExited",
    stoppedReason: "Essential container in task exited",
    containers: [{ name: container, exitCode: 137, reason: "OutOfMemoryError: Container killed due to memory usage" }],
  }),
  elbHealthCheck: (
    targetGroupArn = "arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/web/0123456789abcdef",
  ): StopSpec => ({
    stopCode: "ServiceSchedulerInitiated",
    stoppedReason: `Task failed ELB health checks in (target-group ${targetGroupArn})`,
  }),
  containerHealthCheck: (): StopSpec => ({
    stopCode: "ServiceSchedulerInitiated",
    stoppedReason: "Task failed container health checks",
  }),
  imagePull: (image = "example/app:missing"): StopSpec => ({
    stopCode: "TaskFailedToStart",
    stoppedReason: `CannotPullContainerError: pull image manifest has been retried 5 time(s): ${image}: not found`,
    containers: [{ name: "app" }],
  }),
  scaleIn: (deploymentId: string): StopSpec => ({
    stopCode: "ServiceSchedulerInitiated",
    stoppedReason: `Scaling activity initiated by (deployment ${deploymentId})`,
    containers: [{ name: "app", exitCode: 137 }],
  }),
  spot: (): StopSpec => ({ stopCode: "SpotInterruption", stoppedReason: "Your Spot Task was interrupted." }),
  user: (): StopSpec => ({ stopCode: "UserInitiated", stoppedReason: "Task stopped by user" }),
};

export type DeploymentSpec = Place & {
  cluster: string;
  service: string;
  deploymentId: string;
  eventName:
    | "SERVICE_DEPLOYMENT_IN_PROGRESS"
    | "SERVICE_DEPLOYMENT_COMPLETED"
    | "SERVICE_DEPLOYMENT_FAILED"
    | (string & {});
  time: string;
  reason?: string;
  id?: string;
};

export function deploymentStateChange(spec: DeploymentSpec) {
  const p = arns(spec);
  const failed = spec.eventName === "SERVICE_DEPLOYMENT_FAILED";
  const defaultReason = {
    SERVICE_DEPLOYMENT_IN_PROGRESS: `ECS deployment ${spec.deploymentId} in progress.`,
    SERVICE_DEPLOYMENT_COMPLETED: `ECS deployment ${spec.deploymentId} completed.`,
    SERVICE_DEPLOYMENT_FAILED: "ECS deployment circuit breaker: task failed to start.",
  }[spec.eventName as string];
  const detail = {
    eventType: failed ? "ERROR" : "INFO",
    eventName: spec.eventName,
    deploymentId: spec.deploymentId,
    updatedAt: spec.time,
    reason: spec.reason ?? defaultReason ?? spec.eventName,
  };
  return envelope(
    "ECS Deployment State Change",
    "aws.ecs",
    p,
    spec.time,
    [p.service(spec.cluster, spec.service)],
    detail,
    spec.id,
  );
}

export type ServiceActionSpec = Place & {
  cluster: string;
  service: string;
  eventName: string;
  eventType?: "INFO" | "WARN" | "ERROR";
  time: string;
  reason?: string;
  capacityProviders?: string[];
  id?: string;
};

const SEVERITY: Record<string, "INFO" | "WARN" | "ERROR"> = {
  SERVICE_TASK_START_IMPAIRED: "WARN",
  SERVICE_DISCOVERY_INSTANCE_UNHEALTHY: "WARN",
  SERVICE_TASK_PLACEMENT_FAILURE: "ERROR",
  SERVICE_TASK_CONFIGURATION_FAILURE: "ERROR",
};

export function serviceAction(spec: ServiceActionSpec) {
  const p = arns(spec);
  const detail = {
    eventType: spec.eventType ?? SEVERITY[spec.eventName] ?? "INFO",
    eventName: spec.eventName,
    clusterArn: p.cluster(spec.cluster),
    ...(spec.capacityProviders ? { capacityProviderArns: spec.capacityProviders.map(p.capacityProvider) } : {}),
    ...(spec.reason ? { reason: spec.reason } : {}),
    createdAt: new Date(spec.time).toISOString(),
  };
  return envelope(
    "ECS Service Action",
    "aws.ecs",
    p,
    spec.time,
    [p.service(spec.cluster, spec.service)],
    detail,
    spec.id,
  );
}

export type AlarmSpec = Place & {
  alarmName: string;
  state: "OK" | "ALARM" | "INSUFFICIENT_DATA";
  previousState?: string;
  time: string;
  reason?: string;
  id?: string;
};

export function alarmStateChange(spec: AlarmSpec) {
  const { account, region } = { ...DEFAULTS, ...spec };
  const alarmArn = `arn:aws:cloudwatch:${region}:${account}:alarm:${spec.alarmName}`;
  const timestamp = new Date(spec.time).toISOString().replace("Z", "+0000");
  const detail = {
    alarmName: spec.alarmName,
    state: { value: spec.state, reason: spec.reason ?? `Threshold Crossed (${spec.state})`, timestamp },
    previousState: { value: spec.previousState ?? (spec.state === "ALARM" ? "OK" : "ALARM"), timestamp },
    configuration: { metrics: [] },
  };
  const p = { ...arns(spec), account, region };
  return envelope("CloudWatch Alarm State Change", "aws.cloudwatch", p, spec.time, [alarmArn], detail, spec.id);
}

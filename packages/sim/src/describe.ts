import { arns, primaryOf, taskDefinitionOf } from "./context.ts";
import type { SimContext } from "./context.ts";
import { describeConfiguration } from "./configuration.ts";
import { deploymentCounts } from "./deployments.ts";
import type { CapacityProviderStrategyItem, Deployment, Service, Tag, Task, TaskDefinition } from "./types.ts";

// The simulator's state in the shapes of the ECS API (DescribeServices, DescribeTasks,
// DescribeTaskDefinition), with Dates where the SDK gives Dates. The endpoints turn the Dates
// into the epoch seconds of the wire format; in-process callers can use these directly.

const date = (ms: number) => new Date(ms);

function placementOf(strategy: readonly CapacityProviderStrategyItem[]) {
  // ECS shows either a capacity provider strategy or a launch type, never both.
  return strategy.length > 0
    ? { capacityProviderStrategy: strategy.map((s) => ({ ...s })) }
    : { launchType: "FARGATE" };
}

export function describeDeployment(service: Service, d: Deployment) {
  const { running, pending } = deploymentCounts(service, d);
  return {
    id: d.id,
    status: d.status,
    taskDefinition: d.taskDefinitionArn,
    desiredCount: d.desiredCount,
    pendingCount: pending,
    runningCount: running,
    failedTasks: d.failedTasks,
    createdAt: date(d.createdAt),
    updatedAt: date(d.updatedAt),
    ...placementOf(d.capacityProviderStrategy),
    platformVersion: "1.4.0",
    platformFamily: "Linux",
    rolloutState: d.rolloutState,
    rolloutStateReason: d.rolloutStateReason,
  };
}

export function describeService(ctx: SimContext, s: Service, includeTags: boolean) {
  const primary = primaryOf(s);
  const counts = s.deployments.map((d) => deploymentCounts(s, d));
  return {
    serviceArn: s.arn,
    serviceName: s.name,
    clusterArn: arns(ctx.place).cluster(s.cluster),
    status: serviceStatus(s, counts),
    desiredCount: s.desiredCount,
    runningCount: counts.reduce((n, c) => n + c.running, 0),
    pendingCount: counts.reduce((n, c) => n + c.pending, 0),
    ...placementOf(primary.capacityProviderStrategy),
    platformVersion: "LATEST",
    platformFamily: "Linux",
    taskDefinition: primary.taskDefinitionArn,
    deploymentConfiguration: describeConfiguration(s.deploymentConfiguration, s.deploymentController),
    deployments: s.deployments.map((d) => describeDeployment(s, d)),
    events: s.events.map((e) => ({ id: e.id, createdAt: date(e.createdAt), message: e.message })),
    createdAt: date(s.createdAt),
    createdBy: `arn:aws:iam::${ctx.place.account}:role/guardrails-local`,
    schedulingStrategy: "REPLICA",
    deploymentController: { type: s.deploymentController },
    enableECSManagedTags: false,
    propagateTags: "NONE",
    enableExecuteCommand: false,
    ...(includeTags ? { tags: copyTags(s.tags) } : {}),
  };
}

/** ACTIVE until DeleteService; then DRAINING while tasks remain, INACTIVE once none does. */
function serviceStatus(s: Service, counts: readonly { running: number; pending: number }[]): string {
  if (s.deletedAt === undefined) return "ACTIVE";
  return counts.some((c) => c.running + c.pending > 0) ? "DRAINING" : "INACTIVE";
}

export function describeTask(ctx: SimContext, t: Task, includeTags: boolean) {
  const td = taskDefinitionOf(ctx, t.taskDefinitionArn);
  const stopped = t.lastStatus === "STOPPED";
  const container = t.stop?.containers?.find((c) => c.name === td.containerName);
  // As in the events: no override means a handled SIGTERM; null means the container never ran.
  const exitCode = container?.exitCode === null ? undefined : (container?.exitCode ?? (stopped ? 143 : undefined));
  return {
    taskArn: t.arn,
    clusterArn: arns(ctx.place).cluster(t.cluster),
    taskDefinitionArn: t.taskDefinitionArn,
    group: `service:${t.serviceName}`,
    startedBy: t.deploymentId,
    version: t.version,
    lastStatus: t.lastStatus,
    desiredStatus: t.desiredStatus,
    // A task on an Auto Scaling group provider runs on EC2.
    launchType: t.capacityProviderName.startsWith("FARGATE") ? "FARGATE" : "EC2",
    capacityProviderName: t.capacityProviderName,
    platformVersion: "1.4.0",
    platformFamily: "Linux",
    availabilityZone: `${ctx.place.region}a`,
    cpu: td.cpu,
    memory: td.memory,
    connectivity: "CONNECTED",
    healthStatus: "UNKNOWN",
    attachments: [],
    containers: [
      {
        containerArn: `${t.arn.replace(":task/", ":container/")}/${td.containerName}`,
        taskArn: t.arn,
        name: td.containerName,
        image: td.image,
        lastStatus: stopped ? "STOPPED" : t.lastStatus,
        ...(exitCode !== undefined ? { exitCode } : {}),
        ...(container?.reason ? { reason: container.reason } : {}),
        healthStatus: "UNKNOWN",
        cpu: "0",
      },
    ],
    createdAt: date(t.createdAt),
    ...(t.startedAt !== undefined ? { startedAt: date(t.startedAt) } : {}),
    ...(t.stoppingAt !== undefined ? { stoppingAt: date(t.stoppingAt) } : {}),
    ...(t.stoppedAt !== undefined ? { stoppedAt: date(t.stoppedAt), executionStoppedAt: date(t.stoppedAt) } : {}),
    ...(t.stop ? { stopCode: t.stop.stopCode, stoppedReason: t.stop.stoppedReason } : {}),
    ...(includeTags ? { tags: [] } : {}),
  };
}

export function describeTaskDefinition(td: TaskDefinition, account: string) {
  return {
    taskDefinitionArn: td.arn,
    family: td.family,
    revision: td.revision,
    status: "ACTIVE",
    cpu: td.cpu,
    memory: td.memory,
    networkMode: "awsvpc",
    requiresCompatibilities: ["FARGATE"],
    compatibilities: ["EC2", "FARGATE"],
    runtimePlatform: { cpuArchitecture: "X86_64", operatingSystemFamily: "LINUX" },
    containerDefinitions: [
      {
        name: td.containerName,
        image: td.image,
        cpu: 0,
        essential: true,
        portMappings: [],
        environment: [],
        mountPoints: [],
        volumesFrom: [],
      },
    ],
    volumes: [],
    placementConstraints: [],
    registeredAt: date(td.registeredAt),
    registeredBy: `arn:aws:iam::${account}:role/guardrails-local`,
  };
}

export function copyTags(tags: readonly Tag[]): Tag[] {
  return tags.map((t) => ({ key: t.key, value: t.value }));
}

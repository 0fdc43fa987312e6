import type { FaultRegistry } from "./faults.ts";
import type { IdSource } from "./ids.ts";
import type { Timeline } from "./timeline.ts";
import type {
  Cluster,
  Deployment,
  EventSink,
  HookDetail,
  Service,
  ServiceDeploymentRecord,
  ServiceEventMessage,
  ServiceRevision,
  Task,
  TaskDefinition,
  Timings,
} from "./types.ts";

// The state every part of the simulator works on, passed explicitly so each concern (tasks,
// deployments, circuit breaker) is a module of plain functions. The hooks break the cycle
// between the task lifecycle and the scheduler: a task reports, the scheduler reacts.

export type Place = { account: string; region: string };

export type SimContext = {
  readonly timeline: Timeline;
  readonly emit: EventSink;
  readonly place: Place;
  readonly ids: IdSource;
  readonly timings: Timings;
  readonly faults: FaultRegistry;
  readonly clusters: Map<string, Cluster>;
  readonly services: Map<string, Service>;
  readonly taskDefinitions: Map<string, TaskDefinition>;
  readonly tasks: Map<string, Task>;
  /** By ARN, in creation order (service-deployments.ts). */
  readonly serviceDeployments: Map<string, ServiceDeploymentRecord>;
  readonly serviceRevisions: Map<string, ServiceRevision>;
  readonly hooks: {
    /** A task reached STOPPED; `failed` when its own code or image made it stop. */
    taskStopped(task: Task, failed: boolean): void;
    /** Something changed: the service scheduler should look at this service again. */
    reconcileSoon(service: Service): void;
    /** A PAUSE hook's timeout came (hook-actions.ts applies its timeoutAction). */
    hookTimedOut(service: Service, sd: ServiceDeploymentRecord, hook: HookDetail): void;
  };
};

export function arns(place: Place) {
  const prefix = `arn:aws:ecs:${place.region}:${place.account}`;
  return {
    cluster: (cluster: string) => `${prefix}:cluster/${cluster}`,
    service: (cluster: string, service: string) => `${prefix}:service/${cluster}/${service}`,
    task: (cluster: string, id: string) => `${prefix}:task/${cluster}/${id}`,
    taskDefinition: (family: string, revision: number) => `${prefix}:task-definition/${family}:${revision}`,
    serviceDeployment: (cluster: string, service: string, id: string) =>
      `${prefix}:service-deployment/${cluster}/${service}/${id}`,
    serviceRevision: (cluster: string, service: string, id: string) =>
      `${prefix}:service-revision/${cluster}/${service}/${id}`,
  };
}

export function serviceOf(ctx: SimContext, task: Task): Service | undefined {
  return ctx.services.get(arns(ctx.place).service(task.cluster, task.serviceName));
}

export function deploymentOf(service: Service, deploymentId: string): Deployment | undefined {
  return service.deployments.find((d) => d.id === deploymentId);
}

export function primaryOf(service: Service): Deployment {
  const primary = service.deployments[0];
  if (!primary) throw new Error(`service ${service.name} has no deployment`);
  return primary;
}

export function taskDefinitionOf(ctx: SimContext, arn: string): TaskDefinition {
  const td = ctx.taskDefinitions.get(arn);
  if (!td) throw new Error(`unknown task definition ${arn}`);
  return td;
}

/** Adds a line to the service's event log, as DescribeServices shows it (newest first, 100 kept). */
export function logServiceEvent(ctx: SimContext, service: Service, message: string): void {
  const entry: ServiceEventMessage = {
    id: ctx.ids.uuid(),
    createdAt: ctx.timeline.now(),
    message: `(service ${service.name}) ${message}`,
  };
  service.events.unshift(entry);
  service.events.length = Math.min(service.events.length, 100);
}

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

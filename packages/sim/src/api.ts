import { clusterName } from "@ecs-guardrails/core/events/arns";
import { arns, primaryOf, serviceOf } from "./context.ts";
import type { SimContext } from "./context.ts";
import { recordFailure, recordHealthy } from "./circuit-breaker.ts";
import * as ecs from "./ecs-api.ts";
import { invalidParameter } from "./errors.ts";
import { FaultRegistry } from "./faults.ts";
import { follow, type StreamFact } from "./follow.ts";
import { continueServiceDeployment, type ContinueServiceDeploymentInput, hookTimedOut } from "./hook-actions.ts";
import { IdSource } from "./ids.ts";
import { resolveTaskDefinition } from "./lookup.ts";
import * as resources from "./resource-operations.ts";
import * as deploymentsApi from "./service-deployments-api.ts";
import { stopServiceDeployment, type StopServiceDeploymentInput } from "./service-deployment-actions.ts";
import { reconcile } from "./scheduler.ts";
import { interruptSpotTasks } from "./spot.ts";
import type { SpotFilter } from "./spot.ts";
import { addCluster, addService, registerTaskDefinition } from "./setup.ts";
import type { ServiceSpec, TaskDefinitionSpec } from "./setup.ts";
import { Timeline } from "./timeline.ts";
import { DEFAULT_TIMINGS } from "./types.ts";
import type { EventSink, Fault, FaultTarget, Service, SimClock, SimEvent, TaskDefinition, Timings } from "./types.ts";
import { updateService } from "./update-service.ts";
import type { UpdateServiceInput } from "./update-service.ts";

// The ECS simulator's public face: set up clusters, task definitions and services, inject
// faults, move simulated time, and call the ECS API operations the endpoints serve.

export type EcsSimulatorOptions = {
  clock: SimClock;
  emit: EventSink;
  account?: string;
  region?: string;
  /** Same seed, same ids (and event ids): replays are reproducible. */
  seed?: string;
  timings?: Partial<Timings>;
};

export type { ServiceSpec, StreamFact, TaskDefinitionSpec };

export type Time = number | Date | string;

export class EcsSimulator {
  readonly account: string;
  readonly region: string;
  readonly #ctx: SimContext;
  readonly #listeners = new Set<EventSink>();
  readonly #reconcilePending = new Set<Service>();
  #serviceTime: ((cluster: string, service: string) => number | undefined) | undefined;

  constructor(options: EcsSimulatorOptions) {
    this.account = options.account ?? "111122223333";
    this.region = options.region ?? "us-east-1";
    this.#ctx = {
      timeline: new Timeline(options.clock),
      emit: (event) => this.#emit(options.emit, event),
      place: { account: this.account, region: this.region },
      ids: new IdSource(options.seed),
      timings: { ...DEFAULT_TIMINGS, ...options.timings },
      faults: new FaultRegistry(),
      clusters: new Map(),
      services: new Map(),
      taskDefinitions: new Map(),
      tasks: new Map(),
      serviceDeployments: new Map(),
      serviceRevisions: new Map(),
      hooks: {
        taskStopped: (task, failed) => this.#taskStopped(task, failed),
        taskHealthy: (task) => {
          const service = serviceOf(this.#ctx, task);
          if (service) recordHealthy(this.#ctx, service, task);
        },
        reconcileSoon: (service) => this.#reconcileSoon(service),
        hookTimedOut: (service, sd, hook) => hookTimedOut(this.#ctx, service, sd, hook),
      },
    };
  }

  /** Simulated time, epoch milliseconds. */
  now(): number {
    return this.#ctx.timeline.now();
  }

  /** Adds a cluster; `capacityProviders` (default FARGATE and FARGATE_SPOT) are associated with it. */
  addCluster(name: string, tags: Record<string, string> = {}, capacityProviders?: readonly string[]): string {
    return addCluster(this.#ctx, name, tags, capacityProviders);
  }

  /** Turns a cluster's Container Insights setting on ("enabled" or "enhanced") or off, as UpdateClusterSettings does. */
  setContainerInsights(cluster: string, value: "enabled" | "enhanced" | "disabled"): void {
    this.#ctx.clusters.get(cluster)!.containerInsights = value;
  }

  /** Moves the simulated state as a recorded event says ECS's state moved (replay); schedules and emits nothing. */
  follow(fact: StreamFact): void {
    follow(this.#ctx, fact);
  }

  registerTaskDefinition(spec: TaskDefinitionSpec): TaskDefinition {
    return { ...registerTaskDefinition(this.#ctx, spec) };
  }

  /** Adds a service (and its cluster if new); returns the service ARN. */
  addService(spec: ServiceSpec): string {
    return this.#ctx.timeline.owning(ownerKey(spec.cluster ?? "default", spec.name), () => addService(this.#ctx, spec));
  }

  /** Runs the scheduler's work for one service due up to `time` (a replay lane); returns how much ran. */
  runServiceUntil(cluster: string, service: string, time: number): number {
    return this.#ctx.timeline.runOwnedUntil(ownerKey(cluster, service), time);
  }

  /** When the scheduler next has work for the service, if any. */
  nextServiceWorkAt(cluster: string, service: string): number | undefined {
    return this.#ctx.timeline.nextOwnedAt(ownerKey(cluster, service));
  }

  /** Sets (or, with undefined, clears) a fault for new tasks of a revision or of a service. */
  setFault(target: FaultTarget, fault: Fault | undefined): void {
    if ("taskDefinition" in target) {
      const td = resolveTaskDefinition(this.#ctx, target.taskDefinition);
      if (!td) throw invalidParameter(`unknown task definition ${target.taskDefinition}`);
      this.#ctx.faults.setForTaskDefinition(td.arn, fault);
    } else {
      this.#ctx.faults.setForService(arns(this.#ctx.place).service(target.cluster ?? "default", target.service), fault);
    }
  }

  /** No Fargate Spot capacity in [start, end); with interruptRunning, running Spot tasks are reclaimed at start. */
  addSpotOutage(window: { start: Time; end: Time; interruptRunning?: boolean }): void {
    const start = toMs(window.start);
    this.#ctx.faults.addSpotOutage({ start, end: toMs(window.end) });
    if (window.interruptRunning) this.at(start, () => this.interruptSpotTasks());
  }

  /** Sends the two-minute warning to running Spot tasks now; returns their ARNs. */
  interruptSpotTasks(filter?: SpotFilter): string[] {
    return interruptSpotTasks(this.#ctx, filter);
  }

  /** Runs a scenario step at a simulated time (in order with the simulator's own work). */
  at(time: Time, action: () => void): void {
    this.#ctx.timeline.at(toMs(time), action);
  }

  advance(ms: number): void {
    this.runUntil(this.now() + ms);
  }

  /** Processes all work due up to `time`, in time order. */
  runUntil(time: Time): void {
    this.#ctx.timeline.runUntil(toMs(time));
  }

  /**
   * Runs work until an emitted event matches (returns it) or `withinMs` passes (returns
   * undefined). Periodic work never runs out, so there is no "run until idle".
   */
  advanceUntil(predicate: (event: SimEvent) => boolean, withinMs: number): SimEvent | undefined {
    const limit = this.now() + withinMs;
    let found: SimEvent | undefined;
    const listener = (event: SimEvent) => {
      if (!found && predicate(event)) found = event;
    };
    this.#listeners.add(listener);
    try {
      while (!found && this.#ctx.timeline.step(limit));
    } finally {
      this.#listeners.delete(listener);
    }
    if (!found) this.#ctx.timeline.runUntil(limit);
    return found;
  }

  // The ECS API, as served by the local endpoints (inputs and outputs as in the SDK).
  describeServices = (input: ecs.DescribeServicesInput) => ecs.describeServices(this.#ctx, input);
  updateService = (input: UpdateServiceInput) =>
    this.#ctx.timeline.during(this.#timeOf(input.cluster, input.service), () =>
      this.#ctx.timeline.owning(
        input.service
          ? ownerKey(clusterName(input.cluster ?? "default"), input.service.slice(input.service.lastIndexOf("/") + 1))
          : undefined,
        () => updateService(this.#ctx, input),
      ),
    );

  /**
   * Where each service's own time comes from (a replay moves services through their streams
   * concurrently): calls arriving over HTTP carry no lane, so the service they name decides.
   */
  useServiceTime(timeOf: (cluster: string, service: string) => number | undefined): void {
    this.#serviceTime = timeOf;
  }

  #timeOf(cluster: string | undefined, service: string | undefined): number | undefined {
    if (!this.#serviceTime || !service) return undefined;
    return this.#serviceTime(clusterName(cluster ?? "default"), service.slice(service.lastIndexOf("/") + 1));
  }
  describeTaskDefinition = (input: ecs.DescribeTaskDefinitionInput) => ecs.describeTaskDefinitionOp(this.#ctx, input);
  listClusters = (input: ecs.ListClustersInput = {}) => ecs.listClusters(this.#ctx, input);
  describeClusters = (input: ecs.DescribeClustersInput = {}) => ecs.describeClusters(this.#ctx, input);
  listServices = (input: ecs.ListServicesInput) => ecs.listServices(this.#ctx, input);
  listTagsForResource = (input: ecs.ListTagsForResourceInput) => ecs.listTagsForResource(this.#ctx, input);
  describeTasks = (input: ecs.DescribeTasksInput) => ecs.describeTasks(this.#ctx, input);
  listTasks = (input: ecs.ListTasksInput) => ecs.listTasks(this.#ctx, input);
  listServiceDeployments = (input: deploymentsApi.ListServiceDeploymentsInput) =>
    deploymentsApi.listServiceDeployments(this.#ctx, input);
  describeServiceDeployments = (input: deploymentsApi.DescribeServiceDeploymentsInput) =>
    deploymentsApi.describeServiceDeployments(this.#ctx, input);
  describeServiceRevisions = (input: deploymentsApi.DescribeServiceRevisionsInput) =>
    deploymentsApi.describeServiceRevisions(this.#ctx, input);
  stopServiceDeployment = (input: StopServiceDeploymentInput) =>
    this.#onServiceOf(input.serviceDeploymentArn, () => stopServiceDeployment(this.#ctx, input));
  tagResource = (input: resources.TagResourceInput) => resources.tagResource(this.#ctx, input);
  untagResource = (input: resources.UntagResourceInput) => resources.untagResource(this.#ctx, input);
  listTaskDefinitions = (input: resources.ListTaskDefinitionsInput = {}) =>
    resources.listTaskDefinitions(this.#ctx, input);
  stopTask = (input: resources.StopTaskInput) => resources.stopTask(this.#ctx, input);
  deleteService = (input: resources.DeleteServiceInput) =>
    this.#ctx.timeline.during(this.#timeOf(input.cluster, input.service), () =>
      this.#ctx.timeline.owning(
        input.service
          ? ownerKey(clusterName(input.cluster ?? "default"), input.service.slice(input.service.lastIndexOf("/") + 1))
          : undefined,
        () => resources.deleteService(this.#ctx, input),
      ),
    );
  continueServiceDeployment = (input: ContinueServiceDeploymentInput) =>
    this.#onServiceOf(input.serviceDeploymentArn, () => continueServiceDeployment(this.#ctx, input));

  /** Runs a call about a service deployment as work of its service (its ARN names cluster and service). */
  #onServiceOf<T>(serviceDeploymentArn: string | undefined, work: () => T): T {
    const [cluster, service] = (serviceDeploymentArn?.split(":service-deployment/")[1] ?? "").split("/");
    if (!cluster || !service) return work();
    return this.#ctx.timeline.during(this.#timeOf(cluster, service), () =>
      this.#ctx.timeline.owning(ownerKey(cluster, service), work),
    );
  }

  #emit(sink: EventSink, event: SimEvent): void {
    sink(event);
    for (const listener of this.#listeners) listener(event);
  }

  #taskStopped(task: Parameters<SimContext["hooks"]["taskStopped"]>[0], failed: boolean): void {
    const service = serviceOf(this.#ctx, task);
    if (!service) return;
    if (failed) recordFailure(this.#ctx, service, task);
    this.#reconcileSoon(service);
  }

  /** One scheduler pass per service per moment, after the moment's other work. */
  #reconcileSoon(service: Service): void {
    if (this.#reconcilePending.has(service)) return;
    this.#reconcilePending.add(service);
    this.#ctx.timeline.at(this.now(), () => {
      this.#reconcilePending.delete(service);
      if (service.deployments.length > 0) reconcile(this.#ctx, service);
    });
  }

  /** The PRIMARY deployment's id: handy for scenarios that assert on startedBy. */
  primaryDeploymentId(cluster: string, service: string): string {
    const s = this.#ctx.services.get(arns(this.#ctx.place).service(cluster, service));
    if (!s) throw new Error(`no service ${cluster}/${service}`);
    return primaryOf(s).id;
  }
}

/** Whose work the timeline runs: a service, by cluster and service name. */
function ownerKey(cluster: string, service: string): string {
  return `${cluster}/${service}`;
}

function toMs(time: Time): number {
  const ms = typeof time === "number" ? time : new Date(time).getTime();
  if (!Number.isFinite(ms)) throw new RangeError(`invalid time: ${String(time)}`);
  return ms;
}

import {
  DescribeServicesCommand,
  type DeploymentCircuitBreaker,
  DescribeTaskDefinitionCommand,
  type ECSClient,
  ListClustersCommand,
  ListServicesCommand,
  type Service,
  UpdateServiceCommand,
  type UpdateServiceCommandInput,
} from "@aws-sdk/client-ecs";
import { anyGlob } from "@ecs-guardrails/core/config/glob";
import type { ServiceRef } from "@ecs-guardrails/core/events/model";
import type { ServiceChange, ServiceGateway, ServiceLister } from "@ecs-guardrails/core/engine/ports";
import type { ServiceDescription } from "@ecs-guardrails/core/model/description";
import { AwsAdapterError } from "../errors.ts";
import { isNotFound } from "./not-found.ts";

/**
 * ECS for the policy engine: one DescribeServices (tags included) per snapshot, UpdateService to
 * act. Task definition sizes never change for a revision, so they are cached for the process.
 * What the ingest and the hooks build: they never list services (EcsServiceGateway below does).
 */
export class EcsServiceActions implements ServiceGateway {
  protected readonly client: ECSClient;
  private readonly sizes = new Map<string, { cpu: number; memory: number } | undefined>();

  constructor(client: ECSClient) {
    this.client = client;
  }

  private async withSize(d: ServiceDescription): Promise<ServiceDescription> {
    if (!d.taskDefinition) return d;
    if (!this.sizes.has(d.taskDefinition)) {
      // The size only feeds cost estimates: without it the policies still decide.
      const out = await Promise.resolve()
        .then(() => this.client.send(new DescribeTaskDefinitionCommand({ taskDefinition: d.taskDefinition })))
        .catch(() => undefined);
      const cpu = Number(out?.taskDefinition?.cpu);
      const memory = Number(out?.taskDefinition?.memory);
      // Only a known answer is cached; a failed call is asked again next time.
      if (out)
        this.sizes.set(d.taskDefinition, Number.isFinite(cpu) && Number.isFinite(memory) ? { cpu, memory } : undefined);
      return { ...d, taskSize: Number.isFinite(cpu) && Number.isFinite(memory) ? { cpu, memory } : undefined };
    }
    return { ...d, taskSize: this.sizes.get(d.taskDefinition) };
  }

  async describeService(ref: ServiceRef): Promise<ServiceDescription | undefined> {
    const out = await this.call(ref, "DescribeServices", () =>
      this.client
        .send(new DescribeServicesCommand({ cluster: ref.cluster, services: [ref.service], include: ["TAGS"] }))
        .catch((error: unknown) => {
          // A service or cluster ECS does not know is "no service", not a failure to retry.
          if (isNotFound(error)) return { services: [] };
          throw error;
        }),
    );
    const service = out.services?.[0];
    return service && service.status !== "INACTIVE" ? this.withSize(toDescription(ref, service)) : undefined;
  }

  async updateService(ref: ServiceRef, change: ServiceChange): Promise<{ deploymentId: string | undefined }> {
    const out = await this.call(ref, "UpdateService", () =>
      this.client.send(
        new UpdateServiceCommand({
          cluster: ref.cluster,
          service: ref.service,
          ...(change.taskDefinition ? { taskDefinition: change.taskDefinition } : {}),
          ...(change.desiredCount !== undefined ? { desiredCount: change.desiredCount } : {}),
          ...(change.capacityProviderStrategy ? { capacityProviderStrategy: change.capacityProviderStrategy } : {}),
          ...revisionSettings(change),
          ...(change.forceNewDeployment ? { forceNewDeployment: true } : {}),
        }),
      ),
    );
    return { deploymentId: out.service?.deployments?.find((d) => d.status === "PRIMARY")?.id };
  }

  protected async call<T>(ref: ServiceRef, operation: string, send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (error) {
      throw new AwsAdapterError(
        `ECS ${operation} failed for ${ref.cluster}/${ref.service}: ${(error as Error).message}`,
        { ...ref, operation },
        { cause: error },
      );
    }
  }
}

/**
 * The engine's ECS with the listing of services: what the reconcile, the import and right-sizing
 * build. Kept out of the ingest's bundle (issue 19) with its ListClusters and ListServices, and
 * so out of its IAM (derived from the calls each function's code makes).
 */
export class EcsServiceGateway extends EcsServiceActions implements ServiceLister {
  /** ListClusters → ListServices → DescribeServices (10 at a time), for clusters matching the globs. */
  async listServices(clusterGlobs: readonly string[]): Promise<ServiceDescription[]> {
    const ref = { cluster: "*", service: "*" };
    const clusters = (
      await this.paged(
        (nextToken) => this.call(ref, "ListClusters", () => this.client.send(new ListClustersCommand({ nextToken }))),
        (o) => o.clusterArns ?? [],
      )
    )
      .map((arn) => arn.slice(arn.lastIndexOf("/") + 1))
      .filter((name) => anyGlob(clusterGlobs, name));
    const out: ServiceDescription[] = [];
    for (const cluster of clusters) {
      const arns = await this.paged(
        (nextToken) =>
          this.call({ cluster, service: "*" }, "ListServices", () =>
            this.client.send(new ListServicesCommand({ cluster, nextToken })),
          ),
        (o) => o.serviceArns ?? [],
      );
      for (let i = 0; i < arns.length; i += 10) {
        const batch = await this.call({ cluster, service: "*" }, "DescribeServices", () =>
          this.client.send(
            new DescribeServicesCommand({ cluster, services: arns.slice(i, i + 10), include: ["TAGS"] }),
          ),
        );
        // No task sizes here: a DescribeTaskDefinition per revision would spend most of the API
        // budget (docs/design/aws-facts.md#api-budgets-and-service-limits) on a tick that decides nothing. A service the tick acts on is
        // described again, with its size, first.
        for (const s of batch.services ?? [])
          if (s.status === "ACTIVE") out.push(toDescription({ cluster, service: s.serviceName ?? "" }, s));
      }
    }
    return out;
  }

  private async paged<O extends { nextToken?: string | undefined }>(
    call: (token: string | undefined) => Promise<O>,
    items: (o: O) => string[],
  ): Promise<string[]> {
    const all: string[] = [];
    let token: string | undefined;
    do {
      const out = await call(token);
      all.push(...items(out));
      token = out.nextToken;
    } while (token);
    return all;
  }
}

/** The breaker's settings; threshold and reset only when ECS names them (absent, ECS applies its defaults). */
function circuitBreakerOf(b: DeploymentCircuitBreaker): NonNullable<ServiceDescription["circuitBreaker"]> {
  const threshold = b.thresholdConfiguration;
  return {
    enable: b.enable ?? false,
    rollback: b.rollback ?? false,
    ...(threshold?.type && threshold.value !== undefined
      ? { thresholdConfiguration: { type: threshold.type, value: threshold.value } }
      : {}),
    ...(b.resetOnHealthyTask !== undefined ? { resetOnHealthyTask: b.resetOnHealthyTask } : {}),
  };
}

/**
 * A known-good revision's settings besides its task definition and strategy, as UpdateService
 * takes them (a rollback restores them); absent ones stay as they are. The core keeps ECS's
 * own JSON for these, so they pass through as the SDK's types.
 */
function revisionSettings(change: ServiceChange): Partial<UpdateServiceCommandInput> {
  return {
    ...(change.networkConfiguration
      ? { networkConfiguration: change.networkConfiguration as UpdateServiceCommandInput["networkConfiguration"] }
      : {}),
    ...(change.loadBalancers ? { loadBalancers: change.loadBalancers } : {}),
    ...(change.serviceRegistries ? { serviceRegistries: change.serviceRegistries } : {}),
    ...(change.serviceConnectConfiguration
      ? {
          serviceConnectConfiguration:
            change.serviceConnectConfiguration as unknown as UpdateServiceCommandInput["serviceConnectConfiguration"],
        }
      : {}),
    ...(change.volumeConfigurations
      ? {
          volumeConfigurations:
            change.volumeConfigurations as unknown as UpdateServiceCommandInput["volumeConfigurations"],
        }
      : {}),
  };
}

export function toDescription(ref: ServiceRef, s: Service): ServiceDescription {
  const breaker = s.deploymentConfiguration?.deploymentCircuitBreaker;
  const alarms = s.deploymentConfiguration?.alarms;
  return {
    ...ref,
    serviceArn: s.serviceArn ?? "",
    status: s.status ?? "UNKNOWN",
    desiredCount: s.desiredCount ?? 0,
    runningCount: s.runningCount ?? 0,
    pendingCount: s.pendingCount ?? 0,
    taskDefinition: s.taskDefinition ?? "",
    launchType: s.launchType,
    capacityProviderStrategy: (s.capacityProviderStrategy ?? []).map((c) => ({
      capacityProvider: c.capacityProvider ?? "",
      base: c.base ?? 0,
      weight: c.weight ?? 0,
    })),
    circuitBreaker: breaker ? circuitBreakerOf(breaker) : undefined,
    // ECS leaves both out for the defaults (and older API versions know no strategy).
    deploymentController: s.deploymentController?.type ?? "ECS",
    deploymentStrategy: s.deploymentConfiguration?.strategy ?? "ROLLING",
    deploymentAlarms: alarms
      ? { alarmNames: alarms.alarmNames ?? [], enable: alarms.enable ?? false, rollback: alarms.rollback ?? false }
      : undefined,
    deployments: listedDeployments(s),
    tags: Object.fromEntries((s.tags ?? []).filter((t) => t.key).map((t) => [t.key!, t.value ?? ""])),
    taskSize: undefined,
    // `ECS` marks a service Express Mode created and manages.
    managedBy: s.resourceManagementType,
  };
}

/**
 * ECS lists deployments for its own controller; a CODE_DEPLOY or EXTERNAL service has task sets
 * instead (no rollout state), read as deployments so the revisions it runs stay visible.
 */
function listedDeployments(s: Service): ServiceDescription["deployments"] {
  if (s.deployments?.length || !s.taskSets?.length)
    return (s.deployments ?? []).map((d) => ({
      id: d.id ?? "",
      status: d.status ?? "",
      taskDefinition: d.taskDefinition ?? "",
      rolloutState: d.rolloutState,
      createdAt: d.createdAt?.toISOString(),
      updatedAt: d.updatedAt?.toISOString(),
      desiredCount: d.desiredCount ?? 0,
      runningCount: d.runningCount ?? 0,
      failedTasks: d.failedTasks ?? 0,
    }));
  return s.taskSets.map((t) => ({
    id: t.id ?? "",
    status: t.status ?? "",
    taskDefinition: t.taskDefinition ?? "",
    rolloutState: undefined,
    createdAt: t.createdAt?.toISOString(),
    updatedAt: t.updatedAt?.toISOString(),
    desiredCount: t.computedDesiredCount ?? 0,
    runningCount: t.runningCount ?? 0,
    failedTasks: 0,
  }));
}

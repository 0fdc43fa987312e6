import {
  ContinueServiceDeploymentCommand,
  DescribeServiceDeploymentsCommand,
  DescribeServiceRevisionsCommand,
  type ECSClient,
  ListServiceDeploymentsCommand,
  type ListServiceDeploymentsCommandInput,
  type ServiceDeployment,
  type ServiceDeploymentBrief,
  type ServiceRevision,
  type ServiceRevisionSummary,
  StopServiceDeploymentCommand,
} from "@aws-sdk/client-ecs";
import type { ServiceDeploymentFilter, ServiceDeploymentGateway } from "@ecs-guardrails/core/engine/ports";
import type { ServiceRef } from "@ecs-guardrails/core/events/model";
import type {
  ContinueOutcome,
  Described,
  RevisionTaskCounts,
  ServiceDeploymentDetail,
  ServiceDeploymentSummary,
  ServiceRevisionDetail,
  StopOutcome,
} from "@ecs-guardrails/core/model/service-deployments";
import type { RevisionSettings } from "@ecs-guardrails/core/model/revision-settings";
import { AwsAdapterError } from "../errors.ts";

// ECS's service deployments and revisions for the core (docs/design/aws-facts.md#service-deployments-and-revisions):
// ListServiceDeployments over every page, the two describes in batches of 20 (ECS's limit per
// call), StopServiceDeployment and ContinueServiceDeployment. Answers become the core's types.

/** ECS takes at most 20 ARNs per DescribeServiceDeployments or DescribeServiceRevisions call. */
const DESCRIBE_BATCH = 20;

export class EcsServiceDeployments implements ServiceDeploymentGateway {
  private readonly client: ECSClient;

  constructor(client: ECSClient) {
    this.client = client;
  }

  async listServiceDeployments(
    ref: ServiceRef,
    filter: ServiceDeploymentFilter = {},
  ): Promise<ServiceDeploymentSummary[]> {
    const createdAt = {
      ...(filter.createdAfter ? { after: new Date(filter.createdAfter) } : {}),
      ...(filter.createdBefore ? { before: new Date(filter.createdBefore) } : {}),
    };
    const all: ServiceDeploymentSummary[] = [];
    let nextToken: string | undefined;
    do {
      const out = await listPage(this.client, ref, {
        ...(filter.status ? { status: [...filter.status] } : {}),
        ...(Object.keys(createdAt).length > 0 ? { createdAt } : {}),
        maxResults: 100,
        ...(nextToken ? { nextToken } : {}),
      });
      all.push(...(out.serviceDeployments ?? []).map(toSummary));
      nextToken = out.nextToken;
    } while (nextToken);
    return all;
  }

  async describeServiceDeployments(arns: readonly string[]): Promise<Described<ServiceDeploymentDetail>> {
    return this.batched(arns, async (batch) => {
      const out = await describeDeployments(this.client, batch);
      return { found: (out.serviceDeployments ?? []).map(toDetail), failures: out.failures ?? [] };
    });
  }

  async describeServiceRevisions(arns: readonly string[]): Promise<Described<ServiceRevisionDetail>> {
    return this.batched(arns, async (batch) => {
      const out = await describeRevisions(this.client, batch);
      return { found: (out.serviceRevisions ?? []).map(toRevision), failures: out.failures ?? [] };
    });
  }

  async stopServiceDeployment(arn: string, stopType: "ROLLBACK" | "ABORT"): Promise<StopOutcome> {
    try {
      await this.client.send(new StopServiceDeploymentCommand({ serviceDeploymentArn: arn, stopType }));
      return { outcome: "stopped" };
    } catch (error) {
      // A duplicate or late stop meets a deployment already stopping or done: an answer, not a failure.
      if (errorName(error) === "ConflictException")
        return { outcome: "not-in-progress", message: (error as Error).message };
      if (errorName(error) === "ServiceDeploymentNotFoundException") return { outcome: "not-found" };
      throw new AwsAdapterError(
        `ECS StopServiceDeployment failed for ${arn}: ${(error as Error).message}`,
        {
          serviceDeploymentArn: arn,
          operation: "StopServiceDeployment",
        },
        { cause: error },
      );
    }
  }

  async continueServiceDeployment(
    arn: string,
    hookId: string,
    action: "CONTINUE" | "ROLLBACK",
  ): Promise<ContinueOutcome> {
    try {
      await this.client.send(new ContinueServiceDeploymentCommand({ serviceDeploymentArn: arn, hookId, action }));
      return { outcome: "continued" };
    } catch (error) {
      if (errorName(error) === "ServiceDeploymentNotFoundException") return { outcome: "not-found" };
      throw new AwsAdapterError(
        `ECS ContinueServiceDeployment failed for ${arn}: ${(error as Error).message}`,
        {
          serviceDeploymentArn: arn,
          hookId,
          operation: "ContinueServiceDeployment",
        },
        { cause: error },
      );
    }
  }

  private async batched<T>(
    arns: readonly string[],
    describe: (batch: string[]) => Promise<{ found: T[]; failures: { arn?: string; reason?: string }[] }>,
  ): Promise<Described<T>> {
    const result: Described<T> = { found: [], missing: [] };
    for (let i = 0; i < arns.length; i += DESCRIBE_BATCH) {
      const out = await describe(arns.slice(i, i + DESCRIBE_BATCH));
      result.found.push(...out.found);
      result.missing.push(...out.failures.map((f) => ({ arn: f.arn ?? "", reason: f.reason ?? "" })));
    }
    return result;
  }
}

// The three reads, one SDK call each, shared with the import's reader (deployment-history.ts: a
// page at a time, so the import caps its calls). A failed call keeps ECS's error as its cause,
// so a caller can tell a denied call (final) from a throttled one.

export type ListPage = Pick<ListServiceDeploymentsCommandInput, "status" | "createdAt" | "nextToken" | "maxResults">;

export const listPage = (client: ECSClient, ref: ServiceRef, page: ListPage) =>
  ecsCall(`ListServiceDeployments for ${ref.cluster}/${ref.service}`, () =>
    client.send(new ListServiceDeploymentsCommand({ cluster: ref.cluster, service: ref.service, ...page })),
  );

export const describeDeployments = (client: ECSClient, arns: string[]) =>
  ecsCall("DescribeServiceDeployments", () =>
    client.send(new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: arns })),
  );

export const describeRevisions = (client: ECSClient, arns: string[]) =>
  ecsCall("DescribeServiceRevisions", () =>
    client.send(new DescribeServiceRevisionsCommand({ serviceRevisionArns: arns })),
  );

async function ecsCall<T>(operation: string, send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (error) {
    throw new AwsAdapterError(`ECS ${operation} failed: ${(error as Error).message}`, { operation }, { cause: error });
  }
}

export const iso = (d: Date | undefined) => d?.toISOString();
const errorName = (error: unknown) => (error instanceof Error ? error.name : undefined);

function toSummary(d: ServiceDeploymentBrief | ServiceDeployment): ServiceDeploymentSummary {
  return {
    arn: d.serviceDeploymentArn ?? "",
    serviceArn: d.serviceArn ?? "",
    clusterArn: d.clusterArn ?? "",
    status: d.status ?? "",
    statusReason: d.statusReason,
    createdAt: iso(d.createdAt),
    startedAt: iso(d.startedAt),
    finishedAt: iso(d.finishedAt),
    targetRevisionArn:
      "targetServiceRevisionArn" in d
        ? d.targetServiceRevisionArn
        : (d as ServiceDeployment).targetServiceRevision?.arn,
  };
}

function toCounts(r: ServiceRevisionSummary): RevisionTaskCounts {
  return {
    arn: r.arn ?? "",
    requestedTaskCount: r.requestedTaskCount ?? 0,
    runningTaskCount: r.runningTaskCount ?? 0,
    pendingTaskCount: r.pendingTaskCount ?? 0,
  };
}

function toDetail(d: ServiceDeployment): ServiceDeploymentDetail {
  const breaker = d.deploymentCircuitBreaker;
  return {
    ...toSummary(d),
    stoppedAt: iso(d.stoppedAt),
    updatedAt: iso(d.updatedAt),
    sourceRevisions: (d.sourceServiceRevisions ?? []).map(toCounts),
    targetRevision: d.targetServiceRevision ? toCounts(d.targetServiceRevision) : undefined,
    lifecycleStage: d.lifecycleStage,
    lifecycleHooks: (d.lifecycleHookDetails ?? []).map((h) => ({
      hookId: h.hookId ?? "",
      targetType: h.targetType ?? "",
      targetArn: h.targetArn,
      status: h.status ?? "",
      expiresAt: iso(h.expiresAt),
      timeoutAction: h.timeoutAction,
    })),
    circuitBreaker: breaker
      ? { status: breaker.status ?? "", failureCount: breaker.failureCount ?? 0, threshold: breaker.threshold ?? 0 }
      : undefined,
    alarms: d.alarms
      ? {
          status: d.alarms.status ?? "",
          alarmNames: d.alarms.alarmNames ?? [],
          triggeredAlarmNames: d.alarms.triggeredAlarmNames ?? [],
        }
      : undefined,
    rollback: d.rollback
      ? {
          reason: d.rollback.reason ?? "",
          startedAt: iso(d.rollback.startedAt),
          revisionArn: d.rollback.serviceRevisionArn ?? "",
        }
      : undefined,
  };
}

function toRevision(r: ServiceRevision): ServiceRevisionDetail {
  const vpc = r.networkConfiguration?.awsvpcConfiguration;
  return {
    arn: r.serviceRevisionArn ?? "",
    serviceArn: r.serviceArn ?? "",
    clusterArn: r.clusterArn ?? "",
    taskDefinition: r.taskDefinition ?? "",
    capacityProviderStrategy: (r.capacityProviderStrategy ?? []).map((c) => ({
      capacityProvider: c.capacityProvider ?? "",
      base: c.base ?? 0,
      weight: c.weight ?? 0,
    })),
    launchType: r.launchType,
    platformVersion: r.platformVersion,
    loadBalancers: (r.loadBalancers ?? []).map((lb) => ({
      ...(lb.targetGroupArn ? { targetGroupArn: lb.targetGroupArn } : {}),
      ...(lb.loadBalancerName ? { loadBalancerName: lb.loadBalancerName } : {}),
      ...(lb.containerName ? { containerName: lb.containerName } : {}),
      ...(lb.containerPort !== undefined ? { containerPort: lb.containerPort } : {}),
    })),
    serviceRegistryArns: (r.serviceRegistries ?? []).flatMap((s) => (s.registryArn ? [s.registryArn] : [])),
    network: vpc
      ? { subnets: vpc.subnets ?? [], securityGroups: vpc.securityGroups ?? [], assignPublicIp: vpc.assignPublicIp }
      : undefined,
    serviceConnectEnabled: r.serviceConnectConfiguration?.enabled ?? false,
    volumeNames: (r.volumeConfigurations ?? []).flatMap((v) => (v.name ? [v.name] : [])),
    createdAt: iso(r.createdAt),
    settings: revisionSettings(r),
  };
}

/**
 * A revision's configuration as UpdateService takes it back: ECS's own JSON for the nested
 * parts (what is absent or empty in the revision is left out).
 */
function revisionSettings(r: ServiceRevision): RevisionSettings {
  const list = <T>(items: T[] | undefined) => (items && items.length > 0 ? items : undefined);
  const settings = {
    taskDefinition: r.taskDefinition ?? "",
    capacityProviderStrategy: list(
      r.capacityProviderStrategy?.map((c) => ({
        capacityProvider: c.capacityProvider ?? "",
        base: c.base ?? 0,
        weight: c.weight ?? 0,
      })),
    ),
    networkConfiguration: r.networkConfiguration as RevisionSettings["networkConfiguration"],
    loadBalancers: list(r.loadBalancers),
    serviceRegistries: list(r.serviceRegistries),
    serviceConnectConfiguration: r.serviceConnectConfiguration as RevisionSettings["serviceConnectConfiguration"],
    volumeConfigurations: list(r.volumeConfigurations) as RevisionSettings["volumeConfigurations"],
  };
  return Object.fromEntries(Object.entries(settings).filter(([, v]) => v !== undefined)) as RevisionSettings;
}

import { DescribeServicesCommand, type ECSClient, type Service, UpdateServiceCommand } from "@aws-sdk/client-ecs";
import type { ServiceRef } from "@ecs-guardrails/core/events/model";
import type { ServiceChange, ServiceGateway } from "@ecs-guardrails/core/ports";
import type { ServiceDescription } from "@ecs-guardrails/core/policies/types";
import { AwsAdapterError } from "../errors.ts";
import { isNotFound } from "./not-found.ts";

/** ECS for the policy engine: one DescribeServices (tags included) per snapshot, UpdateService to act. */
export class EcsServiceGateway implements ServiceGateway {
  private readonly client: ECSClient;

  constructor(client: ECSClient) {
    this.client = client;
  }

  async describeService(ref: ServiceRef): Promise<ServiceDescription | undefined> {
    const out = await this.call(ref, "DescribeServices", () => this.client.send(new DescribeServicesCommand({ cluster: ref.cluster, services: [ref.service], include: ["TAGS"] })).catch((error: unknown) => {
      // A service or cluster ECS does not know is "no service", not a failure to retry.
      if (isNotFound(error)) return { services: [] };
      throw error;
    }));
    const service = out.services?.[0];
    return service && service.status !== "INACTIVE" ? toDescription(ref, service) : undefined;
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
          ...(change.forceNewDeployment ? { forceNewDeployment: true } : {}),
        }),
      ),
    );
    return { deploymentId: out.service?.deployments?.find((d) => d.status === "PRIMARY")?.id };
  }

  private async call<T>(ref: ServiceRef, operation: string, send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (error) {
      throw new AwsAdapterError(`ECS ${operation} failed for ${ref.cluster}/${ref.service}: ${(error as Error).message}`, { ...ref, operation }, { cause: error });
    }
  }
}

export function toDescription(ref: ServiceRef, s: Service): ServiceDescription {
  const breaker = s.deploymentConfiguration?.deploymentCircuitBreaker;
  return {
    ...ref,
    serviceArn: s.serviceArn ?? "",
    status: s.status ?? "UNKNOWN",
    desiredCount: s.desiredCount ?? 0,
    runningCount: s.runningCount ?? 0,
    pendingCount: s.pendingCount ?? 0,
    taskDefinition: s.taskDefinition ?? "",
    launchType: s.launchType,
    capacityProviderStrategy: (s.capacityProviderStrategy ?? []).map((c) => ({ capacityProvider: c.capacityProvider ?? "", base: c.base ?? 0, weight: c.weight ?? 0 })),
    circuitBreaker: breaker ? { enable: breaker.enable ?? false, rollback: breaker.rollback ?? false } : undefined,
    deployments: (s.deployments ?? []).map((d) => ({
      id: d.id ?? "",
      status: d.status ?? "",
      taskDefinition: d.taskDefinition ?? "",
      rolloutState: d.rolloutState,
      createdAt: d.createdAt?.toISOString(),
      desiredCount: d.desiredCount ?? 0,
      runningCount: d.runningCount ?? 0,
      failedTasks: d.failedTasks ?? 0,
    })),
    tags: Object.fromEntries((s.tags ?? []).filter((t) => t.key).map((t) => [t.key!, t.value ?? ""])),
  };
}

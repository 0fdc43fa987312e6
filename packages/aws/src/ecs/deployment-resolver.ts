import { DescribeServicesCommand, type DescribeServicesCommandOutput, type ECSClient } from "@aws-sdk/client-ecs";
import type { ServiceRef } from "@ecs-guardrails/core/events/model";
import type { DeploymentResolver } from "@ecs-guardrails/core/engine/ports";
import { AwsAdapterError } from "../errors.ts";
import { isNotFound } from "./not-found.ts";
import { toDescription } from "./service-gateway.ts";
import type { ListedDeployment } from "@ecs-guardrails/core/history/observed";
import { serviceKey } from "@ecs-guardrails/core/model/service-ref";

/**
 * Resolves a deployment's task definition through DescribeServices. A deployment's task
 * definition never changes, so every answer is cached for the life of the process (a warm
 * Lambda): one DescribeServices call serves all the deployments the service lists. The cache
 * keys on the service and the deployment id together: one function receives the events of
 * every cluster (and account) in scope, nothing promises a deployment id is unique across them,
 * and a wrong hit would record another service's revision as this deployment's.
 */
export class EcsDeploymentResolver implements DeploymentResolver {
  private readonly cache = new Map<string, string>();
  private readonly client: ECSClient;
  private readonly maxEntries: number;

  constructor(client: ECSClient, maxEntries = 5_000) {
    this.client = client;
    this.maxEntries = maxEntries;
  }

  async taskDefinitionOf(
    ref: ServiceRef,
    deploymentId: string,
    onListed?: (listed: ListedDeployment[]) => void,
  ): Promise<string | undefined> {
    const cached = this.cache.get(cacheKey(ref, deploymentId));
    if (cached) return cached;
    let out: DescribeServicesCommandOutput;
    try {
      out = await this.client.send(new DescribeServicesCommand({ cluster: ref.cluster, services: [ref.service] }));
    } catch (error) {
      // A cluster ECS does not know (deleted, or another account's events): nothing to resolve.
      if (isNotFound(error)) return undefined;
      throw new AwsAdapterError(
        `DescribeServices failed for ${ref.cluster}/${ref.service}`,
        { ...ref, deploymentId },
        { cause: error },
      );
    }
    const service = out.services?.[0];
    for (const d of service?.deployments ?? []) {
      if (d.id && d.taskDefinition) this.remember(cacheKey(ref, d.id), d.taskDefinition);
    }
    // The same answer shows the deployment being replaced, for the history to remember.
    if (service) onListed?.(toDescription(ref, service).deployments);
    // An old deployment that ECS no longer lists stays unresolved; task events fill it in later.
    return this.cache.get(cacheKey(ref, deploymentId));
  }

  private remember(key: string, taskDefinition: string): void {
    if (this.cache.has(key)) return;
    if (this.cache.size >= this.maxEntries) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(key, taskDefinition);
  }
}

/** Cluster and service names cannot contain "/", so the key is unambiguous. */
const cacheKey = (ref: ServiceRef, deploymentId: string) => `${serviceKey(ref)}/${deploymentId}`;

import type { ECSClient, ServiceDeployment, ServiceRevision } from "@aws-sdk/client-ecs";
import type { ServiceRef } from "@ecs-guardrails/core/events/model";
import { DESCRIBE_BATCH, type EcsDeploymentHistory } from "@ecs-guardrails/core/engine/gateways";
import type {
  ServiceDeploymentBrief,
  ServiceDeploymentView,
  ServiceRevisionView,
} from "@ecs-guardrails/core/model/known-good";
import { describeDeployments, describeRevisions, iso, listPage } from "./service-deployments.ts";

/**
 * ECS's own deployment history (kept 90 days): one SDK call per port call, at most 20 ARNs a
 * describe. A failed call keeps ECS's error as its cause, so the import can tell a denied call
 * (final) from a throttled one (tried again).
 */
export class EcsDeploymentHistoryReader implements EcsDeploymentHistory {
  private readonly client: ECSClient;

  constructor(client: ECSClient) {
    this.client = client;
  }

  async listServiceDeployments(
    ref: ServiceRef,
    options: { createdAfter?: string; nextToken?: string; maxResults?: number },
  ): Promise<{ deployments: ServiceDeploymentBrief[]; nextToken: string | undefined }> {
    const out = await listPage(this.client, ref, {
      ...(options.createdAfter ? { createdAt: { after: new Date(options.createdAfter) } } : {}),
      ...(options.nextToken ? { nextToken: options.nextToken } : {}),
      ...(options.maxResults ? { maxResults: options.maxResults } : {}),
    });
    return {
      deployments: (out.serviceDeployments ?? []).map((d) => ({
        serviceDeploymentArn: d.serviceDeploymentArn ?? "",
        targetServiceRevisionArn: d.targetServiceRevisionArn,
        status: d.status ?? "UNKNOWN",
        createdAt: iso(d.createdAt),
        finishedAt: iso(d.finishedAt),
      })),
      nextToken: out.nextToken,
    };
  }

  async describeServiceDeployments(arns: readonly string[]): Promise<ServiceDeploymentView[]> {
    if (arns.length === 0) return [];
    const out = await describeDeployments(this.client, within(arns));
    return (out.serviceDeployments ?? []).map(toDeploymentView);
  }

  async describeServiceRevisions(arns: readonly string[]): Promise<ServiceRevisionView[]> {
    if (arns.length === 0) return [];
    const out = await describeRevisions(this.client, within(arns));
    return (out.serviceRevisions ?? []).map(toRevisionView);
  }
}

function within(arns: readonly string[]): string[] {
  if (arns.length > DESCRIBE_BATCH) throw new RangeError(`at most ${DESCRIBE_BATCH} ARNs a call, not ${arns.length}`);
  return [...arns];
}

/** Nested AWS shapes kept as plain JSON (model/known-good.ts RevisionConfig). */
const plain = <T>(v: T): Record<string, unknown> => JSON.parse(JSON.stringify(v)) as Record<string, unknown>;

export function toDeploymentView(d: ServiceDeployment): ServiceDeploymentView {
  return {
    serviceDeploymentArn: d.serviceDeploymentArn ?? "",
    targetServiceRevisionArn: d.targetServiceRevision?.arn,
    status: d.status ?? "UNKNOWN",
    createdAt: iso(d.createdAt),
    startedAt: iso(d.startedAt),
    finishedAt: iso(d.finishedAt),
    statusReason: d.statusReason,
    sourceServiceRevisionArns: (d.sourceServiceRevisions ?? []).flatMap((r) => (r.arn ? [r.arn] : [])),
    rollback: d.rollback
      ? {
          reason: d.rollback.reason,
          startedAt: iso(d.rollback.startedAt),
          serviceRevisionArn: d.rollback.serviceRevisionArn,
        }
      : undefined,
  };
}

export function toRevisionView(r: ServiceRevision): ServiceRevisionView {
  return {
    serviceRevisionArn: r.serviceRevisionArn ?? "",
    createdAt: iso(r.createdAt),
    taskDefinition: r.taskDefinition ?? "",
    capacityProviderStrategy: (r.capacityProviderStrategy ?? []).map((c) => ({
      capacityProvider: c.capacityProvider ?? "",
      base: c.base ?? 0,
      weight: c.weight ?? 0,
    })),
    launchType: r.launchType,
    platformVersion: r.platformVersion,
    networkConfiguration: r.networkConfiguration ? plain(r.networkConfiguration) : undefined,
    loadBalancers: (r.loadBalancers ?? []).map(plain),
    serviceRegistries: (r.serviceRegistries ?? []).map(plain),
    serviceConnectConfiguration: r.serviceConnectConfiguration ? plain(r.serviceConnectConfiguration) : undefined,
    volumeConfigurations: (r.volumeConfigurations ?? []).map(plain),
  };
}

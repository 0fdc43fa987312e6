import type { ServiceDescription } from "@ecs-guardrails/core/model/description";
import type { KnownGoodRevision } from "@ecs-guardrails/core/model/known-good";

// What replay needs to start a service where live met it (docs/replay.md#exported-streams):
// the history keeps, once, at the import on first sight, the description the engine read then
// and the known-good revision the import found (aws history/import-writes.ts seedPut); the
// export turns them into a `{"guardrails":"service"}` line in replay's scenario `services`
// shape. Only the fields decisions read: DescribeServices names the task definition by ARN, so
// no container environment or secret is ever in it; tags are ECS resource tags, not secrets.
// Here, not in core: the functions only store, and the ingest's bundle stays small.

type Strategy = { capacityProvider: string; base: number; weight: number }[];

export type SeedDeployment = {
  id: string;
  taskDefinition: string;
  /** INACTIVE: drained, only ECS's deployment history names it (replay seeds it there, not in DescribeServices). */
  status: "PRIMARY" | "ACTIVE" | "INACTIVE";
  rolloutState?: string;
  createdAt?: string;
  /** The known-good deployment's own revision (what a rollback returns to), when the import found it. */
  capacityProviderStrategy?: Strategy;
  networkConfiguration?: Record<string, unknown>;
  launchType?: string;
};

export type ServiceSeed = {
  cluster: string;
  name: string;
  taskDefinition: string;
  desiredCount: number;
  capacityProviderStrategy?: Strategy;
  launchType?: string;
  deploymentConfiguration?: { deploymentCircuitBreaker: NonNullable<ServiceDescription["circuitBreaker"]> };
  deploymentController?: { type: string };
  tags?: Record<string, string>;
  deployments: SeedDeployment[];
};

/**
 * The seed of a described service; `knownGood` lends its whole revision to the deployment it
 * names; `drained` (the newest success ECS no longer listed) is added as an INACTIVE deployment,
 * so replay's ECS history has the revision the listed deployments replaced. A seed kept before
 * the import kept `drained` has only the known-good: it stands in when ECS no longer listed it.
 */
export function serviceSeed(
  d: ServiceDescription,
  knownGood: KnownGoodRevision | undefined,
  drained?: KnownGoodRevision,
): ServiceSeed {
  const listed = d.deployments
    .filter((x) => x.status === "PRIMARY" || x.status === "ACTIVE")
    .map((x): SeedDeployment => {
      const good = knownGood?.deploymentId === x.id ? knownGood.config : undefined;
      return {
        id: x.id,
        taskDefinition: x.taskDefinition,
        status: x.status as SeedDeployment["status"],
        ...(x.rolloutState ? { rolloutState: x.rolloutState } : {}),
        ...(x.createdAt ? { createdAt: x.createdAt } : {}),
        ...(good ? revisionOf(good) : {}),
      };
    });
  const past = drained ?? knownGood;
  const deployments = past && !listed.some((x) => x.id === past.deploymentId) ? [...listed, inactive(past)] : listed;
  return {
    cluster: d.cluster,
    name: d.service,
    taskDefinition: d.taskDefinition,
    desiredCount: d.desiredCount,
    ...(d.capacityProviderStrategy.length ? { capacityProviderStrategy: d.capacityProviderStrategy } : {}),
    ...(d.launchType ? { launchType: d.launchType } : {}),
    ...(d.circuitBreaker ? { deploymentConfiguration: { deploymentCircuitBreaker: d.circuitBreaker } } : {}),
    deploymentController: { type: d.deploymentController },
    ...(Object.keys(d.tags).length ? { tags: d.tags } : {}),
    deployments,
  };
}

/** A drained deployment: it finished at `finishedAt` (ECS's history does not say more of it here). */
function inactive(k: KnownGoodRevision): SeedDeployment {
  return {
    id: k.deploymentId ?? k.serviceDeploymentArn,
    taskDefinition: k.config.taskDefinition,
    status: "INACTIVE",
    rolloutState: "COMPLETED",
    createdAt: k.finishedAt,
    ...revisionOf(k.config),
  };
}

function revisionOf(c: KnownGoodRevision["config"]): Partial<SeedDeployment> {
  return {
    ...(c.capacityProviderStrategy.length ? { capacityProviderStrategy: c.capacityProviderStrategy } : {}),
    ...(c.networkConfiguration ? { networkConfiguration: c.networkConfiguration } : {}),
    ...(c.launchType ? { launchType: c.launchType } : {}),
  };
}

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
  status: "PRIMARY" | "ACTIVE";
  rolloutState?: string;
  createdAt?: string;
  /** The known-good deployment's own revision (what a rollback returns to), when the import found it. */
  capacityProviderStrategy?: Strategy;
  networkConfiguration?: Record<string, unknown>;
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

/** The seed of a described service; `knownGood` lends its whole revision to the deployment it names. */
export function serviceSeed(d: ServiceDescription, knownGood: KnownGoodRevision | undefined): ServiceSeed {
  const deployments = d.deployments
    .filter((x) => x.status === "PRIMARY" || x.status === "ACTIVE")
    .map((x): SeedDeployment => {
      const good = knownGood?.deploymentId === x.id ? knownGood.config : undefined;
      return {
        id: x.id,
        taskDefinition: x.taskDefinition,
        status: x.status as SeedDeployment["status"],
        ...(x.rolloutState ? { rolloutState: x.rolloutState } : {}),
        ...(x.createdAt ? { createdAt: x.createdAt } : {}),
        ...(good?.capacityProviderStrategy.length ? { capacityProviderStrategy: good.capacityProviderStrategy } : {}),
        ...(good?.networkConfiguration ? { networkConfiguration: good.networkConfiguration } : {}),
      };
    });
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

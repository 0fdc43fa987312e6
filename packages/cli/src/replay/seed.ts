import type { EcsSimulator } from "@ecs-guardrails/sim/api";
import { EcsApiError } from "@ecs-guardrails/sim/errors";
import { DEFAULT_CLUSTER_PROVIDERS } from "@ecs-guardrails/sim/placement";
import { revisionName } from "./facts.ts";
import { clusterKey, type StreamKnowledge } from "./infer.ts";
import { ReplayInputError, type ReplayInput, type ScenarioService } from "./input.ts";

// The world the simulated ECS starts from: the scenario's clusters (with their capacity
// providers), every revision the stream or the scenario names, then the scenario's services and
// those inferred from the stream. A service the simulator refuses is one line naming it.

export function seedWorld(
  sim: EcsSimulator,
  input: Pick<ReplayInput, "clusters" | "services">,
  knowledge: StreamKnowledge,
  /** A member account's simulator holds that account's services only; home's, those with no account. */
  account?: string,
): void {
  const mine = (s: ScenarioService) => s.account === account;
  // The scenario's clusters are home's (a member's cluster has the providers its services name).
  const clusters = account === undefined ? input.clusters : [];
  const declared = new Map(clusters.map((c) => [c.name, c]));
  for (const c of clusters) sim.addCluster(c.name, c.tags ?? {}, c.capacityProviders ?? DEFAULT_CLUSTER_PROVIDERS);
  const given = input.services.filter(mine);
  const services: ScenarioService[] = [...given, ...knowledge.inferred.filter(mine)];
  // A cluster the scenario does not declare has the providers its services and tasks name.
  for (const s of services) {
    if (declared.has(s.cluster)) continue;
    const named = [
      ...(s.capacityProviderStrategy ?? []).map((i) => i.capacityProvider),
      ...(knowledge.providers.get(clusterKey(s.cluster, s)) ?? []),
    ];
    sim.addCluster(s.cluster, {}, [...DEFAULT_CLUSTER_PROVIDERS, ...named]);
  }
  const revisions = new Set([
    ...knowledge.revisions.values(),
    ...services
      .flatMap((s) => [s.taskDefinition, ...(s.deployments ?? []).map((d) => d.taskDefinition)])
      .map(revisionName),
  ]);
  for (const td of revisions) {
    const [family, revision] = td.split(":");
    const number = Number(revision);
    sim.registerTaskDefinition({
      family: family!,
      ...(Number.isInteger(number) && number > 0 ? { revision: number } : {}),
    });
  }
  services.forEach((s, i) => {
    const label =
      i < given.length
        ? `scenario services[${input.services.indexOf(s)}] (${where(s)})`
        : `service ${where(s)} (inferred from the events)`;
    const cluster = declared.get(s.cluster);
    const missing = (s.capacityProviderStrategy ?? [])
      .map((p) => p.capacityProvider)
      .find((p) => cluster && !(cluster.capacityProviders ?? DEFAULT_CLUSTER_PROVIDERS).includes(p));
    if (missing)
      throw new ReplayInputError(
        `${label}: capacity provider ${missing} is not associated with cluster ${s.cluster} (declare it in the cluster's capacityProviders)`,
      );
    try {
      sim.addService(specOf(s));
    } catch (error) {
      if (error instanceof EcsApiError) throw new ReplayInputError(`${label}: ${error.message}`);
      throw error;
    }
  });
}

/** "prod/web", after its account and Region for a member's. */
const where = (s: ScenarioService) => `${s.account ? `${s.account}/${s.region ?? "-"} ` : ""}${s.cluster}/${s.name}`;

function specOf(s: ScenarioService): Parameters<EcsSimulator["addService"]>[0] {
  return {
    cluster: s.cluster,
    name: s.name,
    taskDefinition: revisionName(s.taskDefinition),
    desiredCount: s.desiredCount,
    ...(s.capacityProviderStrategy ? { capacityProviderStrategy: s.capacityProviderStrategy } : {}),
    ...(s.deploymentConfiguration ? { deploymentConfiguration: s.deploymentConfiguration } : {}),
    ...(s.deploymentController ? { deploymentController: s.deploymentController } : {}),
    ...(s.tags ? { tags: s.tags } : {}),
    ...(s.deployments
      ? { deployments: s.deployments.map((d) => ({ ...d, taskDefinition: revisionName(d.taskDefinition) })) }
      : {}),
  };
}

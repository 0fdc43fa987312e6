import { clusterName } from "@ecs-guardrails/core/events/arns";
import { arns } from "./context.ts";
import type { SimContext } from "./context.ts";
import { notFound } from "./errors.ts";
import type { Cluster, Service, TaskDefinition } from "./types.ts";

// Resolving the names the ECS API accepts: a name or an ARN for clusters and services,
// "family", "family:revision" or an ARN for task definitions. A missing cluster is
// ClusterNotFoundException, as in ECS; missing services are the caller's to report.

export function resolveCluster(ctx: SimContext, ref: string | undefined): Cluster {
  const cluster = ctx.clusters.get(clusterName(ref ?? "default"));
  if (!cluster) throw notFound.cluster();
  return cluster;
}

export function resolveService(ctx: SimContext, cluster: string, ref: string): Service | undefined {
  if (ref.startsWith("arn:")) {
    const service = ctx.services.get(ref);
    return service?.cluster === cluster ? service : undefined;
  }
  return ctx.services.get(arns(ctx.place).service(cluster, ref));
}

export function resolveTaskDefinition(ctx: SimContext, ref: string): TaskDefinition | undefined {
  if (ref.startsWith("arn:")) return ctx.taskDefinitions.get(ref);
  const [family, revision] = ref.split(":");
  if (!family) return undefined;
  if (revision !== undefined) return ctx.taskDefinitions.get(arns(ctx.place).taskDefinition(family, Number(revision)));
  return latestRevision(ctx, family);
}

export function latestRevision(ctx: SimContext, family: string): TaskDefinition | undefined {
  let latest: TaskDefinition | undefined;
  for (const td of ctx.taskDefinitions.values())
    if (td.family === family && (!latest || td.revision > latest.revision)) latest = td;
  return latest;
}

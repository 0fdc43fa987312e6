import { arns } from "./context.ts";
import type { SimContext } from "./context.ts";
import { copyTags, describeService, describeTask, describeTaskDefinition } from "./describe.ts";
import { invalidParameter, notFound } from "./errors.ts";
import { clusterName } from "@ecs-guardrails/core/events/arns";
import { resolveCluster, resolveService, resolveTaskDefinition } from "./lookup.ts";
import type { Task } from "./types.ts";

// The read side of the simulated ECS API: inputs and outputs named as in the ECS API (and the
// SDK), errors as EcsApiError with the AWS error code. UpdateService lives in update-service.ts.

export type DescribeServicesInput = { cluster?: string; services?: string[]; include?: string[] };
export type DescribeTaskDefinitionInput = { taskDefinition?: string; include?: string[] };
export type ListClustersInput = { maxResults?: number; nextToken?: string };
export type DescribeClustersInput = { clusters?: string[]; include?: string[] };
export type ListServicesInput = { cluster?: string; maxResults?: number; nextToken?: string };
export type ListTagsForResourceInput = { resourceArn?: string };
export type DescribeTasksInput = { cluster?: string; tasks?: string[]; include?: string[] };
export type ListTasksInput = {
  cluster?: string;
  serviceName?: string;
  family?: string;
  startedBy?: string;
  desiredStatus?: string;
  maxResults?: number;
  nextToken?: string;
};

export function describeServices(ctx: SimContext, input: DescribeServicesInput) {
  const cluster = resolveCluster(ctx, input.cluster);
  const refs = requireList(input.services, "services", 10);
  const services = [];
  const failures = [];
  for (const ref of refs) {
    const service = resolveService(ctx, cluster.name, ref);
    if (service) services.push(describeService(ctx, service, includes(input.include, "TAGS")));
    else
      failures.push({
        arn: ref.startsWith("arn:") ? ref : arns(ctx.place).service(cluster.name, ref),
        reason: "MISSING",
      });
  }
  return { services, failures };
}

export function describeTaskDefinitionOp(ctx: SimContext, input: DescribeTaskDefinitionInput) {
  if (!input.taskDefinition) throw invalidParameter("taskDefinition is required.");
  const td = resolveTaskDefinition(ctx, input.taskDefinition);
  if (!td) throw notFound.taskDefinition();
  return {
    taskDefinition: describeTaskDefinition(td, ctx.place.account),
    ...(includes(input.include, "TAGS") ? { tags: copyTags(td.tags) } : {}),
  };
}

/** Clusters by name or ARN (the default cluster without any); unknown ones are failures, as in ECS. */
export function describeClusters(ctx: SimContext, input: DescribeClustersInput = {}) {
  const refs = input.clusters ?? ["default"];
  if (refs.length > 100) throw invalidParameter("clusters can have at most 100 items.");
  const found = refs.map((ref) => ({ ref, cluster: ctx.clusters.get(clusterName(ref)) }));
  return {
    clusters: found.flatMap(({ cluster: c }) =>
      c
        ? [
            {
              clusterArn: c.arn,
              clusterName: c.name,
              status: "ACTIVE",
              capacityProviders: [...c.capacityProviders],
              ...(includes(input.include, "SETTINGS")
                ? { settings: [{ name: "containerInsights", value: c.containerInsights ?? "disabled" }] }
                : {}),
              ...(includes(input.include, "TAGS") ? { tags: copyTags(c.tags) } : {}),
            },
          ]
        : [],
    ),
    failures: found
      .filter((f) => !f.cluster)
      .map(({ ref }) => ({ arn: ref.startsWith("arn:") ? ref : arns(ctx.place).cluster(ref), reason: "MISSING" })),
  };
}

/** Every cluster's ARN, in the order the clusters were added; 100 per page unless asked. */
export function listClusters(ctx: SimContext, input: ListClustersInput = {}) {
  const all = [...ctx.clusters.values()].map((c) => c.arn);
  const page = paginate(all, input.maxResults, input.nextToken, 100);
  return { clusterArns: page.items, ...(page.nextToken ? { nextToken: page.nextToken } : {}) };
}

export function listServices(ctx: SimContext, input: ListServicesInput) {
  const cluster = resolveCluster(ctx, input.cluster);
  const all = [...ctx.services.values()]
    .filter((s) => s.cluster === cluster.name && s.deletedAt === undefined)
    .map((s) => s.arn);
  const page = paginate(all, input.maxResults, input.nextToken, 10);
  return { serviceArns: page.items, ...(page.nextToken ? { nextToken: page.nextToken } : {}) };
}

export function listTagsForResource(ctx: SimContext, input: ListTagsForResourceInput) {
  const arn = input.resourceArn;
  if (!arn) throw invalidParameter("resourceArn is required.");
  const tags =
    ctx.services.get(arn)?.tags ??
    [...ctx.clusters.values()].find((c) => c.arn === arn)?.tags ??
    ctx.taskDefinitions.get(arn)?.tags ??
    (ctx.tasks.has(arn) ? [] : undefined);
  if (!tags) throw invalidParameter("The specified resource could not be found.");
  return { tags: copyTags(tags) };
}

export function describeTasks(ctx: SimContext, input: DescribeTasksInput) {
  const cluster = resolveCluster(ctx, input.cluster);
  const refs = requireList(input.tasks, "tasks", 100);
  const tasks = [];
  const failures = [];
  for (const ref of refs) {
    const arn = ref.startsWith("arn:") ? ref : arns(ctx.place).task(cluster.name, ref);
    const task = ctx.tasks.get(arn);
    if (task && task.cluster === cluster.name) tasks.push(describeTask(ctx, task, includes(input.include, "TAGS")));
    else failures.push({ arn, reason: "MISSING" });
  }
  return { tasks, failures };
}

export function listTasks(ctx: SimContext, input: ListTasksInput) {
  const cluster = resolveCluster(ctx, input.cluster);
  if (input.serviceName && !resolveService(ctx, cluster.name, input.serviceName)) throw notFound.service();
  const serviceName = input.serviceName?.split("/").pop();
  // Like ECS, ListTasks shows tasks that should be running unless asked for STOPPED ones.
  const desiredStatus = input.desiredStatus ?? "RUNNING";
  const matching = [...ctx.tasks.values()].filter(
    (t: Task) =>
      t.cluster === cluster.name &&
      t.desiredStatus === desiredStatus &&
      (serviceName === undefined || t.serviceName === serviceName) &&
      (input.startedBy === undefined || t.deploymentId === input.startedBy) &&
      (input.family === undefined || t.taskDefinitionArn.includes(`:task-definition/${input.family}:`)),
  );
  const page = paginate(
    matching.map((t) => t.arn),
    input.maxResults,
    input.nextToken,
    100,
  );
  return { taskArns: page.items, ...(page.nextToken ? { nextToken: page.nextToken } : {}) };
}

export function requireList(list: string[] | undefined, name: string, max: number): string[] {
  if (!Array.isArray(list) || list.length === 0) throw invalidParameter(`${name} cannot be empty.`);
  if (list.length > max) throw invalidParameter(`${name} can have at most ${max} items.`);
  return list;
}

function includes(include: string[] | undefined, value: string): boolean {
  return Array.isArray(include) && include.includes(value);
}

/** Offset-based pages; the token is opaque to clients, as ECS's is. */
export function paginate<T>(
  items: readonly T[],
  maxResults: number | undefined,
  nextToken: string | undefined,
  defaultSize: number,
) {
  if (maxResults !== undefined && (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > 100)) {
    throw invalidParameter("maxResults must be between 1 and 100.");
  }
  const start = nextToken ? decodeToken(nextToken) : 0;
  const end = start + (maxResults ?? defaultSize);
  return {
    items: items.slice(start, end),
    nextToken: end < items.length ? Buffer.from(`offset:${end}`).toString("base64") : undefined,
  };
}

function decodeToken(token: string): number {
  const match = /^offset:(\d+)$/.exec(Buffer.from(token, "base64").toString("utf8"));
  if (!match) throw invalidParameter("Invalid nextToken.");
  return Number(match[1]);
}

import { arns, primaryOf } from "./context.ts";
import type { SimContext } from "./context.ts";
import { describeService, describeTask } from "./describe.ts";
import { EcsApiError, invalidParameter, notFound } from "./errors.ts";
import { paginate } from "./ecs-api.ts";
import { resolveCluster, resolveService } from "./lookup.ts";
import { beginStop } from "./tasks.ts";
import type { Tag, TaskDefinition } from "./types.ts";

// TagResource, UntagResource, StopTask, DeleteService and ListTaskDefinitions, with ECS's
// checks: at most 50 tags a resource, keys 1–128 characters and not starting with "aws:",
// values up to 256; DeleteService of a service scaled above 0 only with force; a deleted
// service drains (DRAINING), then is INACTIVE and its revisions and deployments are gone.

export type TagResourceInput = { resourceArn?: string; tags?: { key?: string; value?: string }[] };
export type UntagResourceInput = { resourceArn?: string; tagKeys?: string[] };
export type StopTaskInput = { cluster?: string; task?: string; reason?: string };
export type DeleteServiceInput = { cluster?: string; service?: string; force?: boolean };
export type ListTaskDefinitionsInput = {
  familyPrefix?: string;
  status?: string;
  sort?: string;
  maxResults?: number;
  nextToken?: string;
};

const MAX_TAGS = 50;

export function tagResource(ctx: SimContext, input: TagResourceInput) {
  const tags = tagsOf(ctx, input.resourceArn);
  if (!Array.isArray(input.tags) || input.tags.length === 0) throw invalidParameter("tags cannot be empty.");
  const merged = new Map(tags.map((t) => [t.key, t.value]));
  for (const tag of input.tags) {
    const key = tag?.key;
    const value = tag?.value ?? "";
    if (typeof key !== "string" || key.length < 1 || key.length > 128)
      throw invalidParameter("A tag key must be 1-128 characters.");
    if (key.toLowerCase().startsWith("aws:")) throw invalidParameter("Tag keys starting with aws: are reserved.");
    if (typeof value !== "string" || value.length > 256)
      throw invalidParameter("A tag value must be 0-256 characters.");
    merged.set(key, value);
  }
  if (merged.size > MAX_TAGS) throw invalidParameter(`A resource can have at most ${MAX_TAGS} tags.`);
  tags.splice(0, tags.length, ...[...merged].map(([key, value]) => ({ key, value })));
  return {};
}

export function untagResource(ctx: SimContext, input: UntagResourceInput) {
  const tags = tagsOf(ctx, input.resourceArn);
  if (!Array.isArray(input.tagKeys) || input.tagKeys.length === 0) throw invalidParameter("tagKeys cannot be empty.");
  const remove = new Set(input.tagKeys);
  tags.splice(0, tags.length, ...tags.filter((t) => !remove.has(t.key)));
  return {};
}

/** The tag list of a service, cluster or task definition, to change in place. */
function tagsOf(ctx: SimContext, arn: string | undefined): Tag[] {
  if (!arn) throw invalidParameter("resourceArn is required.");
  const service = ctx.services.get(arn);
  const tags =
    (service?.deletedAt === undefined ? service?.tags : undefined) ??
    [...ctx.clusters.values()].find((c) => c.arn === arn)?.tags ??
    ctx.taskDefinitions.get(arn)?.tags;
  if (!tags) throw new EcsApiError("ResourceNotFoundException", "The specified resource could not be found.");
  return tags;
}

export function stopTask(ctx: SimContext, input: StopTaskInput) {
  const cluster = resolveCluster(ctx, input.cluster);
  if (!input.task) throw invalidParameter("task is required.");
  const arn = input.task.startsWith("arn:") ? input.task : arns(ctx.place).task(cluster.name, input.task);
  const task = ctx.tasks.get(arn);
  if (!task || task.cluster !== cluster.name) throw invalidParameter("The referenced task was not found.");
  // Stopped by a user: not a failure of the task, so the circuit breaker does not count it.
  beginStop(
    ctx,
    task,
    { stopCode: "UserInitiated", stoppedReason: input.reason ?? "Task stopped by user" },
    { failed: false, graceMs: ctx.timings.stoppingMs },
  );
  return { task: describeTask(ctx, task, false) };
}

export function deleteService(ctx: SimContext, input: DeleteServiceInput) {
  const cluster = resolveCluster(ctx, input.cluster);
  if (!input.service) throw invalidParameter("service is required.");
  const service = resolveService(ctx, cluster.name, input.service);
  if (!service || service.deletedAt !== undefined) throw notFound.service();
  if (service.desiredCount > 0 && input.force !== true)
    throw invalidParameter("The service cannot be stopped while it is scaled above 0.");
  service.deletedAt = ctx.timeline.now();
  service.desiredCount = 0;
  primaryOf(service).desiredCount = 0;
  // ECS deletes the service's revisions with it, and its deployment history.
  for (const [arn, sd] of ctx.serviceDeployments) if (sd.serviceArn === service.arn) ctx.serviceDeployments.delete(arn);
  for (const [arn, r] of ctx.serviceRevisions) if (r.serviceArn === service.arn) ctx.serviceRevisions.delete(arn);
  ctx.hooks.reconcileSoon(service);
  return { service: describeService(ctx, service, false) };
}

export function listTaskDefinitions(ctx: SimContext, input: ListTaskDefinitionsInput) {
  const status = input.status ?? "ACTIVE";
  if (!["ACTIVE", "INACTIVE", "DELETE_IN_PROGRESS"].includes(status))
    throw invalidParameter("status must be ACTIVE, INACTIVE or DELETE_IN_PROGRESS.");
  const sort = input.sort ?? "ASC";
  if (sort !== "ASC" && sort !== "DESC") throw invalidParameter("sort must be ASC or DESC.");
  // The simulator never deregisters a revision: every one is ACTIVE.
  const all =
    status === "ACTIVE"
      ? [...ctx.taskDefinitions.values()].filter(
          (td) => !input.familyPrefix || td.family.startsWith(input.familyPrefix),
        )
      : [];
  all.sort(byFamilyAndRevision);
  if (sort === "DESC") all.reverse();
  const page = paginate(
    all.map((td) => td.arn),
    input.maxResults,
    input.nextToken,
    100,
  );
  return { taskDefinitionArns: page.items, ...(page.nextToken ? { nextToken: page.nextToken } : {}) };
}

function byFamilyAndRevision(a: TaskDefinition, b: TaskDefinition): number {
  return a.family === b.family ? a.revision - b.revision : a.family < b.family ? -1 : 1;
}

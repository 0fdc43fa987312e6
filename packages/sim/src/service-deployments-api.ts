import { failureThreshold } from "./circuit-breaker.ts";
import { describeConfiguration } from "./configuration.ts";
import type { SimContext } from "./context.ts";
import { EcsApiError, invalidParameter, notFound } from "./errors.ts";
import { paginate, requireList } from "./ecs-api.ts";
import { resolveCluster, resolveService } from "./lookup.ts";
import { isRetained, revisionCounts } from "./service-deployments.ts";
import type { Service, ServiceDeploymentRecord, ServiceRevision } from "./types.ts";
import { ServiceDeploymentStatuses } from "./types.ts";

// The read side of ECS's service deployments and revisions: ListServiceDeployments,
// DescribeServiceDeployments, DescribeServiceRevisions, in the SDK's shapes (Dates for
// timestamps). StopServiceDeployment and ContinueServiceDeployment live in
// service-deployment-actions.ts.

/** A timestamp as a caller sends it: a Date in process, epoch seconds over the wire. */
export type TimeInput = Date | number | string;

export type ListServiceDeploymentsInput = {
  service?: string;
  cluster?: string;
  status?: string[];
  createdAt?: { after?: TimeInput; before?: TimeInput };
  nextToken?: string;
  maxResults?: number;
};
export type DescribeServiceDeploymentsInput = { serviceDeploymentArns?: string[] };
export type DescribeServiceRevisionsInput = { serviceRevisionArns?: string[] };

const date = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms));

export function listServiceDeployments(ctx: SimContext, input: ListServiceDeploymentsInput) {
  if (!input.service) throw invalidParameter("service is required.");
  const cluster = resolveCluster(ctx, input.cluster);
  const service = resolveService(ctx, cluster.name, input.service);
  if (!service) throw notFound.service();
  const statuses = statusFilter(input.status);
  const after = timeOf(input.createdAt?.after, "createdAt.after");
  const before = timeOf(input.createdAt?.before, "createdAt.before");
  const now = ctx.timeline.now();
  const matching = [...ctx.serviceDeployments.values()]
    .filter(
      (sd) =>
        sd.serviceArn === service.arn &&
        isRetained(sd, now) &&
        (!statuses || statuses.includes(sd.status)) &&
        (after === undefined || sd.createdAt >= after) &&
        (before === undefined || sd.createdAt <= before),
    )
    .reverse();
  const page = paginate(matching, input.maxResults, input.nextToken, 20);
  return {
    serviceDeployments: page.items.map(brief),
    ...(page.nextToken ? { nextToken: page.nextToken } : {}),
  };
}

export function describeServiceDeployments(ctx: SimContext, input: DescribeServiceDeploymentsInput) {
  const refs = requireList(input.serviceDeploymentArns, "serviceDeploymentArns", 20);
  const now = ctx.timeline.now();
  const serviceDeployments = [];
  const failures = [];
  for (const arn of refs) {
    const sd = ctx.serviceDeployments.get(arn);
    const service = sd && ctx.services.get(sd.serviceArn);
    if (sd && service && isRetained(sd, now)) serviceDeployments.push(full(service, sd));
    else failures.push({ arn, reason: "MISSING" });
  }
  return { serviceDeployments, failures };
}

export function describeServiceRevisions(ctx: SimContext, input: DescribeServiceRevisionsInput) {
  const refs = requireList(input.serviceRevisionArns, "serviceRevisionArns", 20);
  const serviceRevisions = [];
  const failures = [];
  for (const arn of refs) {
    const revision = ctx.serviceRevisions.get(arn);
    if (revision) serviceRevisions.push(describeRevision(revision));
    else failures.push({ arn, reason: "MISSING" });
  }
  return { serviceRevisions, failures };
}

/** The service deployment an ARN names, or ECS's ServiceDeploymentNotFoundException. */
export function requireServiceDeployment(ctx: SimContext, arn: unknown): ServiceDeploymentRecord {
  if (typeof arn !== "string" || arn === "") throw invalidParameter("serviceDeploymentArn is required.");
  const sd = ctx.serviceDeployments.get(arn);
  if (!sd || !isRetained(sd, ctx.timeline.now())) throw notFound.serviceDeployment(arn);
  return sd;
}

function brief(sd: ServiceDeploymentRecord) {
  return {
    serviceDeploymentArn: sd.arn,
    serviceArn: sd.serviceArn,
    clusterArn: sd.clusterArn,
    startedAt: date(sd.startedAt),
    createdAt: date(sd.createdAt),
    ...(sd.finishedAt !== undefined ? { finishedAt: date(sd.finishedAt) } : {}),
    targetServiceRevisionArn: sd.targetRevisionArn,
    status: sd.status,
    ...(sd.statusReason !== undefined ? { statusReason: sd.statusReason } : {}),
  };
}

function full(service: Service, sd: ServiceDeploymentRecord) {
  const counts = sd.finalCounts ?? {
    source: sd.sourceRevisionArns.map((arn) => revisionCounts(service, arn)),
    target: revisionCounts(service, sd.targetRevisionArn),
  };
  // The full shape names its target revision in targetServiceRevision; only the list's brief has the ARN alone.
  const { targetServiceRevisionArn, ...common } = brief(sd);
  return {
    ...common,
    ...(sd.stoppedAt !== undefined ? { stoppedAt: date(sd.stoppedAt) } : {}),
    updatedAt: date(sd.updatedAt),
    sourceServiceRevisions: counts.source.map((c) => ({ ...c })),
    targetServiceRevision: { ...counts.target },
    lifecycleStage: sd.lifecycleStage,
    ...(sd.hooks.length > 0
      ? {
          lifecycleHookDetails: sd.hooks.map((h) => ({
            hookId: h.hookId,
            targetType: h.targetType,
            ...(h.targetArn ? { targetArn: h.targetArn } : {}),
            status: h.status,
            ...(h.expiresAt !== undefined ? { expiresAt: date(h.expiresAt) } : {}),
            timeoutAction: h.timeoutAction,
          })),
        }
      : {}),
    deploymentConfiguration: describeConfiguration(sd.configuration, service.deploymentController),
    ...(sd.rollback
      ? {
          rollback: {
            reason: sd.rollback.reason,
            startedAt: date(sd.rollback.startedAt),
            serviceRevisionArn: sd.rollback.serviceRevisionArn,
          },
        }
      : {}),
    deploymentCircuitBreaker: {
      status: sd.breaker.status,
      failureCount: sd.breaker.failureCount,
      threshold: failureThreshold(
        service.deploymentConfiguration.deploymentCircuitBreaker.thresholdConfiguration,
        sd.desiredCount,
      ),
    },
    alarms: { status: sd.alarms.status, alarmNames: [...sd.alarms.alarmNames], triggeredAlarmNames: [] },
  };
}

function describeRevision(r: ServiceRevision) {
  const c = r.config;
  return {
    serviceRevisionArn: r.arn,
    serviceArn: r.serviceArn,
    clusterArn: r.clusterArn,
    taskDefinition: r.taskDefinitionArn,
    // As DescribeServices: a capacity provider strategy or a launch type, never both.
    ...(r.capacityProviderStrategy.length > 0
      ? { capacityProviderStrategy: r.capacityProviderStrategy.map((s) => ({ ...s })) }
      : { launchType: r.launchType ?? "FARGATE" }),
    platformVersion: c.platformVersion ?? "LATEST",
    platformFamily: "Linux",
    loadBalancers: structuredClone(c.loadBalancers),
    serviceRegistries: structuredClone(c.serviceRegistries),
    ...(c.networkConfiguration !== undefined ? { networkConfiguration: structuredClone(c.networkConfiguration) } : {}),
    ...(c.serviceConnectConfiguration !== undefined
      ? { serviceConnectConfiguration: structuredClone(c.serviceConnectConfiguration) }
      : {}),
    volumeConfigurations: structuredClone(c.volumeConfigurations),
    createdAt: date(r.createdAt),
  };
}

function statusFilter(status: string[] | undefined): string[] | undefined {
  if (status === undefined) return undefined;
  if (!Array.isArray(status)) throw invalidParameter("status must be a list.");
  const unknown = status.find((s) => !(ServiceDeploymentStatuses as readonly string[]).includes(s));
  if (unknown !== undefined)
    throw invalidParameter(`status must be one of ${ServiceDeploymentStatuses.join(", ")}; got ${String(unknown)}.`);
  return status;
}

/** Epoch milliseconds of a Date, of epoch seconds (the wire format) or of an ISO string. */
export function timeOf(value: TimeInput | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const ms =
    value instanceof Date ? value.getTime() : typeof value === "number" ? value * 1000 : Date.parse(String(value));
  if (!Number.isFinite(ms)) throw new EcsApiError("InvalidParameterException", `${name} must be a timestamp.`);
  return ms;
}

import { arns } from "./context.ts";
import type { SimContext } from "./context.ts";
import { markSeededSteady, newDeployment, seedCompletedDeployment, startDeployment } from "./deployments.ts";
import type { NewDeployment } from "./deployments.ts";
import { invalidParameter } from "./errors.ts";
import { latestRevision, resolveTaskDefinition } from "./lookup.ts";
import { choosePlacements, DEFAULT_CLUSTER_PROVIDERS, normalizeStrategy, strategyProblem } from "./placement.ts";
import { seedRunningTask } from "./tasks.ts";
import {
  changedRevisionConfig,
  EMPTY_REVISION_CONFIG,
  type RevisionConfig,
  type RevisionConfigInput,
} from "./revision-config.ts";
import { seedServiceDeployment } from "./service-deployments.ts";
import type {
  CapacityProviderStrategyItem,
  Deployment,
  DeploymentControllerType,
  Service,
  Tag,
  TaskDefinition,
} from "./types.ts";
import {
  ConfigurationProblem,
  controllerProblem,
  DEFAULT_CONFIGURATION,
  mergeConfiguration,
  type DeploymentConfigurationInput,
} from "./configuration.ts";

// Building the world a scenario starts from: clusters, task-definition revisions, services.
// A service starts "steady" by default (running, its deployment COMPLETED, no events), because
// most scenarios begin with a healthy service that then gets a bad deployment.

export type TaskDefinitionSpec = {
  family: string;
  /** An explicit revision (replays name revisions like "web:42"); else the next one. */
  revision?: number;
  cpu?: string | number;
  memory?: string | number;
  containerName?: string;
  image?: string;
  tags?: Record<string, string>;
};

/** A deployment the service already has (replays: the ids recorded events refer to). */
export type DeploymentSeed = {
  id: string;
  taskDefinition: string;
  /** INACTIVE: drained before the scenario; only ECS's deployment history has it (a success ending at `createdAt`). */
  status?: "PRIMARY" | "ACTIVE" | "INACTIVE";
  rolloutState?: "IN_PROGRESS" | "COMPLETED" | "FAILED";
  createdAt?: string;
  /** The deployment's own revision, where it differs from the service's (the service takes the PRIMARY's). */
  capacityProviderStrategy?: { capacityProvider: string; base?: number; weight?: number }[];
  networkConfiguration?: unknown;
  /** The revision's launch type, for one without a capacity provider strategy (else FARGATE). */
  launchType?: string;
};

export type ServiceSpec = {
  cluster?: string;
  name: string;
  /** "family", "family:revision" or an ARN of a registered task definition. */
  taskDefinition: string;
  desiredCount: number;
  capacityProviderStrategy?: { capacityProvider: string; base?: number; weight?: number }[];
  deploymentConfiguration?: DeploymentConfigurationInput;
  /** ECS (default), CODE_DEPLOY or EXTERNAL. */
  deploymentController?: { type?: string };
  tags?: Record<string, string>;
  /** "steady" (default): already running and COMPLETED, no events; "deploying": starts with a first deployment. */
  initial?: "steady" | "deploying";
  /** Newest first; replaces the initial deployment. The first is PRIMARY unless a status says otherwise. */
  deployments?: DeploymentSeed[];
} & RevisionConfigInput;

/** Adds a cluster (once); `capacityProviders` are associated with it, beside any it has. */
export function addCluster(
  ctx: SimContext,
  name: string,
  tags: Record<string, string> = {},
  capacityProviders: readonly string[] = DEFAULT_CLUSTER_PROVIDERS,
): string {
  const arn = arns(ctx.place).cluster(name);
  const existing = ctx.clusters.get(name);
  if (!existing)
    ctx.clusters.set(name, { name, arn, tags: toTags(tags), capacityProviders: [...new Set(capacityProviders)] });
  else existing.capacityProviders = [...new Set([...existing.capacityProviders, ...capacityProviders])];
  return arn;
}

export function registerTaskDefinition(ctx: SimContext, spec: TaskDefinitionSpec): TaskDefinition {
  const revision = spec.revision ?? (latestRevision(ctx, spec.family)?.revision ?? 0) + 1;
  const { account, region } = ctx.place;
  const td: TaskDefinition = {
    arn: arns(ctx.place).taskDefinition(spec.family, revision),
    family: spec.family,
    revision,
    cpu: String(spec.cpu ?? 256),
    memory: String(spec.memory ?? 512),
    containerName: spec.containerName ?? "app",
    image: spec.image ?? `${account}.dkr.ecr.${region}.amazonaws.com/${spec.family}:${revision}`,
    registeredAt: ctx.timeline.now(),
    tags: toTags(spec.tags ?? {}),
  };
  ctx.taskDefinitions.set(td.arn, td);
  return td;
}

export function addService(ctx: SimContext, spec: ServiceSpec): string {
  const clusterName = spec.cluster ?? "default";
  if (!ctx.clusters.has(clusterName)) addCluster(ctx, clusterName);
  const arn = arns(ctx.place).service(clusterName, spec.name);
  // A deleted service's name is free again (its record stays only for DescribeServices).
  if (ctx.services.has(arn) && ctx.services.get(arn)!.deletedAt === undefined)
    throw invalidParameter("Creation of service was not idempotent.");
  const td = resolveTaskDefinition(ctx, spec.taskDefinition);
  if (!td) throw invalidParameter("TaskDefinition not found.");
  if (!Number.isInteger(spec.desiredCount) || spec.desiredCount < 0)
    throw invalidParameter("desiredCount must be a non-negative integer.");
  const strategy = normalizeStrategy(spec.capacityProviderStrategy ?? []);
  const configuration = configurationOf(spec);
  const controller = spec.deploymentController?.type ?? "ECS";
  const problem =
    strategyProblem(strategy, ctx.clusters.get(clusterName)!.capacityProviders) ?? controllerProblem(controller);
  if (problem) throw invalidParameter(problem);
  const service: Service = {
    name: spec.name,
    cluster: clusterName,
    arn,
    desiredCount: spec.desiredCount,
    deploymentConfiguration: configuration,
    deploymentController: controller as DeploymentControllerType,
    tags: toTags(spec.tags ?? {}),
    createdAt: ctx.timeline.now(),
    deployments: [],
    lastCompleted: undefined,
    revisionConfig: changedRevisionConfig(EMPTY_REVISION_CONFIG, spec) ?? structuredClone(EMPTY_REVISION_CONFIG),
    tasks: [],
    steady: false,
    steadyEpoch: 0,
    placementRetryAt: undefined,
    events: [],
  };
  ctx.services.set(arn, service);
  const first = { taskDefinitionArn: td.arn, capacityProviderStrategy: strategy };
  if (spec.deployments?.length) seedDeployments(ctx, service, spec.deployments, strategy);
  else if (spec.initial === "deploying") startDeployment(ctx, service, first);
  else seedSteady(ctx, service, first);
  return arn;
}

function configurationOf(spec: ServiceSpec) {
  try {
    return mergeConfiguration(DEFAULT_CONFIGURATION, spec.deploymentConfiguration);
  } catch (error) {
    if (error instanceof ConfigurationProblem) throw invalidParameter(error.message);
    throw error;
  }
}

function seedSteady(ctx: SimContext, service: Service, first: NewDeployment): void {
  const deployment = seedCompletedDeployment(ctx, service, first);
  for (const provider of choosePlacements(deployment.capacityProviderStrategy, new Map(), service.desiredCount)) {
    seedRunningTask(ctx, service, deployment, provider);
  }
  markSeededSteady(ctx, service);
}

function seedDeployments(
  ctx: SimContext,
  service: Service,
  allSeeds: DeploymentSeed[],
  strategy: CapacityProviderStrategyItem[],
): void {
  const seeds = allSeeds.filter((d) => d.status !== "INACTIVE");
  if (seeds.length === 0) throw invalidParameter("deployments: one at least must be PRIMARY or ACTIVE.");
  const drained = seedDrained(ctx, service, allSeeds, strategy);
  const primaryIndex = Math.max(
    0,
    seeds.findIndex((d) => d.status === "PRIMARY"),
  );
  const own = new Map(allSeeds.map((seed) => [seed.id, seed]));
  const listed = seeds.map((seed, i) => {
    const primary = i === primaryIndex;
    return seededDeployment(ctx, seed, strategy, primary ? "PRIMARY" : "ACTIVE", primary ? service.desiredCount : 0);
  });
  const primary = listed[primaryIndex]!;
  // Oldest first, so each one's service deployment starts from the ones before it; the newest
  // drained one only the oldest listed one's (what it replaced: the later ones started once it
  // had drained, and ECS no longer lists it, only its history keeps it).
  const seeded = [primary, ...listed.filter((d) => d !== primary)].reverse();
  const base = service.revisionConfig;
  for (const d of seeded) {
    service.revisionConfig = withNetwork(base, own.get(d.id));
    seedServiceDeployment(ctx, service, d);
    service.deployments = [d, ...service.deployments.filter((x) => x !== drained)];
  }
  service.revisionConfig = withNetwork(base, own.get(primary.id));
  service.deployments.unshift(...service.deployments.splice(service.deployments.indexOf(primary), 1));
  const completed = service.deployments.find((d) => d.rolloutState === "COMPLETED") ?? drained;
  if (completed)
    service.lastCompleted = {
      id: completed.id,
      taskDefinitionArn: completed.taskDefinitionArn,
      capacityProviderStrategy: completed.capacityProviderStrategy,
      serviceRevisionArn: completed.serviceRevisionArn,
    };
  if (primary.rolloutState !== "COMPLETED") return;
  for (const provider of choosePlacements(primary.capacityProviderStrategy, new Map(), service.desiredCount))
    seedRunningTask(ctx, service, primary, provider);
  markSeededSteady(ctx, service);
}

/**
 * The drained (INACTIVE) seeds, oldest first, each a successful service deployment from the one
 * before; the newest is left in `service.deployments` (the caller removes it) so the listed
 * ones start from it, and returned.
 */
function seedDrained(
  ctx: SimContext,
  service: Service,
  seeds: DeploymentSeed[],
  strategy: CapacityProviderStrategyItem[],
): Deployment | undefined {
  const base = service.revisionConfig;
  let newest: Deployment | undefined;
  for (const seed of seeds.filter((d) => d.status === "INACTIVE").reverse()) {
    // A launch type without a strategy: the revision runs on that launch type, not the service's strategy.
    const own = seed.launchType && !seed.capacityProviderStrategy ? [] : strategy;
    const d = seededDeployment(ctx, { ...seed, rolloutState: "COMPLETED" }, own, "INACTIVE", 0);
    service.revisionConfig = withNetwork(base, seed);
    seedServiceDeployment(ctx, service, d);
    const revision = ctx.serviceRevisions.get(d.serviceRevisionArn!)!;
    if (seed.launchType && revision.capacityProviderStrategy.length === 0) revision.launchType = seed.launchType;
    service.deployments = [d];
    newest = d;
  }
  service.revisionConfig = base;
  return newest;
}

function seededDeployment(
  ctx: SimContext,
  seed: DeploymentSeed,
  strategy: CapacityProviderStrategyItem[],
  status: Deployment["status"],
  desiredCount: number,
): Deployment {
  const td = resolveTaskDefinition(ctx, seed.taskDefinition);
  if (!td) throw invalidParameter(`deployment ${seed.id}: unknown task definition ${seed.taskDefinition}`);
  return newDeployment({
    id: seed.id,
    taskDefinitionArn: td.arn,
    capacityProviderStrategy: seed.capacityProviderStrategy
      ? normalizeStrategy(seed.capacityProviderStrategy)
      : strategy,
    at: seed.createdAt ? Date.parse(seed.createdAt) : ctx.timeline.now(),
    rolloutState: seed.rolloutState ?? "COMPLETED",
    status,
    desiredCount,
  });
}

/** Each seed's revision holds its own network, where the seed names one. */
function withNetwork(base: RevisionConfig, seed: DeploymentSeed | undefined): RevisionConfig {
  const network = seed?.networkConfiguration;
  return network === undefined ? base : { ...base, networkConfiguration: structuredClone(network) };
}

function toTags(tags: Record<string, string>): Tag[] {
  return Object.entries(tags).map(([key, value]) => ({ key, value }));
}

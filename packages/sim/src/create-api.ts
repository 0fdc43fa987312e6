import type { EcsSimulator, ServiceSpec } from "./api.ts";
import { EcsApiError, invalidParameter, notFound } from "./errors.ts";
import type { Fault } from "./types.ts";

// The ECS operations that build a world through the API, so a user can try their own service
// with the AWS CLI (or a --scenario file of the same requests): CreateCluster,
// RegisterTaskDefinition, CreateService. They take the API's input shapes, check what ECS
// checks, and answer with the same describe shapes as the read side, built only from the
// simulator's public methods.

type Input = Record<string, unknown>;
type ApiTag = { key: string; value: string };

const REVISION_KEYS = [
  "platformVersion",
  "loadBalancers",
  "serviceRegistries",
  "networkConfiguration",
  "serviceConnectConfiguration",
  "volumeConfigurations",
] as const;

const NAME = /^[a-zA-Z0-9_-]{1,255}$/;

export function createCluster(sim: EcsSimulator, input: Input) {
  const name = optionalString(input, "clusterName") ?? "default";
  if (!NAME.test(name))
    throw invalidParameter(
      "Cluster name can have up to 255 letters (uppercase and lowercase), numbers, hyphens, and underscores.",
    );
  // Idempotent as in ECS: creating an existing cluster returns it.
  const arn = sim.addCluster(name, tagRecord(input.tags));
  const insights = Array.isArray(input.settings)
    ? (input.settings as { name?: string; value?: string }[]).find((s) => s.name === "containerInsights")?.value
    : undefined;
  if (insights === "enabled" || insights === "enhanced" || insights === "disabled")
    sim.setContainerInsights(name, insights);
  return { cluster: describeCluster(sim, name, arn) };
}

export function registerTaskDefinition(sim: EcsSimulator, input: Input) {
  const family = optionalString(input, "family");
  if (!family || !NAME.test(family))
    throw new EcsApiError("ClientException", "Family must be 1-255 letters, numbers, hyphens and underscores.");
  const containers = input.containerDefinitions;
  if (!Array.isArray(containers) || containers.length === 0)
    throw new EcsApiError("ClientException", "Container list cannot be empty.");
  // The simulator runs one container per task: the first essential one stands for the task.
  const first = (containers.find((c) => (c as Input)?.essential !== false) ?? containers[0]) as Input;
  const containerName = optionalString(first, "name");
  const image = optionalString(first, "image");
  if (!containerName || !image)
    throw new EcsApiError("ClientException", "Container.name and Container.image should not be null or empty.");
  const cpu = optionalString(input, "cpu") ?? sumOf(containers, "cpu");
  const memory = optionalString(input, "memory") ?? sumOf(containers, "memory");
  const td = sim.registerTaskDefinition({
    family,
    containerName,
    image,
    tags: tagRecord(input.tags),
    ...(cpu ? { cpu } : {}),
    ...(memory ? { memory } : {}),
  });
  const described = sim.describeTaskDefinition({ taskDefinition: td.arn, include: ["TAGS"] });
  return { taskDefinition: described.taskDefinition, tags: described.tags ?? [] };
}

export function createService(sim: EcsSimulator, input: Input) {
  const cluster = clusterName(optionalString(input, "cluster"));
  if (!sim.listClusters({}).clusterArns.some((arn) => arn.endsWith(`:cluster/${cluster}`))) throw notFound.cluster();
  const name = optionalString(input, "serviceName");
  if (!name || !NAME.test(name))
    throw invalidParameter("serviceName must be 1-255 letters, numbers, hyphens and underscores.");
  const taskDefinition = optionalString(input, "taskDefinition");
  if (!taskDefinition) throw invalidParameter("TaskDefinition can not be blank.");
  const desiredCount = input.desiredCount;
  if (typeof desiredCount !== "number") throw invalidParameter("desiredCount is required for a REPLICA service.");
  const spec: ServiceSpec = {
    cluster,
    name,
    taskDefinition,
    desiredCount,
    // A created service rolls its first deployment out, emitting ECS's events as it goes.
    initial: "deploying",
    tags: tagRecord(input.tags),
    ...(Array.isArray(input.capacityProviderStrategy)
      ? {
          capacityProviderStrategy: input.capacityProviderStrategy as NonNullable<
            ServiceSpec["capacityProviderStrategy"]
          >,
        }
      : {}),
    // The parts of the first revision the simulator only records (network, load balancers, ...).
    ...Object.fromEntries(REVISION_KEYS.filter((k) => input[k] !== undefined).map((k) => [k, input[k]])),
    ...(isObject(input.deploymentConfiguration)
      ? {
          deploymentConfiguration: input.deploymentConfiguration as NonNullable<ServiceSpec["deploymentConfiguration"]>,
        }
      : {}),
  };
  sim.addService(spec);
  const described = sim.describeServices({ cluster, services: [name], include: ["TAGS"] });
  return { service: described.services[0] };
}

/** A --scenario file: the same requests, applied in order, plus faults for new tasks. */
export type ScenarioRequests = {
  clusters?: Input[];
  taskDefinitions?: Input[];
  services?: Input[];
  faults?: ScenarioFault[];
};
export type ScenarioFault = { taskDefinition?: string; cluster?: string; service?: string; fault: Fault };

export function applyScenario(
  sim: EcsSimulator,
  scenario: ScenarioRequests,
): { clusters: number; taskDefinitions: number; services: number } {
  (scenario.clusters ?? []).forEach((c) => createCluster(sim, c));
  (scenario.taskDefinitions ?? []).forEach((t) => registerTaskDefinition(sim, t));
  for (const f of scenario.faults ?? []) {
    if (f.taskDefinition) sim.setFault({ taskDefinition: f.taskDefinition }, f.fault);
    else if (f.service) sim.setFault({ ...(f.cluster ? { cluster: f.cluster } : {}), service: f.service }, f.fault);
    else throw invalidParameter("a fault names a taskDefinition or a service");
  }
  (scenario.services ?? []).forEach((s) => createService(sim, s));
  return {
    clusters: scenario.clusters?.length ?? 0,
    taskDefinitions: scenario.taskDefinitions?.length ?? 0,
    services: scenario.services?.length ?? 0,
  };
}

function describeCluster(sim: EcsSimulator, name: string, arn: string) {
  const services = sim.listServices({ cluster: name, maxResults: 100 }).serviceArns.length;
  const running = sim.listTasks({ cluster: name, maxResults: 100 }).taskArns.length;
  return {
    clusterArn: arn,
    clusterName: name,
    status: "ACTIVE",
    registeredContainerInstancesCount: 0,
    runningTasksCount: running,
    pendingTasksCount: 0,
    activeServicesCount: services,
    statistics: [],
    tags: sim.listTagsForResource({ resourceArn: arn }).tags,
    settings: sim.describeClusters({ clusters: [name], include: ["SETTINGS"] }).clusters[0]?.settings ?? [],
    capacityProviders: ["FARGATE", "FARGATE_SPOT"],
    defaultCapacityProviderStrategy: [],
  };
}

function clusterName(ref: string | undefined): string {
  if (!ref) return "default";
  return ref.startsWith("arn:") ? ref.slice(ref.lastIndexOf("/") + 1) : ref;
}

function optionalString(input: Input, key: string): string | undefined {
  const v = input[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "string") throw invalidParameter(`${key} must be a string.`);
  return v;
}

function tagRecord(tags: unknown): Record<string, string> {
  if (tags === undefined) return {};
  if (
    !Array.isArray(tags) ||
    !tags.every((t: ApiTag) => typeof t?.key === "string" && typeof (t.value ?? "") === "string")
  )
    throw invalidParameter("tags must be a list of {key, value}.");
  return Object.fromEntries((tags as ApiTag[]).map((t) => [t.key, t.value ?? ""]));
}

function sumOf(containers: unknown[], key: "cpu" | "memory"): string | undefined {
  const values = containers.map((c) => (c as Input)[key]).filter((v): v is number => typeof v === "number");
  return values.length ? String(values.reduce((a, b) => a + b, 0)) : undefined;
}

function isObject(v: unknown): v is Input {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

import { primaryOf } from "./context.ts";
import type { SimContext } from "./context.ts";
import { startDeployment } from "./deployments.ts";
import { describeService } from "./describe.ts";
import { EcsApiError, invalidParameter, notFound } from "./errors.ts";
import { resolveCluster, resolveService, resolveTaskDefinition } from "./lookup.ts";
import { ConfigurationProblem, mergeConfiguration, type DeploymentConfigurationInput } from "./configuration.ts";
import { normalizeStrategy, strategyProblem } from "./placement.ts";
import { changedRevisionConfig, type RevisionConfigInput } from "./revision-config.ts";
import type { CapacityProviderStrategyItem, DeploymentConfiguration, DeploymentControllerType } from "./types.ts";

// UpdateService as ECS does it: a new task definition, a new capacity provider strategy (which
// needs forceNewDeployment) or forceNewDeployment start a rolling deployment; a desired count
// alone only rescales the PRIMARY deployment. A service whose deployments CodeDeploy or a third
// party controls refuses what only its controller may change.

export type UpdateServiceInput = {
  cluster?: string;
  service?: string;
  desiredCount?: number;
  taskDefinition?: string;
  capacityProviderStrategy?: { capacityProvider?: string; base?: number; weight?: number }[];
  forceNewDeployment?: boolean;
  deploymentConfiguration?: DeploymentConfigurationInput;
} & RevisionConfigInput;

export function updateService(ctx: SimContext, input: UpdateServiceInput) {
  const cluster = resolveCluster(ctx, input.cluster);
  if (!input.service) throw invalidParameter("service is required.");
  const service = resolveService(ctx, cluster.name, input.service);
  if (!service) throw notFound.service();
  if (service.deletedAt !== undefined) throw new EcsApiError("ServiceNotActiveException", "Service was not ACTIVE.");
  const primary = primaryOf(service);
  const refused = controllerRefusal(service.deploymentController, input);
  if (refused) throw invalidParameter(refused);
  const taskDefinitionArn = newTaskDefinition(ctx, input.taskDefinition) ?? primary.taskDefinitionArn;
  const strategy = newStrategy(input, primary.capacityProviderStrategy, cluster.capacityProviders);
  const configuration = merged(service.deploymentConfiguration, input.deploymentConfiguration);
  const desiredCount = input.desiredCount ?? service.desiredCount;
  if (!Number.isInteger(desiredCount) || desiredCount < 0)
    throw invalidParameter("desiredCount must be a non-negative integer.");
  const revisionConfig = changedRevisionConfig(service.revisionConfig, input);

  // Validated everything: now change state.
  service.deploymentConfiguration = configuration;
  service.desiredCount = desiredCount;
  primary.desiredCount = desiredCount;
  if (revisionConfig) service.revisionConfig = revisionConfig;
  const redeploy =
    input.forceNewDeployment === true ||
    taskDefinitionArn !== primary.taskDefinitionArn ||
    strategy !== undefined ||
    revisionConfig !== undefined;
  if (redeploy)
    startDeployment(ctx, service, {
      taskDefinitionArn,
      capacityProviderStrategy: strategy ?? primary.capacityProviderStrategy,
    });
  else ctx.hooks.reconcileSoon(service);
  return { service: describeService(ctx, service, false) };
}

function newTaskDefinition(ctx: SimContext, ref: string | undefined): string | undefined {
  if (ref === undefined) return undefined;
  const td = resolveTaskDefinition(ctx, ref);
  if (!td) throw invalidParameter("TaskDefinition not found.");
  return td.arn;
}

/** The requested strategy when it differs from the current one; undefined when unchanged. */
function newStrategy(
  input: UpdateServiceInput,
  current: readonly CapacityProviderStrategyItem[],
  clusterProviders: readonly string[],
): CapacityProviderStrategyItem[] | undefined {
  if (input.capacityProviderStrategy === undefined) return undefined;
  const strategy = normalizeStrategy(input.capacityProviderStrategy);
  const problem = strategyProblem(strategy, clusterProviders);
  if (problem) throw invalidParameter(problem);
  if (JSON.stringify(strategy) === JSON.stringify(current)) return undefined;
  if (input.forceNewDeployment !== true) {
    // ECS's own wording; it covers a launch-type service getting its first strategy as well.
    throw invalidParameter(
      "When switching from launch type to capacity provider strategy on an existing service, or making a change to a capacity provider strategy on a service that is already using one, you must force a new deployment.",
    );
  }
  return strategy;
}

function merged(
  current: DeploymentConfiguration,
  change: DeploymentConfigurationInput | undefined,
): DeploymentConfiguration {
  try {
    return mergeConfiguration(current, change);
  } catch (error) {
    if (error instanceof ConfigurationProblem) throw invalidParameter(error.message);
    throw error;
  }
}

/**
 * What UpdateService refuses for a controller other than ECS. The CODE_DEPLOY wording is ECS's
 * own (seen in public reports); the EXTERNAL wording follows it, as no real sample was found.
 */
export function controllerRefusal(controller: DeploymentControllerType, input: UpdateServiceInput): string | undefined {
  if (controller === "ECS") return undefined;
  const how =
    controller === "CODE_DEPLOY"
      ? "Use AWS CodeDeploy to trigger a new deployment."
      : "Use a task set to deploy a new revision.";
  if (input.taskDefinition !== undefined)
    return `Unable to update task definition on services with a ${controller} deployment controller. ${how}`;
  if (input.capacityProviderStrategy !== undefined)
    return `Unable to update capacity provider strategy on services with a ${controller} deployment controller. ${how}`;
  if (input.forceNewDeployment === true)
    return `Cannot force a new deployment on services with a ${controller} deployment controller. ${how}`;
  return undefined;
}

import { primaryOf } from "./context.ts";
import type { SimContext } from "./context.ts";
import { startDeployment } from "./deployments.ts";
import { describeService } from "./describe.ts";
import { invalidParameter, notFound } from "./errors.ts";
import { resolveCluster, resolveService, resolveTaskDefinition } from "./lookup.ts";
import { normalizeStrategy, strategyProblem } from "./placement.ts";
import type { CapacityProviderStrategyItem, DeploymentConfiguration } from "./types.ts";

// UpdateService as ECS does it: a new task definition, a new capacity provider strategy (which
// needs forceNewDeployment) or forceNewDeployment start a rolling deployment; a desired count
// alone only rescales the PRIMARY deployment.

export type UpdateServiceInput = {
  cluster?: string;
  service?: string;
  desiredCount?: number;
  taskDefinition?: string;
  capacityProviderStrategy?: { capacityProvider?: string; base?: number; weight?: number }[];
  forceNewDeployment?: boolean;
  deploymentConfiguration?: {
    deploymentCircuitBreaker?: { enable?: boolean; rollback?: boolean };
    minimumHealthyPercent?: number;
    maximumPercent?: number;
  };
};

export function updateService(ctx: SimContext, input: UpdateServiceInput) {
  const cluster = resolveCluster(ctx, input.cluster);
  if (!input.service) throw invalidParameter("service is required.");
  const service = resolveService(ctx, cluster.name, input.service);
  if (!service) throw notFound.service();
  const primary = primaryOf(service);
  const taskDefinitionArn = newTaskDefinition(ctx, input.taskDefinition) ?? primary.taskDefinitionArn;
  const strategy = newStrategy(input, primary.capacityProviderStrategy);
  const configuration = mergeConfiguration(service.deploymentConfiguration, input.deploymentConfiguration);
  const desiredCount = input.desiredCount ?? service.desiredCount;
  if (!Number.isInteger(desiredCount) || desiredCount < 0) throw invalidParameter("desiredCount must be a non-negative integer.");

  // Validated everything: now change state.
  service.deploymentConfiguration = configuration;
  service.desiredCount = desiredCount;
  primary.desiredCount = desiredCount;
  const redeploy = input.forceNewDeployment === true || taskDefinitionArn !== primary.taskDefinitionArn || strategy !== undefined;
  if (redeploy) startDeployment(ctx, service, { taskDefinitionArn, capacityProviderStrategy: strategy ?? primary.capacityProviderStrategy });
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
function newStrategy(input: UpdateServiceInput, current: readonly CapacityProviderStrategyItem[]): CapacityProviderStrategyItem[] | undefined {
  if (input.capacityProviderStrategy === undefined) return undefined;
  const strategy = normalizeStrategy(input.capacityProviderStrategy);
  const problem = strategyProblem(strategy);
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

function mergeConfiguration(current: DeploymentConfiguration, change: UpdateServiceInput["deploymentConfiguration"]): DeploymentConfiguration {
  const merged: DeploymentConfiguration = {
    deploymentCircuitBreaker: { ...current.deploymentCircuitBreaker, ...change?.deploymentCircuitBreaker },
    minimumHealthyPercent: change?.minimumHealthyPercent ?? current.minimumHealthyPercent,
    maximumPercent: change?.maximumPercent ?? current.maximumPercent,
  };
  const problem = configurationProblem(merged);
  if (problem) throw invalidParameter(problem);
  return merged;
}

export function configurationProblem(c: DeploymentConfiguration): string | undefined {
  if (!Number.isInteger(c.minimumHealthyPercent) || c.minimumHealthyPercent < 0 || c.minimumHealthyPercent > 100) return "minimumHealthyPercent must be between 0 and 100.";
  if (!Number.isInteger(c.maximumPercent) || c.maximumPercent < 100 || c.maximumPercent > 200) return "maximumPercent must be between 100 and 200.";
  return undefined;
}

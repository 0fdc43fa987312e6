import { lifecycleHooksProblem } from "./lifecycle-hook-config.ts";
import type { DeploymentConfiguration, DeploymentControllerType, DeploymentStrategy, LifecycleHook } from "./types.ts";
import { DeploymentControllers, DeploymentStrategies } from "./types.ts";

// A service's deployment configuration and controller as ECS keeps them (docs/design/aws-facts.md#deployment-controllers-and-strategies): the
// input shape of CreateService/UpdateService, ECS's defaults, its validation, and the wire shape
// DescribeServices answers with.

export type DeploymentConfigurationInput = {
  deploymentCircuitBreaker?: { enable?: boolean; rollback?: boolean };
  minimumHealthyPercent?: number;
  maximumPercent?: number;
  strategy?: string;
  alarms?: { alarmNames?: string[]; enable?: boolean; rollback?: boolean };
  bakeTimeInMinutes?: number;
  linearConfiguration?: { stepPercent?: number; stepBakeTimeInMinutes?: number };
  canaryConfiguration?: { canaryPercent?: number; canaryBakeTimeInMinutes?: number };
  lifecycleHooks?: unknown[];
};

// ECS's defaults for a rolling service, with the circuit breaker on (what guardrails expects).
export const DEFAULT_CONFIGURATION: DeploymentConfiguration = {
  deploymentCircuitBreaker: { enable: true, rollback: true },
  minimumHealthyPercent: 100,
  maximumPercent: 200,
  strategy: "ROLLING",
  alarms: undefined,
  bakeTimeInMinutes: undefined,
  linearConfiguration: undefined,
  canaryConfiguration: undefined,
  lifecycleHooks: [],
};

/** `change` applied over `current` (a whole configuration for a new service); only named keys change. */
export function mergeConfiguration(
  current: DeploymentConfiguration,
  change: DeploymentConfigurationInput | undefined,
): DeploymentConfiguration {
  const c = change ?? {};
  const strategy = (c.strategy ?? current.strategy) as DeploymentStrategy;
  const merged: DeploymentConfiguration = {
    deploymentCircuitBreaker: { ...current.deploymentCircuitBreaker, ...c.deploymentCircuitBreaker },
    minimumHealthyPercent: c.minimumHealthyPercent ?? current.minimumHealthyPercent,
    maximumPercent: c.maximumPercent ?? current.maximumPercent,
    strategy,
    alarms: c.alarms
      ? {
          alarmNames: c.alarms.alarmNames ?? [],
          enable: c.alarms.enable ?? false,
          rollback: c.alarms.rollback ?? false,
        }
      : current.alarms,
    bakeTimeInMinutes: c.bakeTimeInMinutes ?? current.bakeTimeInMinutes,
    // ECS's documented defaults for the step strategies (docs/design/aws-facts.md#deployment-controllers-and-strategies).
    linearConfiguration:
      strategy === "LINEAR"
        ? { stepPercent: 10, stepBakeTimeInMinutes: 6, ...current.linearConfiguration, ...c.linearConfiguration }
        : undefined,
    canaryConfiguration:
      strategy === "CANARY"
        ? { canaryPercent: 5, canaryBakeTimeInMinutes: 10, ...current.canaryConfiguration, ...c.canaryConfiguration }
        : undefined,
    lifecycleHooks: c.lifecycleHooks ? (structuredClone(c.lifecycleHooks) as LifecycleHook[]) : current.lifecycleHooks,
  };
  const problem = configurationProblem(merged);
  if (problem) throw new ConfigurationProblem(problem);
  return merged;
}

/** Thrown by mergeConfiguration; the API layer turns it into InvalidParameterException. */
export class ConfigurationProblem extends Error {
  override name = "ConfigurationProblem";
}

export function configurationProblem(c: DeploymentConfiguration): string | undefined {
  if (!Number.isInteger(c.minimumHealthyPercent) || c.minimumHealthyPercent < 0 || c.minimumHealthyPercent > 100)
    return "minimumHealthyPercent must be between 0 and 100.";
  if (!Number.isInteger(c.maximumPercent) || c.maximumPercent < 100 || c.maximumPercent > 200)
    return "maximumPercent must be between 100 and 200.";
  if (!(DeploymentStrategies as readonly string[]).includes(c.strategy))
    return `strategy must be one of ${DeploymentStrategies.join(", ")}.`;
  const step = c.linearConfiguration?.stepPercent;
  if (step !== undefined && (step < 3 || step > 100))
    return "linearConfiguration.stepPercent must be between 3 and 100.";
  return lifecycleHooksProblem(c.lifecycleHooks);
}

export function controllerProblem(type: string): string | undefined {
  return (DeploymentControllers as readonly string[]).includes(type)
    ? undefined
    : `deploymentController.type must be one of ${DeploymentControllers.join(", ")}.`;
}

/** `deploymentConfiguration` as DescribeServices shows it: optional parts only when set. */
export function describeConfiguration(c: DeploymentConfiguration, controller: DeploymentControllerType) {
  return {
    deploymentCircuitBreaker: { ...c.deploymentCircuitBreaker },
    maximumPercent: c.maximumPercent,
    minimumHealthyPercent: c.minimumHealthyPercent,
    // Strategies are ECS-native: a CodeDeploy or external controller has none.
    ...(controller === "ECS" ? { strategy: c.strategy } : {}),
    ...(c.alarms
      ? { alarms: { alarmNames: [...c.alarms.alarmNames], enable: c.alarms.enable, rollback: c.alarms.rollback } }
      : {}),
    ...(c.bakeTimeInMinutes !== undefined ? { bakeTimeInMinutes: c.bakeTimeInMinutes } : {}),
    ...(c.linearConfiguration ? { linearConfiguration: { ...c.linearConfiguration } } : {}),
    ...(c.canaryConfiguration ? { canaryConfiguration: { ...c.canaryConfiguration } } : {}),
    ...(c.lifecycleHooks.length > 0 ? { lifecycleHooks: structuredClone(c.lifecycleHooks) } : {}),
  };
}

import type { ServiceRef } from "../model/service-ref.ts";
import type { CapacityProviderItem, ServiceDescription } from "../model/description.ts";
import type { ScalableTargetView, SuspendedState } from "../model/snapshot.ts";

// The AWS services the engine and the capabilities act on (adapters: packages/aws).

/** ECS as the policies see it: describe a service (with tags), change it. */
export interface ServiceGateway {
  describeService(ref: ServiceRef): Promise<ServiceDescription | undefined>;
  /** UpdateService; returns the id of the deployment it started (the new PRIMARY), if any. */
  updateService(ref: ServiceRef, change: ServiceChange): Promise<{ deploymentId: string | undefined }>;
  /** Every active service of the clusters whose names match the globs (for the reconcile). */
  listServices(clusterGlobs: readonly string[]): Promise<ServiceDescription[]>;
}

export type ServiceChange = {
  taskDefinition?: string;
  desiredCount?: number;
  capacityProviderStrategy?: CapacityProviderItem[];
  forceNewDeployment?: boolean;
};

/** Application Auto Scaling as the engine and the capabilities see it (adapter: packages/aws/src/autoscaling). */
export type ScalingPolicySummary = {
  name: string;
  type: string;
  targetValue: number | undefined;
  metric: string | undefined;
  disableScaleIn: boolean;
};

export type RangeChange = { minCapacity: number; maxCapacity: number; suspendedState?: SuspendedState };

export interface ScalableTargets {
  /** The scalable targets of these ECS services, by serviceKey; a service without one is absent. */
  describe(refs: readonly ServiceRef[]): Promise<Map<string, ScalableTargetView>>;
  /** Moves an existing target's min/max (and suspended state); never registers a new one. */
  setRange(ref: ServiceRef, change: RangeChange): Promise<void>;
  /** The scaling policies on the service's target: who else moves its desired count. */
  scalingPolicies(ref: ServiceRef): Promise<ScalingPolicySummary[]>;
}

/** A deployment lifecycle hook as DescribeServiceDeployments shows it (`lifecycleHookDetails`). */
export type LifecycleHookView = {
  hookId: string;
  targetType: string | undefined;
  /** AWAITING_ACTION, IN_PROGRESS, SUCCEEDED, FAILED or TIMED_OUT. */
  status: string | undefined;
  expiresAt: string | undefined;
  timeoutAction: string | undefined;
};

export type HookAction = "CONTINUE" | "ROLLBACK";

/** ECS's service deployments, for answering a paused one (adapter: packages/aws/src/ecs/deployment-hooks.ts). */
export interface DeploymentHooks {
  /** DescribeServiceDeployments: the deployment's lifecycle hooks as ECS shows them now. */
  hooksOf(serviceDeploymentArn: string): Promise<LifecycleHookView[]>;
  /** ContinueServiceDeployment: the paused hook's answer. */
  continueDeployment(serviceDeploymentArn: string, hookId: string, action: HookAction): Promise<void>;
}

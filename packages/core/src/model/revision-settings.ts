import type { CapacityProviderItem } from "./description.ts";

// A service revision's settings, as ECS's DescribeServiceRevisions shows them and UpdateService
// takes them back (docs/design/aws-facts.md#rolling-back-a-service-deployment). A rollback after
// a deployment completed restores all of them, not only the task definition. The nested shapes
// are ECS's own JSON, passed through unchanged.

export type NetworkConfiguration = {
  awsvpcConfiguration?: { subnets: string[]; securityGroups?: string[]; assignPublicIp?: string };
};

export type LoadBalancerItem = {
  targetGroupArn?: string;
  loadBalancerName?: string;
  containerName?: string;
  containerPort?: number;
};

export type ServiceRegistryItem = {
  registryArn?: string;
  port?: number;
  containerName?: string;
  containerPort?: number;
};

/** What a revision runs and where; absent keys were not in the revision. */
export type RevisionSettings = {
  taskDefinition: string;
  capacityProviderStrategy?: CapacityProviderItem[];
  networkConfiguration?: NetworkConfiguration;
  loadBalancers?: LoadBalancerItem[];
  serviceRegistries?: ServiceRegistryItem[];
  /** ECS's ServiceConnectConfiguration, as described. */
  serviceConnectConfiguration?: Record<string, unknown>;
  /** ECS's ServiceVolumeConfiguration list, as described. */
  volumeConfigurations?: Record<string, unknown>[];
};

/** A described service revision: its ARN and settings. */
export type RevisionView = RevisionSettings & { arn: string };

/**
 * One service deployment of ECS (DescribeServiceDeployments) with its revisions described: the
 * revision it rolls out (`target`) and the ones it replaces (`sources`).
 */
export type ServiceDeploymentView = {
  arn: string;
  /** PENDING, IN_PROGRESS, SUCCESSFUL, STOPPED, STOP_REQUESTED, ROLLBACK_REQUESTED, ROLLBACK_IN_PROGRESS, ROLLBACK_SUCCESSFUL, ROLLBACK_FAILED. */
  status: string;
  createdAt: string | undefined;
  target: RevisionView | undefined;
  sources: RevisionView[];
};

/**
 * ECS's recent service deployments of a service, newest first, read only before a rollback acts
 * (three calls); `unavailable`: why they could not be read (the rollback then restores the task
 * definition alone, as before ECS had these calls).
 */
export type ServiceDeploymentsView = { deployments: ServiceDeploymentView[] } | { unavailable: string };

/** ECS is rolling the deployment back, or has (StopServiceDeployment, its circuit breaker or alarms). */
export const ROLLBACK_STATUSES = [
  "ROLLBACK_REQUESTED",
  "ROLLBACK_IN_PROGRESS",
  "ROLLBACK_SUCCESSFUL",
  "ROLLBACK_FAILED",
];

export const isRollingBack = (d: ServiceDeploymentView | undefined) =>
  d !== undefined && ROLLBACK_STATUSES.includes(d.status);

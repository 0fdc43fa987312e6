import type { CapacityProviderItem } from "./description.ts";

// ECS's own deployment history (ListServiceDeployments, DescribeServiceDeployments,
// DescribeServiceRevisions: docs/design/aws-facts.md#service-deployments-and-revisions), as the core reads
// it, and the known-good revision taken from it. Times are ISO strings; the adapter converts.

/** A service deployment as ListServiceDeployments lists it. */
export type ServiceDeploymentBrief = {
  serviceDeploymentArn: string;
  targetServiceRevisionArn: string | undefined;
  status: string;
  createdAt: string | undefined;
  finishedAt: string | undefined;
};

/** A service deployment as DescribeServiceDeployments describes it. */
export type ServiceDeploymentView = ServiceDeploymentBrief & {
  startedAt: string | undefined;
  statusReason: string | undefined;
  sourceServiceRevisionArns: string[];
  /** ECS's own rollback of this deployment (circuit breaker, alarms, a hook's FAILED), when it did one. */
  rollback:
    | { reason: string | undefined; startedAt: string | undefined; serviceRevisionArn: string | undefined }
    | undefined;
};

/**
 * What a service revision runs: everything UpdateService needs to put the service back on it.
 * The nested AWS shapes are kept as ECS returned them (plain JSON), not re-modelled.
 */
export type RevisionConfig = {
  taskDefinition: string;
  capacityProviderStrategy: CapacityProviderItem[];
  launchType: string | undefined;
  platformVersion: string | undefined;
  networkConfiguration: Record<string, unknown> | undefined;
  loadBalancers: Record<string, unknown>[];
  serviceRegistries: Record<string, unknown>[];
  serviceConnectConfiguration: Record<string, unknown> | undefined;
  volumeConfigurations: Record<string, unknown>[];
};

/** A service revision as DescribeServiceRevisions describes it. */
export type ServiceRevisionView = RevisionConfig & {
  serviceRevisionArn: string;
  createdAt: string | undefined;
};

/**
 * The last revision a deployment finished on successfully, with its whole configuration: what
 * a rollback returns the service to (r20's rollback reads `config`). `deploymentId` is the
 * `ecs-svc/…` deployment behind it when ECS still listed it and it could be resolved.
 */
export type KnownGoodRevision = {
  serviceRevisionArn: string;
  serviceDeploymentArn: string;
  deploymentId: string | undefined;
  finishedAt: string;
  config: RevisionConfig;
  source: "ecs-history";
};

/** How an import of ECS's history ended (on the service's state; `history` and the console show it). */
export type ImportStatus =
  /** Deployments were read and recorded. */
  | "imported"
  /** ECS had no deployment to give: older than its history (2024-10-25) or than 90 days. */
  | "no-history"
  /** The calls were denied or rejected: the guardrails go on from what they see themselves. */
  | "unavailable";

export type ImportSummary = {
  status: ImportStatus;
  at: string;
  /** Deployments recorded (at most the cap). */
  deployments: number;
  /** The oldest deployment read; older ones were not asked for. */
  since: string | undefined;
  /** More deployments existed than the cap read. */
  capped: boolean;
  /** ECS calls the import made. */
  calls: number;
  reason: string | undefined;
};

import type { ServiceRef } from "../model/service-ref.ts";
import type { ServiceDescription } from "../model/description.ts";
import type { ScalableTargetView, SuspendedState } from "../model/snapshot.ts";
import type { RevisionSettings } from "../model/revision-settings.ts";
import type { ServiceDeploymentBrief, ServiceDeploymentView, ServiceRevisionView } from "../model/known-good.ts";
import type {
  ContinueOutcome,
  Described,
  ServiceDeploymentDetail,
  ServiceDeploymentStatus,
  ServiceDeploymentSummary,
  ServiceRevisionDetail,
  StopOutcome,
} from "../model/service-deployments.ts";

// The AWS services the engine and the capabilities act on (adapters: packages/aws).

/** ECS as the policies see it: describe a service (with tags), change it. */
export interface ServiceGateway {
  describeService(ref: ServiceRef): Promise<ServiceDescription | undefined>;
  /** UpdateService; returns the id of the deployment it started (the new PRIMARY), if any. */
  updateService(ref: ServiceRef, change: ServiceChange): Promise<{ deploymentId: string | undefined }>;
}

/**
 * ECS's services listed: the reconcile, the import and right-sizing look at every service; the
 * ingest and the hooks never list, so their adapters (and bundles) leave the listing out.
 */
export interface ServiceLister {
  /** Every active service of the clusters whose names match the globs. */
  listServices(clusterGlobs: readonly string[]): Promise<ServiceDescription[]>;
}

/** An UpdateService: what is absent stays as it is; a revision's settings restore a rollback's known-good revision. */
export type ServiceChange = Partial<RevisionSettings> & {
  desiredCount?: number;
  forceNewDeployment?: boolean;
};

/**
 * ECS's service deployments and revisions (adapter: packages/aws/src/ecs/service-deployments.ts).
 * A port of its own: only what reads the deployment history or stops and continues deployments
 * depends on it, and IAM grants its actions only to the functions that call them.
 */
export interface ServiceDeploymentGateway {
  /** Every page of ListServiceDeployments, newest first; `createdAfter`/`createdBefore` are ISO times. */
  listServiceDeployments(ref: ServiceRef, filter?: ServiceDeploymentFilter): Promise<ServiceDeploymentSummary[]>;
  /** DescribeServiceDeployments, 20 ARNs per call (ECS's limit). */
  describeServiceDeployments(arns: readonly string[]): Promise<Described<ServiceDeploymentDetail>>;
  /** DescribeServiceRevisions, 20 ARNs per call (ECS's limit). */
  describeServiceRevisions(arns: readonly string[]): Promise<Described<ServiceRevisionDetail>>;
  /** StopServiceDeployment; a deployment that is not in progress is an outcome, not an error. */
  stopServiceDeployment(arn: string, stopType: "ROLLBACK" | "ABORT"): Promise<StopOutcome>;
  /** ContinueServiceDeployment: resumes (CONTINUE) or rolls back a deployment paused at a hook. */
  continueServiceDeployment(arn: string, hookId: string, action: "CONTINUE" | "ROLLBACK"): Promise<ContinueOutcome>;
}

export type ServiceDeploymentFilter = {
  status?: readonly ServiceDeploymentStatus[];
  createdAfter?: string;
  createdBefore?: string;
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

/** A paused lifecycle hook's answer (ContinueServiceDeployment). */
export type HookAction = "CONTINUE" | "ROLLBACK";

/**
 * ECS's own deployment history, kept 90 days (adapter: packages/aws/src/ecs/deployment-history.ts).
 * Each call is one ECS API call; the describes take at most 20 ARNs (DESCRIBE_BATCH).
 */
export interface EcsDeploymentHistory {
  /** One page of ListServiceDeployments, created at or after `createdAfter`. */
  listServiceDeployments(
    ref: ServiceRef,
    options: { createdAfter?: string; nextToken?: string; maxResults?: number },
  ): Promise<{ deployments: ServiceDeploymentBrief[]; nextToken: string | undefined }>;
  describeServiceDeployments(arns: readonly string[]): Promise<ServiceDeploymentView[]>;
  describeServiceRevisions(arns: readonly string[]): Promise<ServiceRevisionView[]>;
}

/** DescribeServiceDeployments and DescribeServiceRevisions take at most 20 ARNs a call. */
export const DESCRIBE_BATCH = 20;

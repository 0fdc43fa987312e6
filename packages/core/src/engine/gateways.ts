import type { ServiceRef } from "../model/service-ref.ts";
import type { ServiceDescription } from "../model/description.ts";
import type { ScalableTargetView, SuspendedState } from "../model/snapshot.ts";
import type { RevisionSettings, RevisionView } from "../model/revision-settings.ts";

// The AWS services the engine and the capabilities act on (adapters: packages/aws).

/** ECS as the policies see it: describe a service (with tags), change it. */
export interface ServiceGateway {
  describeService(ref: ServiceRef): Promise<ServiceDescription | undefined>;
  /** UpdateService; returns the id of the deployment it started (the new PRIMARY), if any. */
  updateService(ref: ServiceRef, change: ServiceChange): Promise<{ deploymentId: string | undefined }>;
  /** Every active service of the clusters whose names match the globs (for the reconcile). */
  listServices(clusterGlobs: readonly string[]): Promise<ServiceDescription[]>;
  /** ListServiceDeployments created after `createdAfter`, every page. */
  listServiceDeployments?(
    ref: ServiceRef,
    options: { createdAfter?: string; status?: string[] },
  ): Promise<{ serviceDeploymentArn: string; status: string; createdAt: string | undefined }[]>;
  /** DescribeServiceDeployments, 20 ARNs a call. */
  describeServiceDeployments?(arns: readonly string[]): Promise<
    {
      serviceDeploymentArn: string;
      status: string;
      createdAt: string | undefined;
      targetServiceRevisionArn: string | undefined;
      sourceServiceRevisionArns: string[];
    }[]
  >;
  /** DescribeServiceRevisions, 20 ARNs a call. */
  describeServiceRevisions?(arns: readonly string[]): Promise<RevisionView[]>;
  /** StopServiceDeployment: ROLLBACK returns to the source revision, all of it. */
  stopServiceDeployment?(serviceDeploymentArn: string, stopType: "ROLLBACK" | "ABORT"): Promise<void>;
}

/** An UpdateService: what is absent stays as it is; a revision's settings restore a rollback's known-good revision. */
export type ServiceChange = Partial<RevisionSettings> & {
  desiredCount?: number;
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

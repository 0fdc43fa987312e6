import type { DeploymentRecord, ServiceState, TimelineEntry } from "../history/model.ts";
import type { ServiceDescription } from "./description.ts";
import type { ServiceDeploymentsView } from "./revision-settings.ts";
import type { ServiceRef } from "./service-ref.ts";

export type SuspendedState = {
  dynamicScalingInSuspended: boolean;
  dynamicScalingOutSuspended: boolean;
  scheduledScalingSuspended: boolean;
};

/** An ECS service's Application Auto Scaling scalable target, as DescribeScalableTargets shows it. */
export type ScalableTargetView = { minCapacity: number; maxCapacity: number; suspended: SuspendedState };

/**
 * The parts of a snapshot a policy reads: ECS's DescribeServices, the deployment records, recent
 * timeline, and the service's Application Auto Scaling scalable target (DescribeScalableTargets).
 */
export type SnapshotNeeds = {
  service: boolean;
  deployments: boolean;
  timelineMinutes: number;
  scalableTarget: boolean;
};

/** Everything a policy may look at: the stored history and ECS's current view. */
export type Snapshot = {
  ref: ServiceRef;
  state: ServiceState | undefined;
  /** Newest first. */
  deployments: DeploymentRecord[];
  service: ServiceDescription | undefined;
  /** Timeline entries of the last minutes, newest first, for policies that ask (lookbackMinutes). */
  recent: TimelineEntry[];
  /**
   * The engine's bookkeeping, not for policies: per policy, the revision of its view of the
   * service this snapshot stands on (ports' Seen), advanced by this invocation's own writes.
   */
  revisions?: Record<string, number>;
  /**
   * Application Auto Scaling's view, loaded only when a candidate needs it (needs.scalableTarget):
   * absent when not loaded; `target` undefined when the service has no scalable target.
   */
  autoScaling?: { target: ScalableTargetView | undefined };
  /**
   * ECS's service deployments and their revisions, read only when a decision's action asks
   * for them (its executor's `readsServiceDeployments`), and then decided again.
   */
  serviceDeployments?: ServiceDeploymentsView;
};

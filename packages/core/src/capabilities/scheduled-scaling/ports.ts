import type { ServiceRef } from "../../events/model.ts";
import type { ScalableTargetView, SuspendedState } from "./state.ts";

// What the policy needs from Application Auto Scaling (adapter: packages/aws/src/autoscaling).

export type ScalingPolicySummary = { name: string; type: string; targetValue: number | undefined; metric: string | undefined; disableScaleIn: boolean };

export type RangeChange = { minCapacity: number; maxCapacity: number; suspendedState?: SuspendedState };

export interface ScalableTargets {
  /** The scalable targets of these ECS services, by "cluster/service"; a service without one is absent. */
  describe(refs: readonly ServiceRef[]): Promise<Map<string, ScalableTargetView>>;
  /** Moves an existing target's min/max (and suspended state); never registers a new one. */
  setRange(ref: ServiceRef, change: RangeChange): Promise<void>;
  /** The scaling policies on the service's target: who else moves its desired count. */
  scalingPolicies(ref: ServiceRef): Promise<ScalingPolicySummary[]>;
}

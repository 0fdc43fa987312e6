import type { FailureClass } from "../events/stop-class.ts";
import type { ServiceDescription } from "./description.ts";

// ECS's deployment circuit breaker as the service configures it (docs/design/aws-facts.md#ecs-deployments-and-capacity):
// the threshold ECS computes from `thresholdConfiguration` at the latest desired count, and
// whether a healthy task resets its failure count. Pure: the guardrails compare their own
// threshold with it, and defer to ECS where it rolls back first.

export type ThresholdConfiguration = { type: string; value: number };

/** What ECS applies when `thresholdConfiguration` is absent. */
export const DEFAULT_THRESHOLD: ThresholdConfiguration = { type: "BOUNDED_PERCENT", value: 50 };
const BOUNDS = { min: 3, max: 200 };

/** The task stop classes ECS's breaker counts: launch failures and failed health checks, never a crash after RUNNING. */
export const BREAKER_CLASSES: readonly FailureClass[] = ["failed-to-start", "health-check"];

/** ECS's failure threshold at `desiredCount`. */
export function breakerThreshold(config: ThresholdConfiguration | undefined, desiredCount: number): number {
  const { type, value } = config ?? DEFAULT_THRESHOLD;
  if (type === "COUNT") return value;
  // In integers: 7 × 100 / 100 is exactly 7, where 0.07 × 100 rounds up to 8.
  const share = Math.ceil((value * desiredCount) / 100);
  // A threshold of 0 would fail a deployment without any failure: at least one.
  if (type === "UNBOUNDED_PERCENT") return Math.max(1, share);
  return Math.min(BOUNDS.max, Math.max(BOUNDS.min, share));
}

export type EcsBreaker = {
  threshold: number;
  /** A healthy task zeroes ECS's count (`resetOnHealthyTask`, true unless set false). */
  resets: boolean;
  rollsBack: boolean;
  /** The setting as one phrase, for notices: "BOUNDED_PERCENT 50", "COUNT 2". */
  setting: string;
};

/** ECS's breaker for the service now; undefined when it watches none of its deployments (off, or not ECS's controller). */
export function ecsBreaker(service: ServiceDescription | undefined): EcsBreaker | undefined {
  const breaker = service?.circuitBreaker;
  if (!service || !breaker?.enable || service.deploymentController !== "ECS") return undefined;
  const config = breaker.thresholdConfiguration ?? DEFAULT_THRESHOLD;
  return {
    threshold: breakerThreshold(config, service.desiredCount),
    resets: breaker.resetOnHealthyTask ?? true,
    rollsBack: breaker.rollback,
    setting: `${config.type} ${config.value}`,
  };
}

export type BreakerEvidence = {
  /** The deployment's failures of BREAKER_CLASSES in the history. */
  counted: number;
  /** ECS's own count (DescribeServices `failedTasks`), when ECS lists the deployment. */
  ecsFailedTasks: number | undefined;
  /** ECS lists a running task of the deployment: one may have turned healthy and reset the count. */
  healthyTask: boolean;
};

/**
 * How many failures ECS's breaker has counted against a deployment, as far as the guardrails can
 * be sure: never more than it has, so deferring to it on this count never leaves a release alone.
 * The history and ECS's `failedTasks` may each lag; cumulative, both are lower bounds. Resetting,
 * the history cannot see a reset, so once a task may have turned healthy only ECS's count holds.
 */
export function breakerCount(evidence: BreakerEvidence, resets: boolean): number {
  const { counted, ecsFailedTasks, healthyTask } = evidence;
  if (resets && healthyTask) return ecsFailedTasks ?? 0;
  return Math.max(counted, ecsFailedTasks ?? 0);
}

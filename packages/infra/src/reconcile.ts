/// <reference path="../../../.sst/platform/config.d.ts" />
import { FUNCTION_TIMEOUT_SECONDS } from "@ecs-guardrails/core/config/checks";
import {
  asyncRetriesToDeadLetters,
  basePermissions,
  FUNCTION_DEFAULTS,
  functionPackage,
  type IngestDependencies,
  ouReads,
} from "./functions.ts";
import {
  historyBatchReads,
  autoScalingReadTargets,
  ecsAnswerPausedDeployments,
  autoScalingSetRanges,
  ecsDescribeTaskDefinitions,
  ecsListClusters,
  ecsListServices,
  ecsReadDeploymentHistory,
  ecsReadServices,
  ecsUpdateServices,
  ecsRollbackServiceDeployments,
} from "./permissions.ts";

export const DEFAULT_RECONCILE_MINUTES = 5;

// Two places a tick can fail, both ending in the DeadLetters queue:
// - delivery: EventBridge Scheduler cannot invoke the function (throttled, denied, missing);
//   it retries, then sends the tick to its dead-letter queue with its own role.
// - execution: Scheduler invokes Lambda asynchronously, so a handler error never reaches it;
//   Lambda retries, then sends the event to the function's on-failure destination.
const SCHEDULER_RETRIES = 2;

export type ReconcileDependencies = IngestDependencies & {
  /** Whole minutes between runs; 5 when absent. */
  readonly everyMinutes?: number;
  /** A hub's tick passes over every member account: it gets one full vCPU (reconcileMemory). */
  readonly hub?: boolean;
};

/**
 * A hub's tick is CPU-bound where a single account's is not: 100 accounts × 300 services took
 * 3.2 s of CPU on a quiet tick and 27 s when 5,000 services returned from Spot at once
 * (docs/design/benchmarks.md "Scale"), which at 256 MB (about 1/7 of a vCPU) could outlast the
 * timeout. Lambda gives one full vCPU at 1,769 MB; a single account keeps the shared default.
 */
export function reconcileMemory(hub: boolean | undefined): `${number} MB` {
  return hub ? "1769 MB" : FUNCTION_DEFAULTS.memory;
}

/** EventBridge Scheduler's rate expression, singular for one minute as the service requires. */
export function reconcileSchedule(everyMinutes: number = DEFAULT_RECONCILE_MINUTES): `rate(${string})` {
  if (!Number.isInteger(everyMinutes) || everyMinutes < 1) {
    throw new Error(`reconcileEveryMinutes must be a whole number of minutes, at least 1 (got ${everyMinutes})`);
  }
  return everyMinutes === 1 ? "rate(1 minute)" : `rate(${everyMinutes} minutes)`;
}

/**
 * The level-triggered side of the policies, on a schedule: looks at every guarded service as
 * it is now (return from Spot fallback, services below their desired count).
 */
export function createReconcile(deps: ReconcileDependencies): sst.aws.CronV2 {
  const clusters = deps.clusters ?? [];
  return new sst.aws.CronV2("Reconcile", {
    schedule: reconcileSchedule(deps.everyMinutes),
    retries: SCHEDULER_RETRIES,
    dlq: deps.deadLetters.arn,
    function: {
      ...FUNCTION_DEFAULTS,
      memory: reconcileMemory(deps.hub),
      handler: "functions/reconcile.handler",
      // The lock rule in core/config/checks.ts depends on this timeout.
      timeout: `${FUNCTION_TIMEOUT_SECONDS.reconcile} seconds`,
      ...functionPackage(deps),
      permissions: [
        ...basePermissions(deps),
        historyBatchReads(deps.table),
        ecsListClusters(),
        ecsListServices(deps.scope, clusters),
        ecsReadServices(deps.scope),
        ecsReadDeploymentHistory(deps.scope),
        ecsDescribeTaskDefinitions(),
        ecsUpdateServices(deps.scope, clusters),
        ...ecsRollbackServiceDeployments(deps.scope, clusters),
        ecsAnswerPausedDeployments(deps.scope, clusters),
        autoScalingReadTargets(),
        autoScalingSetRanges(deps.scope),
        ...ouReads(deps),
      ],
      ...asyncRetriesToDeadLetters(deps.deadLetters),
    },
  });
}

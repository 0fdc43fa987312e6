/// <reference path="../../../.sst/platform/config.d.ts" />
import { parseConfig } from "@ecs-guardrails/core/config/load";
import type { GuardrailsConfig } from "@ecs-guardrails/core/config/schema";
import {
  asyncRetriesToDeadLetters,
  basePermissions,
  FUNCTION_DEFAULTS,
  functionPackage,
  type IngestDependencies,
} from "./functions.ts";
import {
  cloudWatchGetMetricData,
  ecsDescribeTaskDefinitions,
  ecsListClusters,
  ecsDescribeClusters,
  ecsListServices,
  ecsReadServices,
  readScalingPolicies,
} from "./permissions.ts";

// Right-sizing has its own function rather than a step in the reconcile: it is a daily batch
// over every service (GetMetricData packs 500 queries a call), not a 5-minute per-service tick,
// and it needs the CloudWatch and Application Auto Scaling clients, which would grow the
// reconcile's bundle and cold start (docs/design/benchmarks.md "Cold start and bundle size") for a job that runs
// once a day. Two schedules invoke it: the daily run and the weekly digest.

const SCHEDULER_RETRIES = 2;

/**
 * 1,000 services × 14 days are 800 GetMetricData calls of up to 100,800 points, read 20
 * services at a time: minutes, not seconds, so the timeout is generous. It holds no service
 * lock (it never acts), so the lock rule in core/config/checks.ts does not depend on it.
 */
export const RIGHT_SIZING_TIMEOUT_SECONDS = 600;

export type RightSizingDependencies = IngestDependencies & {
  readonly settings?: GuardrailsConfig["policies"]["right-sizing"];
};

type Schedule = `rate(${string})` | `cron(${string})` | `at(${string})`;

/** EventBridge Scheduler's expression, as the settings give it (validated here, at deploy time). */
export function scheduleExpression(expression: string, key: string): Schedule {
  if (!/^(rate|cron|at)\(.+\)$/.test(expression))
    throw new Error(
      `policies.right-sizing.${key}: expected rate(…), cron(…) or at(…), got ${JSON.stringify(expression)}`,
    );
  return expression as Schedule;
}

export function createRightSizing(deps: RightSizingDependencies) {
  const settings = deps.settings ?? parseConfig({}).policies["right-sizing"];
  const clusters = deps.clusters ?? [];
  const fn = new sst.aws.Function("RightSizing", {
    ...FUNCTION_DEFAULTS,
    // A chunk of 20 services' series is ~32 MB of points; twice the others' memory keeps headroom.
    memory: "512 MB",
    handler: "functions/rightsizing.handler",
    timeout: `${RIGHT_SIZING_TIMEOUT_SECONDS} seconds`,
    ...functionPackage(deps),
    permissions: [
      ...basePermissions(deps),
      ecsListClusters(),
      ecsListServices(deps.scope, clusters),
      ecsDescribeClusters(deps.scope, clusters),
      ecsReadServices(deps.scope),
      ecsDescribeTaskDefinitions(),
      cloudWatchGetMetricData(),
      readScalingPolicies(),
    ],
    ...asyncRetriesToDeadLetters(deps.deadLetters),
  });
  const schedule = (name: string, expression: Schedule, job: "run" | "digest") =>
    new sst.aws.CronV2(name, {
      schedule: expression,
      function: fn.arn,
      event: { job },
      retries: SCHEDULER_RETRIES,
      dlq: deps.deadLetters.arn,
    });
  const run = schedule("RightSizingRun", scheduleExpression(settings.schedule, "schedule"), "run");
  const digest = schedule("RightSizingDigest", scheduleExpression(settings.digestSchedule, "digestSchedule"), "digest");
  return { fn, run, digest };
}

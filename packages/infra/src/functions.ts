/// <reference path="../../../.sst/platform/config.d.ts" />
import { FUNCTION_TIMEOUT_SECONDS } from "@ecs-guardrails/core/config/checks";
import type { ShippedConfig } from "./config-file.ts";
import type { AwsScope } from "./scope.ts";
import {
  ecsDescribeTaskDefinitions,
  ecsReadDeploymentHistory,
  ecsReadServices,
  ecsUpdateServices,
  ecsRollbackServiceDeployments,
  ecsAnswerPausedDeployments,
  historyTableAccess,
  lambdaOnlyTrust,
  organizationsListParents,
  publishNotifications,
  sendDeadLetters,
} from "./permissions.ts";

/**
 * Shared by every function: the runtime is explicit so an SST upgrade cannot move it, and
 * arm64 is ~20 % cheaper per GB-second with no x86-only dependency in the bundle.
 *
 * Memory, from measurement (`npm run bench -- --cold`, `guardrails cost`; docs/design/benchmarks.md "Cold start and bundle size"): peak RSS is ~90 MB for ingest and ~100–117 MB for the reconcile over 40
 * services, so 128 MB would leave almost no headroom. Lambda's CPU grows with memory (one vCPU
 * at 1,769 MB): the measured init (~90 ms of CPU) takes ~1.2 s at 128 MB, ~0.6 s at 256 MB and
 * ~0.3 s at 512 MB, while the bill for 100 services and 1 M task events moves by cents
 * (~$3.35 a month, within 1 % across the three). 256 MB keeps 2× headroom and a sub-second
 * cold start for a cent more than the cheapest; the reconcile over 1,000 services (~8 s at
 * 256 MB) still fits its timeout.
 */
export const FUNCTION_DEFAULTS = {
  runtime: "nodejs24.x",
  architecture: "arm64",
  memory: "256 MB",
} as const;

export const SERVICE_NAME = "ecs-guardrails";

// Lambda's own default, stated so the DLQ test reads it: two retries, then the on-failure queue.
const ASYNC_RETRIES = 2;

export type IngestDependencies = {
  readonly scope: AwsScope;
  readonly table: sst.aws.Dynamo;
  readonly topic: sst.aws.SnsTopic;
  readonly deadLetters: sst.aws.Queue;
  readonly clusters?: readonly string[];
  /** The validated configuration, packaged with every function (config-file.ts). */
  readonly config: ShippedConfig;
  /** A rule of the configuration names an OU: the ingest and the reconcile read OUs from Organizations. */
  readonly organizationalUnits?: boolean;
};

type Shared = Pick<IngestDependencies, "table" | "topic" | "deadLetters" | "config">;

/**
 * Every function's environment and package: where the history, the topic and the dead
 * letters are, and the configuration file shipped next to the handler.
 */
export function functionPackage(deps: Shared) {
  return {
    environment: {
      TABLE_NAME: deps.table.name,
      TOPIC_ARN: deps.topic.arn,
      DEAD_LETTER_QUEUE_URL: deps.deadLetters.url,
      POWERTOOLS_SERVICE_NAME: SERVICE_NAME,
      ...deps.config.environment,
    },
    copyFiles: deps.config.copyFiles,
  };
}

/** What every function with the dead-letter queue does: history, notices, its failed events kept. */
export function basePermissions(deps: Pick<IngestDependencies, "table" | "topic" | "deadLetters">) {
  return [historyTableAccess(deps.table), publishNotifications(deps.topic), sendDeadLetters(deps.deadLetters)];
}

/**
 * SST's Function has no DLQ option: `retries` creates the event invoke config and the
 * transform adds the on-failure destination to it; the role may be assumed by Lambda only.
 */
export function asyncRetriesToDeadLetters(deadLetters: sst.aws.Queue) {
  return {
    retries: ASYNC_RETRIES,
    transform: {
      role: lambdaOnlyTrust(),
      eventInvokeConfig: { destinationConfig: { onFailure: { destination: deadLetters.arn } } },
    },
  };
}

/**
 * Lambda's retries without an on-failure destination: for a function whose events carry secrets.
 * Lambda's failure record holds the whole event (`requestPayload`), and no handler can scrub it.
 */
export function asyncRetriesOnly() {
  return { retries: ASYNC_RETRIES, transform: { role: lambdaOnlyTrust() } };
}

/** Consumes ECS and alarm events from the default bus, records history and runs the policies. */
export function createIngestFunction(deps: IngestDependencies): sst.aws.Function {
  return new sst.aws.Function("Ingest", {
    ...FUNCTION_DEFAULTS,
    handler: "functions/ingest.handler",
    // The lock rule in core/config/checks.ts depends on this timeout.
    timeout: `${FUNCTION_TIMEOUT_SECONDS.ingest} seconds`,
    ...functionPackage(deps),
    permissions: [
      ...basePermissions(deps),
      ecsReadServices(deps.scope),
      ecsReadDeploymentHistory(deps.scope),
      ecsDescribeTaskDefinitions(),
      ecsUpdateServices(deps.scope, deps.clusters),
      ...ecsRollbackServiceDeployments(deps.scope, deps.clusters),
      ecsAnswerPausedDeployments(deps.scope, deps.clusters),
      ...ouReads(deps),
    ],
    ...asyncRetriesToDeadLetters(deps.deadLetters),
  });
}

/** Organizations' ListParents for the functions that settle the configuration per account, when it names an OU. */
export function ouReads(deps: Pick<IngestDependencies, "organizationalUnits">) {
  return deps.organizationalUnits ? [organizationsListParents()] : [];
}

/// <reference path="../../../.sst/platform/config.d.ts" />
import { FUNCTION_TIMEOUT_SECONDS } from "@ecs-guardrails/core/config/checks";
import { asyncRetriesOnly, FUNCTION_DEFAULTS, functionPackage, type IngestDependencies } from "./functions.ts";
import {
  codePipelineJobResults,
  ecsDescribeTaskDefinitions,
  ecsReadServices,
  historyTableAccess,
  publishNotifications,
} from "./permissions.ts";

/**
 * The CodePipeline deploy stage's function (gate and verify Lambda invoke actions). CodePipeline
 * invokes it asynchronously with the pipeline's own service role (`lambda:InvokeFunction` on this
 * function, in the pipeline's role: docs/capabilities/deploy-stage.md), so it needs no resource
 * policy. It never changes ECS: it reads the service and answers the job.
 */
export function createPipelineFunction(deps: IngestDependencies): sst.aws.Function {
  return new sst.aws.Function("Pipeline", {
    ...FUNCTION_DEFAULTS,
    handler: "functions/pipeline.handler",
    timeout: `${FUNCTION_TIMEOUT_SECONDS.pipeline} seconds`,
    ...functionPackage(deps),
    permissions: [
      historyTableAccess(deps.table),
      publishNotifications(deps.topic),
      ecsReadServices(deps.scope),
      ecsDescribeTaskDefinitions(),
      codePipelineJobResults(),
    ],
    // A failed attempt is retried (its claimed answer replayed), and then dropped: no dead-letter
    // queue. Lambda's failure record carries the whole job event with its live artifact
    // credentials (requestPayload), kept 14 days. A job left unanswered is failed by
    // CodePipeline's own timeout; each attempt's error is in the logs, without the credentials.
    ...asyncRetriesOnly(),
  });
}

import { Logger } from "@aws-lambda-powertools/logger";
import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import middy from "@middy/core";
import { runPipelineJob, type PipelineJobDeps } from "@ecs-guardrails/core/capabilities/deploy-stage/run-job";
import { pipelineDeps } from "./lib/pipeline-deps.ts";

// CodePipeline's Lambda invoke action (gate before the deploy action, verify after it). The raw
// event is never logged — it carries live artifact credentials — so the logger's event logging
// is switched off (`logEvent: false`) and only the parsed job's id and answer are.
// An error escaping runPipelineJob is one sending the answer: Lambda retries the invocation and
// the retry replays the claimed answer.

const logger = new Logger({ serviceName: "ecs-guardrails" });

export function makePipelineHandler(deps: PipelineJobDeps) {
  return (raw: unknown) => runPipelineJob(raw, deps);
}

// `logEvent: false` wins over POWERTOOLS_LOGGER_LOG_EVENT: no setting can make the raw event reach the logs.
export const handler = middy(makePipelineHandler(pipelineDeps(process.env, {}, logger))).use(injectLambdaContext(logger, { logEvent: false }));

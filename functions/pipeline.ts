import { Logger } from "@aws-lambda-powertools/logger";
import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import middy from "@middy/core";
import { makePipelineHandler } from "./handlers/pipeline.ts";
import { defaultClients } from "./lib/base.ts";
import { pipelineDeps } from "./lib/pipeline-deps.ts";

// The deploy-stage function's entry. The handler is in handlers/pipeline.ts, which the local runtime
// runs too; its dependencies are built here, at cold start, from the function's environment.

const logger = new Logger({ serviceName: "ecs-guardrails" });

// `logEvent: false` wins over POWERTOOLS_LOGGER_LOG_EVENT: no setting can make the raw event reach the logs.
export const handler = middy(makePipelineHandler(pipelineDeps(process.env, {}, defaultClients, logger))).use(
  injectLambdaContext(logger, { logEvent: false }),
);

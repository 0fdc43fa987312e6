import { withLambdaContext } from "./lib/log.ts";
import { MetricLog } from "./lib/metric-log.ts";
import { makePipelineHandler } from "./handlers/pipeline.ts";
import { defaultClients } from "./lib/base.ts";
import { pipelineDeps } from "./lib/pipeline-deps.ts";

// The deploy-stage function's entry. The handler is in handlers/pipeline.ts, which the local runtime
// runs too; its dependencies are built here, at cold start, from the function's environment.

const logger = new MetricLog({ serviceName: "ecs-guardrails" });

// The log never writes the raw event (lib/log.ts), whatever the environment says: it carries live credentials.
export const handler = withLambdaContext(
  logger,
  makePipelineHandler(pipelineDeps(process.env, {}, defaultClients, logger), (metric) => logger.count(metric)),
);

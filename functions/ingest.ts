import { Logger } from "@aws-lambda-powertools/logger";
import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import middy from "@middy/core";
import { makeIngest } from "./handlers/ingest.ts";
import { processDeps } from "./lib/deps.ts";

// The ingest function's entry. The handler is in handlers/ingest.ts, which the local runtime
// runs too; its dependencies are built here, at cold start, from the function's environment.

const logger = new Logger({ serviceName: "ecs-guardrails" });

export const handler = middy(makeIngest(processDeps(), logger)).use(injectLambdaContext(logger));

import { JsonLog, withLambdaContext } from "./lib/log.ts";
import { makeIngest } from "./handlers/ingest.ts";
import { processDeps } from "./lib/deps.ts";

// The ingest function's entry. The handler is in handlers/ingest.ts, which the local runtime
// runs too; its dependencies are built here, at cold start, from the function's environment.

const logger = new JsonLog({ serviceName: "ecs-guardrails" });

export const handler = withLambdaContext(logger, makeIngest(processDeps(), logger));

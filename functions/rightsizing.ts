import { JsonLog, withLambdaContext } from "./lib/log.ts";
import { makeRightSizing } from "./handlers/rightsizing.ts";
import { rightSizingDeps } from "./lib/rightsizing-deps.ts";

// The right-sizing function's entry. The handler is in handlers/rightsizing.ts, which the local runtime
// runs too; its dependencies are built here, at cold start, from the function's environment.

const logger = new JsonLog({ serviceName: "ecs-guardrails" });

export const handler = withLambdaContext(logger, makeRightSizing(rightSizingDeps(), logger));

import { Logger } from "@aws-lambda-powertools/logger";
import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import middy from "@middy/core";
import { makeRightSizing } from "./handlers/rightsizing.ts";
import { rightSizingDeps } from "./lib/rightsizing-deps.ts";

// The right-sizing function's entry. The handler is in handlers/rightsizing.ts, which the local runtime
// runs too; its dependencies are built here, at cold start, from the function's environment.

const logger = new Logger({ serviceName: "ecs-guardrails" });

export const handler = middy(makeRightSizing(rightSizingDeps(), logger)).use(injectLambdaContext(logger));

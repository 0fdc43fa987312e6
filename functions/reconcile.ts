import { Logger } from "@aws-lambda-powertools/logger";
import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import middy from "@middy/core";
import { makeReconcile } from "./handlers/reconcile.ts";
import { reconcileDeps } from "./lib/reconcile-deps.ts";

// The reconcile function's entry. The handler is in handlers/reconcile.ts, which the local runtime
// runs too; its dependencies are built here, at cold start, from the function's environment.

const logger = new Logger({ serviceName: "ecs-guardrails" });

export const handler = middy(makeReconcile(reconcileDeps(), logger)).use(injectLambdaContext(logger));

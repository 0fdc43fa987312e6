import { JsonLog, withLambdaContext } from "./lib/log.ts";
import { makeReconcile } from "./handlers/reconcile.ts";
import { reconcileDeps } from "./lib/reconcile-deps.ts";

// The reconcile function's entry. The handler is in handlers/reconcile.ts, which the local runtime
// runs too; its dependencies are built here, at cold start, from the function's environment.

const logger = new JsonLog({ serviceName: "ecs-guardrails" });

export const handler = withLambdaContext(logger, makeReconcile(reconcileDeps(), logger));

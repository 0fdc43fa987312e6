import { JsonLog, withLambdaContext } from "./lib/log.ts";
import { type InvokeContext, makeChatCommand } from "./handlers/chat-command.ts";
import { engineDeps } from "./lib/deps.ts";

// The chat command function's entry. The handler is in handlers/chat-command.ts, which the
// local runtime (`guardrails act`) runs too; its dependencies are built here, at cold start.

const logger = new JsonLog({ serviceName: "ecs-guardrails" });
const handle = makeChatCommand(engineDeps(), logger);

// The handler reads the alias it was invoked through: Lambda's context is passed on as well.
let context: InvokeContext = { invokedFunctionArn: "", awsRequestId: "" };
const logged = withLambdaContext(logger, (event: unknown) => handle(event, context));

export const handler = (event: unknown, lambdaContext: Parameters<typeof logged>[1]) => {
  context = { invokedFunctionArn: lambdaContext.invokedFunctionArn, awsRequestId: lambdaContext.awsRequestId };
  return logged(event, lambdaContext);
};

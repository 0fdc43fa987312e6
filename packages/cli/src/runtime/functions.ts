import type { GuardrailsConfig } from "@ecs-guardrails/core/config/schema";
import type { HookDeps } from "@ecs-guardrails/core/capabilities/deployment-hook/ports";
import { makeChatCommand } from "@ecs-guardrails/functions/handlers/chat-command";
import { makeIngest } from "@ecs-guardrails/functions/handlers/ingest";
import { makePipelineHandler } from "@ecs-guardrails/functions/handlers/pipeline";
import { makeReconcile } from "@ecs-guardrails/functions/handlers/reconcile";
import { makeRightSizing } from "@ecs-guardrails/functions/handlers/rightsizing";
import type { Clients } from "@ecs-guardrails/functions/lib/base";
import { writeConfigFile } from "@ecs-guardrails/functions/lib/config";
import { engineDeps, processDeps } from "@ecs-guardrails/functions/lib/deps";
import { hookDeps } from "@ecs-guardrails/functions/lib/hook-deps";
import { pipelineDeps } from "@ecs-guardrails/functions/lib/pipeline-deps";
import { reconcileDeps } from "@ecs-guardrails/functions/lib/reconcile-deps";
import { rightSizingDeps } from "@ecs-guardrails/functions/lib/rightsizing-deps";
import { LOCAL_CREDENTIALS, LOCAL_REGION } from "@ecs-guardrails/sim/dynamodb/embedded";

// The one place the CLI reaches into functions/: the local runtime runs the deployed handlers
// and builds their dependencies with the same builders. What a deployed function reads from its
// environment and the SDK from Lambda's is handed to the builders as parameters instead, so the
// runtime never writes process.env (which other stacks and the process's own clients share).

export const LOCAL_TOPIC_ARN = topicArn({ account: "111122223333", region: LOCAL_REGION });
/** The topic of a hub in `home`: the functions take their home account and Region from it (functions/lib/members.ts). */
function topicArn(home: { account: string; region: string }): string {
  return `arn:aws:sns:${home.region}:${home.account}:ecs-guardrails-notifications`;
}
/** The functions' SDK clients carry it in their User-Agent, so their publishes are told from others'. */
export const FUNCTIONS_APP_ID = "ecs-guardrails-local";

/** A deployed function's variables (its table, topic and configuration file), and its clients' endpoints. */
export type FunctionSetup = { env: NodeJS.ProcessEnv; clients: Clients };

export function functionSetup(options: {
  dynamoEndpoint: string;
  awsEndpoint: string;
  config: GuardrailsConfig;
  tableName: string;
  /** The account and Region the functions run in (a replayed stream's hub); the local defaults otherwise. */
  home?: { account: string; region: string };
}): FunctionSetup {
  const { dynamoEndpoint, awsEndpoint } = options;
  return {
    // The configuration is read at cold start from a file, as the deployed functions read the one in their package.
    env: {
      TABLE_NAME: options.tableName,
      TOPIC_ARN: options.home ? topicArn(options.home) : LOCAL_TOPIC_ARN,
      GUARDRAILS_CONFIG_FILE: writeConfigFile(options.config),
    },
    clients: (service) => ({
      region: LOCAL_REGION,
      credentials: LOCAL_CREDENTIALS,
      endpoint: service === "dynamodb" ? dynamoEndpoint : awsEndpoint,
      userAgentAppId: FUNCTIONS_APP_ID,
    }),
  };
}

const quiet = { info: () => undefined, error: () => undefined };

/** The functions' own handlers over their own dependencies, with the simulated clock. */
export function loadFunctions(setup: FunctionSetup, now: () => Date) {
  const { env, clients } = setup;
  const deps = processDeps(env, { clock: { now } }, clients);
  return {
    handler: makeIngest(deps, quiet),
    reconciler: makeReconcile(reconcileDeps(env, { clock: { now } }, clients), quiet),
    rightSizer: makeRightSizing(rightSizingDeps(env, { clock: { now } }, clients), quiet),
    // The pipeline function shares the ingest's notifier, so its notices reach the same console.
    pipeline: makePipelineHandler(pipelineDeps(env, { clock: { now }, notifier: deps.notifier, log: quiet }, clients)),
  };
}

/** The engine's dependencies as the functions build them (replay runs the engine itself), a hub's member wiring included. */
export function functionEngineDeps(setup: FunctionSetup, now: () => Date) {
  return reconcileDeps(setup.env, { clock: { now } }, setup.clients);
}
export type FunctionEngineDeps = ReturnType<typeof functionEngineDeps>;

/** The deployment hook's dependencies as the function builds them. */
export function functionHookDeps(setup: FunctionSetup, now: () => Date): HookDeps {
  return hookDeps(setup.env, { clock: { now } }, setup.clients);
}

/** The chat command function's handler over its own dependencies (`guardrails act`). */
export function chatCommandHandler(setup: FunctionSetup) {
  return makeChatCommand(engineDeps(setup.env, {}, setup.clients), quiet);
}

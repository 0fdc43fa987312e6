import { CodePipelineClient } from "@aws-sdk/client-codepipeline";
import { CodePipelineJobResults } from "@ecs-guardrails/aws/codepipeline/job-results";
import { DynamoPipelineStore } from "@ecs-guardrails/aws/codepipeline/pipeline-store";
import { EcsServiceActions } from "@ecs-guardrails/aws/ecs/service-gateway";
import { DynamoHistoryStore } from "@ecs-guardrails/aws/history/dynamo-history-store";
import { DynamoEventStore } from "@ecs-guardrails/aws/history/event-store";
import { base, defaultClients, type Clients } from "./base.ts";
import { homeOf, memberWiring } from "./members.ts";
import { JsonLog, type Log } from "./log.ts";
import type { PipelineJobDeps } from "@ecs-guardrails/core/capabilities/deploy-stage/run-job";

// The deploy-stage function's dependencies: the base (base.ts) and CodePipeline. It reads the
// history and ECS (home's, or a member's as its role) and answers CodePipeline; it never
// changes a service, so it holds no executor.

export function pipelineDeps(
  env: NodeJS.ProcessEnv = process.env,
  overrides: Partial<PipelineJobDeps> = {},
  clients: Clients = defaultClients,
  logger: Log = new JsonLog({ serviceName: "ecs-guardrails" }),
): PipelineJobDeps {
  const b = base(env, clients);
  const { config, dynamo, tableName, retention, ecs, notifier, clock } = b;
  // A job naming a member's service ARN (a pipeline deploying to another account) reads that
  // member's ECS as its role; home is known without members too, so a stranger's ARN is refused.
  const { home, forPlace } = memberWiring(b, env, (_, memberEcs) => ({ ecs: new EcsServiceActions(memberEcs) }));
  const { account, region } = homeOf(env);
  // The deploy stage reads a deployment's failures: the whole store's reads.
  const history = new DynamoHistoryStore({ client: dynamo, tableName, retention });
  return {
    config,
    results: new CodePipelineJobResults(new CodePipelineClient(clients("codepipeline"))),
    store: new DynamoPipelineStore({ client: dynamo, tableName, retention }),
    history: new DynamoEventStore({ client: dynamo, tableName, reads: history, retention }),
    failures: history,
    ecs: new EcsServiceActions(ecs),
    home: home ?? { account, region },
    ...(forPlace ? { forPlace } : {}),
    notifier,
    clock,
    log: {
      info: (message, extra) => logger.info(message, extra ?? {}),
      error: (message, extra) => logger.error(message, extra ?? {}),
    },
    ...overrides,
  };
}

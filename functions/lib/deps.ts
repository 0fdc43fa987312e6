import { EcsDeploymentResolver } from "@ecs-guardrails/aws/ecs/deployment-resolver";
import { EcsServiceGateway } from "@ecs-guardrails/aws/ecs/service-gateway";
import { DynamoDecisionStore } from "@ecs-guardrails/aws/history/decision-store";
import { DynamoPipelineStore } from "@ecs-guardrails/aws/codepipeline/pipeline-store";
import { withProvenance } from "@ecs-guardrails/core/pipeline/provenance-notifier";
import type { ProcessDeps } from "@ecs-guardrails/core/usecases/process-event";
import { base, defaultClients, type Clients } from "./base.ts";

// The ingest's dependencies: the base (base.ts) and the engine's ports over it.

/** `overrides` lets the local runtime inject its simulated clock or a recording notifier; `clients` its endpoints. */
export function processDeps(env: NodeJS.ProcessEnv = process.env, overrides: Partial<ProcessDeps> = {}, clients: Clients = defaultClients): ProcessDeps {
  const b = base(env, clients);
  const { config, dynamo, tableName, retention, history } = b;
  const pipelines = new DynamoPipelineStore({ client: dynamo, tableName, retention });
  return {
    config,
    history,
    deployments: new EcsDeploymentResolver(b.ecs),
    store: new DynamoDecisionStore({ client: dynamo, tableName, reads: history, retention }),
    ecs: new EcsServiceGateway(b.ecs),
    // Notices about a deployment a pipeline released name the pipeline and the commit.
    notifier: withProvenance(b.notifier, pipelines),
    pipelines,
    clock: b.clock,
    ...overrides,
  };
}

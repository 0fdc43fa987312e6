import { EcsDeploymentResolver } from "@ecs-guardrails/aws/ecs/deployment-resolver";
import { EcsServiceGateway } from "@ecs-guardrails/aws/ecs/service-gateway";
import { DynamoDecisionStore } from "@ecs-guardrails/aws/history/decision-store";
import { DynamoPipelineStore } from "@ecs-guardrails/aws/codepipeline/pipeline-store";
import { base, defaultClients, type Clients } from "./base.ts";
import { withProvenance } from "@ecs-guardrails/core/history/provenance-notifier";
import type { Severity } from "@ecs-guardrails/core/notifications/notice";
import { systemClock } from "@ecs-guardrails/core/engine/ports";
import type { ProcessDeps } from "@ecs-guardrails/core/engine/process-event";

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

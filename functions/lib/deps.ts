import { EcsDeploymentHistoryReader } from "@ecs-guardrails/aws/ecs/deployment-history";
import { EcsDeploymentResolver } from "@ecs-guardrails/aws/ecs/deployment-resolver";
import { EcsServiceGateway } from "@ecs-guardrails/aws/ecs/service-gateway";
import { DynamoDecisionStore } from "@ecs-guardrails/aws/history/decision-store";
import { DynamoPipelineStore } from "@ecs-guardrails/aws/codepipeline/pipeline-store";
import { DynamoProvenanceReader } from "@ecs-guardrails/aws/codepipeline/provenance-reader";
import { base, defaultClients, type Base, type Clients } from "./base.ts";
import { withProvenance } from "@ecs-guardrails/core/history/provenance-notifier";
import type { ProcessDeps } from "@ecs-guardrails/core/engine/process-event";

// The ingest's dependencies: the base (base.ts) and the engine's ports over it.

/** `overrides` lets the local runtime inject its simulated clock or a recording notifier; `clients` its endpoints. */
export function processDeps(
  env: NodeJS.ProcessEnv = process.env,
  overrides: Partial<ProcessDeps> = {},
  clients: Clients = defaultClients,
): ProcessDeps {
  const b = base(env, clients);
  // The ingest records CodePipeline's execution events: the pipeline store's writes.
  const pipelines = new DynamoPipelineStore({ client: b.dynamo, tableName: b.tableName, retention: b.retention });
  return { ...portsOver(b), pipelines, ...overrides };
}

/** The engine's ports without the pipeline store's writes: what the reconcile needs (it records no pipeline event). */
export function engineDeps(
  env: NodeJS.ProcessEnv = process.env,
  overrides: Partial<ProcessDeps> = {},
  clients: Clients = defaultClients,
): ProcessDeps {
  return { ...portsOver(base(env, clients)), ...overrides };
}

function portsOver(b: Base): ProcessDeps {
  const { config, dynamo, tableName, retention, history } = b;
  const store = new DynamoDecisionStore({ client: dynamo, tableName, reads: history, retention });
  return {
    config,
    history,
    deployments: new EcsDeploymentResolver(b.ecs),
    store,
    // ECS's deployment history, imported at the first sight of each service (core engine/first-sight.ts).
    imports: { ecsHistory: new EcsDeploymentHistoryReader(b.ecs), ledger: store, history },
    ecs: new EcsServiceGateway(b.ecs),
    // Notices about a deployment a pipeline released name the pipeline and the commit: two reads.
    notifier: withProvenance(b.notifier, new DynamoProvenanceReader(dynamo, tableName)),
    clock: b.clock,
  };
}

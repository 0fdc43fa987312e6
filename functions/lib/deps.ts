import { EcsDeploymentHistoryReader } from "@ecs-guardrails/aws/ecs/deployment-history";
import { EcsDeploymentResolver } from "@ecs-guardrails/aws/ecs/deployment-resolver";
import { EcsServiceActions, EcsServiceGateway } from "@ecs-guardrails/aws/ecs/service-gateway";
import { EcsServiceDeployments } from "@ecs-guardrails/aws/ecs/service-deployments";
import { DynamoDecisionStore } from "@ecs-guardrails/aws/history/decision-store";
import { DynamoEventStore } from "@ecs-guardrails/aws/history/event-store";
import { DynamoExecutionEvents } from "@ecs-guardrails/aws/codepipeline/execution-events";
import { DynamoProvenanceReader } from "@ecs-guardrails/aws/codepipeline/provenance-reader";
import { base, defaultClients, type Base, type Clients } from "./base.ts";
import { withProvenance } from "@ecs-guardrails/core/history/provenance-notifier";
import type { EventDeps, ProcessDeps } from "@ecs-guardrails/core/engine/process-event";
import type { ReconcileDeps } from "@ecs-guardrails/core/engine/reconcile";

// The ingest's dependencies: the base (base.ts) and the engine's ports over it.

/** `overrides` lets the local runtime inject its simulated clock or a recording notifier; `clients` its endpoints. */
export function processDeps(
  env: NodeJS.ProcessEnv = process.env,
  overrides: Partial<EventDeps> = {},
  clients: Clients = defaultClients,
): EventDeps {
  const b = base(env, clients);
  // The ingest records CodePipeline's execution events: of the pipeline store's writes, those alone.
  const pipelines = new DynamoExecutionEvents({ client: b.dynamo, tableName: b.tableName, retention: b.retention });
  // The events' side of the decision store: the reconcile's lists stay out of the ingest's bundle.
  const store = new DynamoEventStore({
    client: b.dynamo,
    tableName: b.tableName,
    reads: b.history,
    retention: b.retention,
  });
  // Hook state changes and unknown event kinds are kept through the ledger's once-per-event write.
  // Never lists services (the reconcile does): its ECS adapter leaves the listing out.
  const ecs = new EcsServiceActions(b.ecs);
  return { ...portsOver(b, ecs), store, timeline: store, imports: importsOver(b, store), pipelines, ...overrides };
}

/** What the reconcile runs the engine with: the whole decision store and ECS's listing of services. */
export type TickDeps = ProcessDeps & Pick<ReconcileDeps, "ecs">;

/** The engine's ports without the pipeline store's writes: what the reconcile needs (it records no pipeline event). */
export function engineDeps(
  env: NodeJS.ProcessEnv = process.env,
  overrides: Partial<TickDeps> = {},
  clients: Clients = defaultClients,
): TickDeps {
  const b = base(env, clients);
  const store = new DynamoDecisionStore({
    client: b.dynamo,
    tableName: b.tableName,
    reads: b.history,
    retention: b.retention,
  });
  const ecs = new EcsServiceGateway(b.ecs);
  return { ...portsOver(b, ecs), store, timeline: store, imports: importsOver(b, store), ...overrides };
}

/** ECS's deployment history, imported at the first sight of each service (core engine/first-sight.ts), claimed on the store's ledger. */
function importsOver(b: Base, ledger: DynamoEventStore): EventDeps["imports"] {
  return { ecsHistory: new EcsDeploymentHistoryReader(b.ecs), ledger, history: b.history };
}

/** Every port but the decision store (and the timeline and imports it keeps), which each function takes with the side it uses. */
function portsOver<E extends EventDeps["ecs"]>(
  b: Base,
  ecs: E,
): Omit<EventDeps, "store" | "timeline" | "imports" | "ecs"> & { ecs: E } {
  const { config, dynamo, tableName, history } = b;
  return {
    config,
    history,
    deployments: new EcsDeploymentResolver(b.ecs),
    ecs,
    // A rollback reads ECS's service deployments and stops one in progress (auto-rollback); a
    // paused deployment's hook is re-read and answered (pause-hook): the ingest and the reconcile.
    serviceDeployments: new EcsServiceDeployments(b.ecs),
    // Notices about a deployment a pipeline released name the pipeline and the commit: two reads.
    notifier: withProvenance(b.notifier, new DynamoProvenanceReader(dynamo, tableName)),
    clock: b.clock,
  };
}

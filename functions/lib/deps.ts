import type { ECSClient } from "@aws-sdk/client-ecs";
import { EcsDeploymentHistoryReader } from "@ecs-guardrails/aws/ecs/deployment-history";
import { EcsDeploymentResolver } from "@ecs-guardrails/aws/ecs/deployment-resolver";
import { EcsServiceGateway } from "@ecs-guardrails/aws/ecs/service-gateway";
import { EcsServiceDeployments } from "@ecs-guardrails/aws/ecs/service-deployments";
import { DynamoDecisionStore } from "@ecs-guardrails/aws/history/decision-store";
import { DynamoEventStore } from "@ecs-guardrails/aws/history/event-store";
import { dynamoEventArchive } from "@ecs-guardrails/aws/history/event-archive";
import { DynamoExecutionEvents } from "@ecs-guardrails/aws/codepipeline/execution-events";
import { DynamoProvenanceReader } from "@ecs-guardrails/aws/codepipeline/provenance-reader";
import { type MemberExtras, memberWiring } from "./members.ts";
import { base, defaultClients, type Base, type Clients } from "./base.ts";
import { withProvenance } from "@ecs-guardrails/core/history/provenance-notifier";
import type { Ledger } from "@ecs-guardrails/core/engine/ledger";
import type { EventDeps, ProcessDeps } from "@ecs-guardrails/core/engine/process-event";

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
  // Every envelope is kept as delivered, so `guardrails export` can replay what live decided on.
  const archive = dynamoEventArchive(b.dynamo, b.tableName, b.retention.timelineDays);
  // Hook state changes and unknown event kinds are kept through the ledger's once-per-event write.
  return {
    ...portsOver(b),
    ...memberWiring(b, env, (_, ecs) => ({ imports: importsOver(ecs, b, store) })),
    store,
    timeline: store,
    imports: importsOver(b.ecs, b, store),
    pipelines,
    archive,
    ...overrides,
  };
}

/** The engine's ports without the pipeline store's writes: what the reconcile needs (it records no pipeline event). */
export function engineDeps(
  env: NodeJS.ProcessEnv = process.env,
  overrides: Partial<ProcessDeps> = {},
  clients: Clients = defaultClients,
  extras?: MemberExtras,
): ProcessDeps & { ledger: Pick<Ledger, "claimOnce"> } {
  const b = base(env, clients);
  const store = new DynamoDecisionStore({
    client: b.dynamo,
    tableName: b.tableName,
    reads: b.history,
    retention: b.retention,
  });
  return {
    ...portsOver(b),
    // A member's first sight imports its history from its own ECS, claimed on the hub's ledger.
    ...memberWiring(b, env, (settings, ecs) => ({ imports: importsOver(ecs, b, store), ...extras?.(settings, ecs) })),
    store,
    // The reconcile's fan-out claims its once-a-day notice of an unreachable member here.
    ledger: store,
    timeline: store,
    imports: importsOver(b.ecs, b, store),
    ...overrides,
  };
}

/** ECS's deployment history, imported at the first sight of each service (core engine/first-sight.ts), claimed on the store's ledger. */
function importsOver(ecs: ECSClient, b: Base, ledger: DynamoEventStore): EventDeps["imports"] {
  return { ecsHistory: new EcsDeploymentHistoryReader(ecs), ledger, history: b.history };
}

/** Every port but the decision store (and the timeline and imports it keeps), which each function takes with the side it uses. */
function portsOver(b: Base): Omit<EventDeps, "store" | "timeline" | "imports"> {
  const { config, dynamo, tableName, history } = b;
  return {
    config,
    history,
    deployments: new EcsDeploymentResolver(b.ecs),
    ecs: new EcsServiceGateway(b.ecs),
    // A rollback reads ECS's service deployments and stops one in progress (auto-rollback); a
    // paused deployment's hook is re-read and answered (pause-hook): the ingest and the reconcile.
    serviceDeployments: new EcsServiceDeployments(b.ecs),
    // Notices about a deployment a pipeline released name the pipeline and the commit: two reads.
    notifier: withProvenance(b.notifier, new DynamoProvenanceReader(dynamo, tableName)),
    clock: b.clock,
  };
}

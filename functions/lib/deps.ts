import type { ECSClient } from "@aws-sdk/client-ecs";
import { EcsDeploymentHistoryReader } from "@ecs-guardrails/aws/ecs/deployment-history";
import { EcsDeploymentResolver } from "@ecs-guardrails/aws/ecs/deployment-resolver";
import { EcsServiceActions, EcsServiceGateway } from "@ecs-guardrails/aws/ecs/service-gateway";
import { EcsServiceDeployments } from "@ecs-guardrails/aws/ecs/service-deployments";
import { DynamoDecisionStore } from "@ecs-guardrails/aws/history/decision-store";
import { DynamoEventStore } from "@ecs-guardrails/aws/history/event-store";
import { dynamoEventArchive, dynamoTickArchive } from "@ecs-guardrails/aws/history/event-archive";
import { DynamoHistoryWrites } from "@ecs-guardrails/aws/history/history-writes";
import { DynamoStateWrites } from "@ecs-guardrails/aws/history/state-writes";
import { DynamoExecutionEvents } from "@ecs-guardrails/aws/codepipeline/execution-events";
import { DynamoProvenanceReader } from "@ecs-guardrails/aws/codepipeline/provenance-reader";
import { type MemberPortsOf, type MemberWiring, memberWiring } from "./members.ts";
import { base, defaultClients, type Base, type Clients } from "./base.ts";
import { ouWiring } from "./organizations.ts";
import { withProvenance } from "@ecs-guardrails/core/history/provenance-notifier";
import type { EventDeps, MemberEnginePorts, MemberPorts } from "@ecs-guardrails/core/engine/process-event";
import type { ServiceGateway, ServiceLister } from "@ecs-guardrails/core/engine/ports";
import type { ImportPorts } from "@ecs-guardrails/core/engine/import-history";
import type { EngineDeps } from "@ecs-guardrails/core/engine/run";
import type { ReconcileDeps } from "@ecs-guardrails/core/engine/reconcile";
import type { Ledger } from "@ecs-guardrails/core/engine/ledger";
import type { OuScopes } from "@ecs-guardrails/core/organization/ou-paths";
import type { TickArchive } from "@ecs-guardrails/core/history/event-archive";

// The ingest's and the reconcile's dependencies: the base (base.ts) and the engine's ports over
// it. Each builds the side of the history and of ECS it uses: the reconcile records no event
// and the ingest never lists services, so neither bundle holds the other's adapter code.

/** `overrides` lets the local runtime inject its simulated clock or a recording notifier; `clients` its endpoints. */
export function processDeps(
  env: NodeJS.ProcessEnv = process.env,
  overrides: Partial<EventDeps> = {},
  clients: Clients = defaultClients,
): EventDeps {
  const b = base(env, clients);
  const history = new DynamoHistoryWrites({ client: b.dynamo, tableName: b.tableName, retention: b.retention });
  // The ingest records CodePipeline's execution events: of the pipeline store's writes, those alone.
  const pipelines = new DynamoExecutionEvents({ client: b.dynamo, tableName: b.tableName, retention: b.retention });
  // The events' side of the decision store: the reconcile's lists stay out of the ingest's bundle.
  const store = new DynamoEventStore({
    client: b.dynamo,
    tableName: b.tableName,
    reads: history,
    retention: b.retention,
  });
  // Every envelope is kept as delivered, so `guardrails export` can replay what live decided on.
  const archive = dynamoEventArchive(b.dynamo, b.tableName, b.retention.timelineDays);
  return {
    ...enginePorts(b, new EcsServiceActions(b.ecs)),
    // A member's event is decided with its own ECS, as the member's role (functions/lib/members.ts).
    ...memberWiring<MemberPorts>(b, env, (_, ecs) => ({
      ecs: new EcsServiceActions(ecs),
      deployments: new EcsDeploymentResolver(ecs),
      serviceDeployments: new EcsServiceDeployments(ecs),
      imports: importsOver(ecs, store, history),
    })),
    history,
    // Deployment events do not carry the task definition: ECS's DescribeServices does.
    deployments: new EcsDeploymentResolver(b.ecs),
    store,
    // Hook state changes and unknown event kinds are kept through the ledger's once-per-event write.
    timeline: store,
    imports: importsOver(b.ecs, store, history),
    pipelines,
    archive,
    // Rules scoped to OUs: each event's account settled through Organizations (organizations.ts).
    ...ouWiring(b, env, { ledger: store, clock: overrides.clock, notifier: overrides.notifier }),
    ...overrides,
  };
}

/** A member's ports for the reconcile's pass over its account and Region: it lists services. */
export type ReconcileMemberPorts = MemberEnginePorts<ServiceGateway & ServiceLister>;

/** The engine's ports with the whole decision store and ECS's listing of services: what the reconcile runs with. */
export function engineDeps(
  env: NodeJS.ProcessEnv = process.env,
  overrides: Partial<ReconcileDeps> = {},
  clients: Clients = defaultClients,
  extras?: MemberPortsOf<Partial<ReconcileMemberPorts>>,
): ReconcileDeps &
  MemberWiring<ReconcileMemberPorts> & { ledger: Pick<Ledger, "claimOnce">; ouScopes?: OuScopes; ticks: TickArchive } {
  const b = base(env, clients);
  // Of the history's writes, the reconcile makes the observed deployments' and the import's.
  const history = new DynamoStateWrites({ client: b.dynamo, tableName: b.tableName, retention: b.retention });
  const store = new DynamoDecisionStore({
    client: b.dynamo,
    tableName: b.tableName,
    reads: history,
    retention: b.retention,
  });
  return {
    ...enginePorts(b, new EcsServiceGateway(b.ecs)),
    // A member's first sight imports its history from its own ECS, claimed on the hub's ledger.
    ...memberWiring<ReconcileMemberPorts>(b, env, (settings, ecs, settingsOf) => ({
      ecs: new EcsServiceGateway(ecs),
      serviceDeployments: new EcsServiceDeployments(ecs),
      imports: importsOver(ecs, store, history),
      ...extras?.(settings, ecs, settingsOf),
    })),
    history,
    store,
    // The reconcile's fan-out claims its once-a-day notice of an unreachable member here.
    ledger: store,
    // The reconcile keeps each run's time beside the envelopes (replay ticks when live ticked).
    ticks: dynamoTickArchive(b.dynamo, b.tableName, b.retention.timelineDays),
    imports: importsOver(b.ecs, store, history),
    ...ouWiring(b, env, { ledger: store, clock: overrides.clock, notifier: overrides.notifier }),
    ...overrides,
  };
}

/** ECS's deployment history, imported at the first sight of each service (core engine/first-sight.ts), claimed on the store's ledger. */
function importsOver(ecs: ECSClient, ledger: DynamoEventStore, history: DynamoStateWrites): ImportPorts {
  return { ecsHistory: new EcsDeploymentHistoryReader(ecs), ledger, history };
}

/** The engine's ports but the history, the decision store and the imports, which each function takes with the side it uses. */
function enginePorts<E extends EngineDeps["ecs"]>(
  b: Base,
  ecs: E,
): Omit<EngineDeps, "store" | "history" | "imports" | "ecs"> & { ecs: E } {
  return {
    config: b.config,
    ecs,
    // A rollback reads ECS's service deployments and stops one in progress (auto-rollback); a
    // paused deployment's hook is re-read and answered (pause-hook): the ingest and the reconcile.
    serviceDeployments: new EcsServiceDeployments(b.ecs),
    // Notices about a deployment a pipeline released name the pipeline and the commit: two reads.
    notifier: withProvenance(b.notifier, new DynamoProvenanceReader(b.dynamo, b.tableName)),
    clock: b.clock,
  };
}

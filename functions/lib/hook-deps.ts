import { EcsDeploymentHistoryReader } from "@ecs-guardrails/aws/ecs/deployment-history";
import { EcsServiceActions } from "@ecs-guardrails/aws/ecs/service-gateway";
import { DynamoEventStore } from "@ecs-guardrails/aws/history/event-store";
import { HistoryReads } from "@ecs-guardrails/aws/history/history-reads";
import { base, defaultClients, type Clients } from "./base.ts";
import { hookAnswerLog } from "@ecs-guardrails/core/capabilities/deployment-hook/answer-log";
import type { HookDeps } from "@ecs-guardrails/core/capabilities/deployment-hook/ports";

// The hook's dependencies: the base (base.ts) and the log of its answers, kept in the ledger.

/** `overrides` lets the local runtime and replay inject their clock or a recording notifier; `clients` their endpoints. */
export function hookDeps(
  env: NodeJS.ProcessEnv = process.env,
  overrides: Partial<HookDeps> = {},
  clients: Clients = defaultClients,
): HookDeps {
  const { config, dynamo, tableName, retention, ecs, notifier, clock } = base(env, clients);
  // The hook reads the history and writes its decisions: none of the events' history writes.
  const store = new DynamoEventStore({
    client: dynamo,
    tableName,
    reads: new HistoryReads(dynamo, tableName),
    retention,
  });
  return {
    config,
    store,
    ecs: new EcsServiceActions(ecs),
    // Which ecs-svc deployment an invocation's service deployment and revision are (capabilities/deployment-hook/identity.ts).
    revisions: new EcsDeploymentHistoryReader(ecs),
    answers: hookAnswerLog(store),
    notifier,
    clock,
    ...overrides,
  };
}

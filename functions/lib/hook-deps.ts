import { EcsDeploymentHistoryReader } from "@ecs-guardrails/aws/ecs/deployment-history";
import { EcsServiceActions } from "@ecs-guardrails/aws/ecs/service-gateway";
import { DynamoEventStore } from "@ecs-guardrails/aws/history/event-store";
import { HistoryReads } from "@ecs-guardrails/aws/history/history-reads";
import { base, defaultClients, type Clients } from "./base.ts";
import { hookAnswerLog } from "@ecs-guardrails/core/capabilities/deployment-hook/answer-log";
import type { HookDeps, HookEcs } from "@ecs-guardrails/core/capabilities/deployment-hook/ports";
import { memberWiring } from "./members.ts";

// The hook's dependencies: the base (base.ts), the log of its answers, kept in the ledger, and
// behind a hub the member's ECS for an invocation whose service ARN names a member.

/** `overrides` lets the local runtime and replay inject their clock or a recording notifier; `clients` their endpoints. */
export function hookDeps(
  env: NodeJS.ProcessEnv = process.env,
  overrides: Partial<HookDeps> = {},
  clients: Clients = defaultClients,
): HookDeps {
  const b = base(env, clients);
  const { config, dynamo, tableName, retention, ecs, notifier, clock } = b;
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
    // An invocation for a member's service (its ARN names the member) reads the member's ECS as its role.
    ...memberWiring<HookEcs>(b, env, (_, memberEcs) => ({
      ecs: new EcsServiceActions(memberEcs),
      revisions: new EcsDeploymentHistoryReader(memberEcs),
    })),
    notifier,
    clock,
    ...overrides,
  };
}

import { ECSClient } from "@aws-sdk/client-ecs";
import { EcsDeploymentHistoryReader } from "@ecs-guardrails/aws/ecs/deployment-history";
import { EcsServiceGateway } from "@ecs-guardrails/aws/ecs/service-gateway";
import { DynamoDecisionStore } from "@ecs-guardrails/aws/history/decision-store";
import { DynamoHistoryStore } from "@ecs-guardrails/aws/history/dynamo-history-store";
import { DEFAULT_RETENTION } from "@ecs-guardrails/aws/history/retention";
import { parseConfig } from "@ecs-guardrails/core/config/load";
import { systemClock } from "@ecs-guardrails/core/engine/ports";
import { importScope, type ScopeImportRow } from "@ecs-guardrails/core/engine/import-scope";
import { GuardrailsError } from "@ecs-guardrails/core/errors";
import { LOCAL_CREDENTIALS, LOCAL_REGION } from "@ecs-guardrails/sim/dynamodb/embedded";
import { type CommandRun, UsageError } from "./command.ts";
import { optionalConfig } from "./config-file.ts";
import { table, type Out } from "./output.ts";
import { readRuntimeNote } from "./runtime-file.ts";
import { withTable } from "./table.ts";

type ImportFlags = {
  cluster?: string;
  service?: string;
  json?: boolean;
  table?: string;
  region?: string;
  config?: string;
};

/** Runs `guardrails import`: commands/import.ts declares it, and imports this module when it runs. */
export const run: CommandRun = (_args, options, { out, env }) => runImport(options as ImportFlags, out, env);

async function runImport(flags: ImportFlags, out: Out, env: NodeJS.ProcessEnv): Promise<number> {
  if (flags.region && !flags.table) throw new UsageError("--region applies to a deployed table: pass --table NAME too");
  const config = parseConfig(optionalConfig(flags.config), flags.config ?? "configuration");
  const ecs = ecsClient(flags);
  try {
    const rows = await withTable(flags, env, (client, tableName) => {
      const history = new DynamoHistoryStore({ client, tableName });
      const ledger = new DynamoDecisionStore({ client, tableName, reads: history, retention: DEFAULT_RETENTION });
      return importScope(
        {
          config,
          ecs: new EcsServiceGateway(ecs),
          ecsHistory: new EcsDeploymentHistoryReader(ecs),
          ledger,
          history,
          clock: systemClock,
          state: (ref) => history.getServiceState(ref),
        },
        { cluster: flags.cluster, service: flags.service },
      );
    });
    if (flags.json) rows.forEach((r) => out.json(r));
    else if (rows.length === 0) out.line("No service in scope to import.");
    else out.line(table(rows.map(row), ["service", "status", "deployments", "since", "known-good", "calls", "note"]));
    return rows.some((r) => r.status === "failed") ? 1 : 0;
  } finally {
    ecs.destroy();
  }
}

function row(r: ScopeImportRow) {
  return {
    service: `${r.cluster}/${r.service}`,
    status: r.status,
    deployments: r.deployments,
    since: r.since ?? "",
    "known-good": r.knownGood ? r.knownGood.slice(r.knownGood.lastIndexOf("/") + 1) : "",
    calls: r.calls,
    note: r.reason ?? "",
  };
}

/** ECS of the deployed account (--table), or the running local backend's. */
function ecsClient(flags: ImportFlags): ECSClient {
  if (flags.table) return new ECSClient(flags.region ? { region: flags.region } : {});
  const running = readRuntimeNote();
  if (!running)
    throw new GuardrailsError(
      "import reads ECS: start the local backend (`npm start`) or pass --table NAME for a deployed one",
    );
  return new ECSClient({ endpoint: running.endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
}

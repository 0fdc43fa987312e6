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
import { defineCommand, UsageError } from "./command.ts";
import { optionalConfig } from "./config-file.ts";
import { table, type Out } from "./output.ts";
import { readRuntimeNote } from "./runtime-file.ts";
import { withTable } from "./table.ts";
import { nonEmpty } from "./values.ts";

type ImportFlags = {
  cluster?: string;
  service?: string;
  json?: boolean;
  table?: string;
  region?: string;
  config?: string;
};

/** `guardrails import`: ECS's deployment history of every service in scope, read once into the history. */
export const importCommand = defineCommand({
  name: "import",
  summary: "import ECS's own deployment history (90 days) of the services in scope",
  description: [
    "Run once after install: for each service in the configured scope (narrowed by --cluster and --service globs),",
    "reads ECS's deployment history (ListServiceDeployments, DescribeServiceDeployments, DescribeServiceRevisions)",
    "and records each finished deployment, who rolled back what, and the last known-good revision in the history.",
    "A service already imported is not read again; the guardrails also import a service the first time they see it.",
    "Works on the running `npm start`, or on a deployed table with --table (ECS of the same account and region).",
  ].join(" "),
  options: [
    { flags: "--cluster <glob>", description: "only services of these clusters", parse: nonEmpty },
    { flags: "--service <glob>", description: "only these services", parse: nonEmpty },
    { flags: "--json", description: "one JSON object per service" },
    {
      flags: "--config <file>",
      description: "guardrails configuration (default: guardrails.config.json when present)",
    },
    {
      flags: "--table <name>",
      description: "a deployed history table (AWS credentials and region from the environment)",
      parse: nonEmpty,
    },
    {
      flags: "--region <region>",
      description: "the deployed table's region (default: AWS_REGION or the AWS profile's)",
      parse: nonEmpty,
    },
  ],
  examples: [
    "guardrails import",
    "guardrails import --cluster prod --service api --json",
    "guardrails import --table ecs-guardrails-history --region eu-west-1",
  ],
  run: (_args, options, { out, env }) => runImport(options as ImportFlags, out, env),
});

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

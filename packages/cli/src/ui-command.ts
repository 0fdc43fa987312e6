import { parseConfig } from "@ecs-guardrails/core/config/load";
import { GuardrailsError } from "@ecs-guardrails/core/errors";
import { existsSync } from "node:fs";
import { localDynamoClient, startEmbeddedDynamo } from "@ecs-guardrails/sim/dynamodb/embedded";
import { LOCAL_TABLE } from "./runtime/stack.ts";
import { type CommandRun, UsageError } from "./command.ts";
import { optionalConfig } from "./config-file.ts";
import { deployedClient } from "./table.ts";
import type { Out } from "./output.ts";
import { DATA_DIR, readRuntimeNote } from "./runtime-file.ts";

type UiFlags = { table?: string; region?: string; port?: number; host?: string; config?: string };

/** Runs `guardrails ui`: commands/ui.ts declares it, and imports this module when it runs. */
export const run: CommandRun = (_args, options, { out, env }) => serveUi(options as UiFlags, out, env);

async function serveUi(flags: UiFlags, out: Out, env: NodeJS.ProcessEnv): Promise<number> {
  if (flags.region && !flags.table) throw new UsageError("--region applies to a deployed table: pass --table NAME too");
  const config = parseConfig(optionalConfig(flags.config));
  const source = await historySource(flags, env);
  const { client, table } = source;
  // Loaded here, not at start-up: every other command would pay for the charting library.
  const [{ startConsoleServer }, { tableSources }, { DynamoConsoleStore }] = await Promise.all([
    import("@ecs-guardrails/console/server"),
    import("@ecs-guardrails/console/sources"),
    import("@ecs-guardrails/console/store"),
  ]);
  const server = await startConsoleServer(
    {
      store: new DynamoConsoleStore(client, table),
      sources: tableSources(config, client, table),
      config,
      now: () => new Date(),
    },
    {
      ...(flags.port !== undefined ? { port: flags.port } : {}),
      ...(flags.host ? { host: flags.host } : {}),
      onError: (e) => out.error(`console: ${e.message}`),
    },
  );
  out.line(`Console (read-only) for table ${table}: ${server.url}   (Ctrl-C to stop)`);
  await new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  await server.close();
  await source.stop();
  return 0;
}

/** A deployed table, the running `npm start`'s, or the data it left (read with DynamoDB Local started here). */
async function historySource(flags: UiFlags, env: NodeJS.ProcessEnv) {
  if (flags.table) {
    const client = await deployedClient(flags.region, env);
    return { client, table: flags.table, stop: async () => client.destroy() };
  }
  const running = readRuntimeNote();
  if (running) {
    const client = localDynamoClient(running.dynamoEndpoint);
    return { client, table: running.table, stop: async () => client.destroy() };
  }
  if (!existsSync(DATA_DIR))
    throw new GuardrailsError(
      `no local history in ${DATA_DIR}: run \`npm start\` (it serves the console itself), or pass --table NAME for a deployed table`,
    );
  const dynamo = await startEmbeddedDynamo({ dataDir: DATA_DIR, owner: "guardrails ui" });
  return {
    client: dynamo.client,
    table: LOCAL_TABLE,
    stop: async () => {
      dynamo.client.destroy();
      await dynamo.stop();
    },
  };
}

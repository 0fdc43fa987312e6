import { existsSync } from "node:fs";
import { parseArgs } from "node:util";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoHistoryStore } from "@ecs-guardrails/aws/history/dynamo-history-store";
import { GuardrailsError } from "@ecs-guardrails/core/errors";
import type { TimelineEntry } from "@ecs-guardrails/core/history/model";
import { localDynamoClient, startEmbeddedDynamo } from "../dynamodb/embedded.ts";
import { LOCAL_TABLE } from "../runtime/stack.ts";
import { table, type Out } from "./output.ts";
import { DATA_DIR, readRuntimeNote } from "./runtime-file.ts";

/** `guardrails history`: a service's timeline, newest first, from the local or a deployed table. */
export async function historyCommand(argv: string[], out: Out): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { cluster: { type: "string" }, service: { type: "string" }, json: { type: "boolean", default: false }, limit: { type: "string", default: "50" }, table: { type: "string" } },
  });
  if (!values.cluster || !values.service) throw new GuardrailsError("--cluster and --service are required");
  const ref = { cluster: values.cluster, service: values.service };
  const limit = Number(values.limit);
  const entries = await withStore(values.table, (store) => store.timeline(ref, { limit }));
  if (values.json) entries.items.forEach((e) => out.json(e));
  else out.line(entries.items.length ? table(entries.items.map(row), ["time", "type", "summary"]) : `No history for ${ref.cluster}/${ref.service}.`);
  return 0;
}

function row(e: TimelineEntry) {
  return { time: e.time, type: e.type, summary: e.summary };
}

async function withStore<T>(tableName: string | undefined, read: (store: DynamoHistoryStore) => Promise<T>): Promise<T> {
  if (tableName) {
    // The deployed table: credentials and region from the usual AWS environment.
    return read(new DynamoHistoryStore({ client: new DynamoDBClient({}), tableName }));
  }
  const running = readRuntimeNote();
  if (running) return read(new DynamoHistoryStore({ client: localDynamoClient(running.dynamoEndpoint), tableName: running.table }));
  if (!existsSync(DATA_DIR)) throw new GuardrailsError(`no local history in ${DATA_DIR}: run \`npm start\` first, or pass --table NAME for a deployed table`);
  const dynamo = await startEmbeddedDynamo({ dataDir: DATA_DIR });
  try {
    return await read(new DynamoHistoryStore({ client: dynamo.client, tableName: LOCAL_TABLE }));
  } finally {
    dynamo.client.destroy();
    await dynamo.stop();
  }
}

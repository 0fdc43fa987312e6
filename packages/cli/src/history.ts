import { DynamoHistoryStore } from "@ecs-guardrails/aws/history/dynamo-history-store";
import type { ServiceRef } from "@ecs-guardrails/core/events/model";
import { importNote } from "@ecs-guardrails/core/history/ecs-history";
import type { TimelineEntry } from "@ecs-guardrails/core/history/model";
import { defineCommand, UsageError } from "./command.ts";
import { table, type Out } from "./output.ts";
import { type TableFlags, withTable } from "./table.ts";
import { nonEmpty, positiveInteger } from "./values.ts";

type HistoryFlags = {
  cluster?: string;
  service?: string;
  json?: boolean;
  limit: number;
  all?: boolean;
  cursor?: string;
  table?: string;
  region?: string;
};

export const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 1000;

/** `guardrails history`: a service's timeline, newest first, from the local or a deployed table. */
export const historyCommand = defineCommand({
  name: "history",
  summary: "a service's timeline, newest first",
  description: [
    "Reads the local store (the running `npm start`, else the data it left in .guardrails/), or a",
    "deployed table with --table. A page holds --limit entries; when more exist it says so and",
    "prints the cursor of the next page.",
  ].join(" "),
  options: [
    { flags: "--cluster <name>", description: "the service's cluster (required)", parse: nonEmpty, required: true },
    { flags: "--service <name>", description: "the service (required)", parse: nonEmpty, required: true },
    {
      flags: "--limit <n>",
      description: `entries per page, 1-${MAX_LIMIT}`,
      default: DEFAULT_LIMIT,
      parse: positiveInteger(MAX_LIMIT),
    },
    { flags: "--all", description: "every entry, page after page" },
    { flags: "--cursor <token>", description: "start at the page a previous run named", parse: nonEmpty },
    { flags: "--json", description: "one JSON object per entry (the paging note goes to stderr)" },
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
    "guardrails history --cluster demo --service web",
    "guardrails history --cluster prod --service api --all --json",
    "guardrails history --cluster prod --service api --table ecs-guardrails-history --region eu-west-1",
  ],
  run: (_args, options, { out, env }) => showHistory(options as HistoryFlags, out, env),
});

async function showHistory(flags: HistoryFlags, out: Out, env: NodeJS.ProcessEnv): Promise<number> {
  if (!flags.cluster || !flags.service) throw new UsageError("--cluster and --service are required");
  if (flags.region && !flags.table) throw new UsageError("--region applies to a deployed table: pass --table NAME too");
  if (flags.all && flags.cursor)
    throw new UsageError("--all reads from the newest entry: drop --cursor, or drop --all to read one page");
  if (flags.cursor) checkCursor(flags.cursor);
  const ref = { cluster: flags.cluster, service: flags.service };
  const { items, next, imported } = await withStore(flags, env, async (store) => ({
    ...(await readPages(store, ref, flags)),
    imported: (await store.getServiceState(ref))?.imported,
  }));
  if (flags.json) items.forEach((e) => out.json(e));
  else {
    // What the history holds from before the guardrails (ECS's own deployment history), or why it holds nothing.
    if (imported && !flags.cursor) out.line(`${importNote(imported)}\n`);
    out.line(
      items.length
        ? table(items.map(row), ["time", "type", "summary"])
        : `No history for ${ref.cluster}/${ref.service}${flags.cursor ? " after this cursor" : ""}.`,
    );
  }
  if (next) {
    const note = `More entries exist (showed ${items.length}): --all for every one, or the next page with --cursor ${next}`;
    if (flags.json) out.error(note);
    else out.line(`\n${note}`);
  }
  return 0;
}

/** One page (or every page with --all); `next` is set only when an entry really follows. */
async function readPages(
  store: DynamoHistoryStore,
  ref: ServiceRef,
  flags: HistoryFlags,
): Promise<{ items: TimelineEntry[]; next: string | undefined }> {
  const items: TimelineEntry[] = [];
  let cursor = flags.cursor;
  do {
    const page = await pageAt(store, ref, flags.limit, cursor);
    items.push(...page.items);
    cursor = page.cursor;
  } while (flags.all && cursor);
  // DynamoDB hands out a cursor when a page is exactly full, even with nothing after it.
  if (cursor && (await pageAt(store, ref, 1, cursor)).items.length === 0) cursor = undefined;
  return { items, next: cursor };
}

async function pageAt(store: DynamoHistoryStore, ref: ServiceRef, limit: number, cursor: string | undefined) {
  try {
    return await store.timeline(ref, { limit, ...(cursor ? { cursor } : {}) });
  } catch (error) {
    // A well-formed cursor of another table or service: DynamoDB rejects its key.
    if (cursor && (error as Error).name === "ValidationException")
      throw new UsageError(`--cursor does not belong to ${ref.cluster}/${ref.service}: ${(error as Error).message}`);
    throw error;
  }
}

function checkCursor(cursor: string): void {
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (typeof key === "object" && key !== null && !Array.isArray(key)) return;
  } catch {
    // Reported below.
  }
  throw new UsageError(`--cursor "${cursor}" is not a cursor this command printed`);
}

function row(e: TimelineEntry) {
  return { time: e.time, type: e.type, summary: e.summary };
}

async function withStore<T>(
  flags: TableFlags,
  env: NodeJS.ProcessEnv,
  read: (store: DynamoHistoryStore) => Promise<T>,
): Promise<T> {
  return withTable(flags, env, (client, tableName) => read(new DynamoHistoryStore({ client, tableName })));
}

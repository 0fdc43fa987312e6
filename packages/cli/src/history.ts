import { DynamoHistoryStore } from "@ecs-guardrails/aws/history/dynamo-history-store";
import type { ServiceRef } from "@ecs-guardrails/core/events/model";
import { importNote } from "@ecs-guardrails/core/history/ecs-history";
import type { TimelineEntry, TimelineType } from "@ecs-guardrails/core/history/model";
import { timelineCursorKey } from "@ecs-guardrails/aws/history/timeline-cursor";
import { type CommandRun, UsageError } from "./command.ts";
import { askedKinds, type Since, sinceTime } from "./history-filters.ts";
import { table, type Out } from "./output.ts";
import { type TableFlags, withTable } from "./table.ts";

type HistoryFlags = {
  cluster?: string;
  service?: string;
  json?: boolean;
  limit: number;
  all?: boolean;
  after?: string;
  decisions?: boolean;
  type?: TimelineType[];
  since?: Since;
  table?: string;
  region?: string;
  account?: { account: string; region: string };
};

/** Runs `guardrails history`: commands/history.ts declares it, and imports this module when it runs. */
export const run: CommandRun = (_args, options, { out, env }) => showHistory(options as HistoryFlags, out, env);

async function showHistory(flags: HistoryFlags, out: Out, env: NodeJS.ProcessEnv): Promise<number> {
  if (!flags.cluster || !flags.service) throw new UsageError("--cluster and --service are required");
  if (flags.region && !flags.table) throw new UsageError("--region applies to a deployed table: pass --table NAME too");
  if (flags.all && flags.after)
    throw new UsageError("--all reads from the newest entry: drop --after, or drop --all to read one page");
  if (flags.after && timelineCursorKey(flags.after) === undefined)
    throw new UsageError(`--after "${flags.after}" is not a cursor this command printed (copy it from a "more:" line)`);
  const ref: ServiceRef = { cluster: flags.cluster, service: flags.service, ...flags.account };
  const types = askedKinds(flags);
  const query: Query = {
    ...(types ? { types } : {}),
    ...(flags.since ? { since: sinceTime(flags.since, new Date()) } : {}),
  };
  const { items, next, imported } = await withStore(flags, env, async (store) => ({
    ...(await readPages(store, ref, flags, query)),
    imported: (await store.getServiceState(ref))?.imported,
  }));
  if (flags.json) items.forEach((e) => out.json(e));
  else {
    // What the history holds from before the guardrails (ECS's own deployment history), or why it holds nothing.
    if (flags.account) out.line(`${placeName(ref)}\n`);
    if (imported && !flags.after) out.line(`${importNote(imported)}\n`);
    out.line(items.length ? table(items.map(row), ["time", "type", "summary"]) : nothing(ref, flags));
  }
  if (next) {
    // One token to copy; the same line on stderr under --json, so stdout stays JSON lines.
    const note = `more: --after ${next}`;
    if (flags.json) out.error(note);
    else out.line(`\n${note}`);
  }
  return 0;
}

type Query = { types?: TimelineType[]; since?: string };

function nothing(ref: ServiceRef, flags: HistoryFlags): string {
  const filtered = flags.decisions || flags.type || flags.since;
  return `No ${filtered ? "matching " : ""}history for ${placeName(ref)}${flags.after ? " after this cursor" : ""}.`;
}

/** "prod/web" for home, "444455556666/eu-west-1 prod/web" for a member (as its notices name it). */
const placeName = (ref: ServiceRef) =>
  `${ref.account ? `${ref.account}/${ref.region} ` : ""}${ref.cluster}/${ref.service}`;

/** One page (or every page with --all); `next` is set only when an entry really follows. */
async function readPages(
  store: DynamoHistoryStore,
  ref: ServiceRef,
  flags: HistoryFlags,
  query: Query,
): Promise<{ items: TimelineEntry[]; next: string | undefined }> {
  const items: TimelineEntry[] = [];
  let cursor = flags.after;
  do {
    const page = await pageAt(store, ref, flags.limit, cursor, query);
    items.push(...page.items);
    cursor = page.cursor;
  } while (flags.all && cursor);
  // DynamoDB hands out a cursor when a page is exactly full, even with nothing after it.
  if (cursor && (await pageAt(store, ref, 1, cursor, query)).items.length === 0) cursor = undefined;
  return { items, next: cursor };
}

function pageAt(store: DynamoHistoryStore, ref: ServiceRef, limit: number, cursor: string | undefined, query: Query) {
  return store.timeline(ref, { limit, ...query, ...(cursor ? { cursor } : {}) });
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

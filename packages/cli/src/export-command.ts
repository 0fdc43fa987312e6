import { ArchiveReads, type ArchiveRange } from "@ecs-guardrails/aws/history/archive-reads";
import { localDynamoClient } from "@ecs-guardrails/sim/dynamodb/embedded";
import { type CommandRun, UsageError } from "./command.ts";
import type { Out } from "./output.ts";
import { type AccountFilter, readStream } from "./export-stream.ts";
import { tickLine } from "./replay/recorded.ts";
import { withTable } from "./table.ts";
import { sinceTime } from "./since.ts";

type ExportFlags = {
  table?: string;
  region?: string;
  endpoint?: string;
  since: string;
  cluster?: string;
  service?: string;
  account?: AccountFilter;
};

/** Runs `guardrails export`: commands/export.ts declares it, and imports this module when it runs. */
export const run: CommandRun = (_args, options, { out, env }) => exportStream(options as ExportFlags, out, env);

async function exportStream(flags: ExportFlags, out: Out, env: NodeJS.ProcessEnv): Promise<number> {
  if (flags.service && !flags.cluster)
    throw new UsageError("--service needs --cluster: a service is named within its cluster");
  if (flags.endpoint && !flags.table) throw new UsageError("--endpoint reads a table: pass --table NAME too");
  if (flags.account?.account === "home")
    throw new UsageError("export --account takes an account id (ACCOUNT or ACCOUNT/REGION): name home's account");
  const now = new Date();
  const range: ArchiveRange = {
    from: sinceTime(flags.since, now),
    to: now.toISOString(),
    cluster: flags.cluster,
    service: flags.service,
  };
  // Every account's lines, each naming its account and Region (export-stream.ts), and when
  // live's reconcile ran (one tick covers every account).
  const read = async (reads: ArchiveReads) => ({
    ...(await readStream(reads, range, flags.account)),
    ticks: await reads.ticks(range),
  });
  const { envelopes, services, decisions, ticks } = flags.endpoint
    ? await read(new ArchiveReads(localDynamoClient(flags.endpoint), flags.table!))
    : await withTable({ table: flags.table, region: flags.region }, env, (client, table) =>
        read(new ArchiveReads(client, table)),
      );
  // The services' starting states first: replay seeds its simulated ECS from them.
  for (const service of services) out.json(service);
  for (const e of envelopes) out.json(e.envelope);
  // When live's reconcile ran: replay ticks at those times (its schedule is not the events').
  // A tick covers every account's pass, so it names none; with no event kept, none is written.
  if (envelopes.length > 0) for (const at of ticks) out.json(tickLine(at));
  for (const line of decisions) out.json(line);
  out.error(
    `exported ${services.length} service${services.length === 1 ? "" : "s"}, ${envelopes.length} events and ${decisions.length} recorded decisions since ${range.from}`,
  );
  return 0;
}

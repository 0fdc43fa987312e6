import { type ArchivedEnvelope, ArchiveReads, type ArchiveRange } from "@ecs-guardrails/aws/history/archive-reads";
import { localDynamoClient } from "@ecs-guardrails/sim/dynamodb/embedded";
import { type CommandRun, UsageError } from "./command.ts";
import type { Out } from "./output.ts";
import { recordedLine, serviceLine, tickLine } from "./replay/recorded.ts";
import { serviceSeed } from "./replay/service-seed.ts";
import { withTable } from "./table.ts";
import { sinceTime } from "./since.ts";

type ExportFlags = {
  table?: string;
  region?: string;
  endpoint?: string;
  since: string;
  cluster?: string;
  service?: string;
};

/** Runs `guardrails export`: commands/export.ts declares it, and imports this module when it runs. */
export const run: CommandRun = (_args, options, { out, env }) => exportStream(options as ExportFlags, out, env);

async function exportStream(flags: ExportFlags, out: Out, env: NodeJS.ProcessEnv): Promise<number> {
  if (flags.service && !flags.cluster)
    throw new UsageError("--service needs --cluster: a service is named within its cluster");
  if (flags.endpoint && !flags.table) throw new UsageError("--endpoint reads a table: pass --table NAME too");
  const now = new Date();
  const range: ArchiveRange = {
    from: sinceTime(flags.since, now),
    to: now.toISOString(),
    cluster: flags.cluster,
    service: flags.service,
  };
  const read = async (reads: ArchiveReads) => {
    const envelopes = await reads.envelopes(range);
    const clusters = flags.cluster ? [flags.cluster] : [...new Set(envelopes.flatMap((e) => e.cluster ?? []))];
    const seeds = await reads.seeds(servicesOf(envelopes), range);
    return { envelopes, seeds, decisions: await reads.decisions(clusters, range), ticks: await reads.ticks(range) };
  };
  const { envelopes, seeds, decisions, ticks } = flags.endpoint
    ? await read(new ArchiveReads(localDynamoClient(flags.endpoint), flags.table!))
    : await withTable({ table: flags.table, region: flags.region }, env, (client, table) =>
        read(new ArchiveReads(client, table)),
      );
  // The services' starting states first: replay seeds its simulated ECS from them.
  for (const seed of seeds) out.json(serviceLine(serviceSeed(seed.service, seed.knownGood, seed.drained)));
  for (const e of envelopes) out.json(e.envelope);
  // When live's reconcile ran: replay ticks at those times (its schedule is not the events').
  for (const at of ticks) out.json(tickLine(at));
  const lines = decisions.flatMap((d) => recordedLine(d) ?? []);
  for (const line of lines) out.json(line);
  out.error(
    `exported ${seeds.length} service${seeds.length === 1 ? "" : "s"}, ${envelopes.length} events and ${lines.length} recorded decisions since ${range.from}`,
  );
  return 0;
}

/** The services the envelopes name, each once, in order of first appearance. */
function servicesOf(envelopes: readonly ArchivedEnvelope[]): { cluster: string; service: string }[] {
  const seen = new Map<string, { cluster: string; service: string }>();
  for (const { cluster, service } of envelopes)
    if (cluster && service)
      seen.set(`${cluster}/${service}`, seen.get(`${cluster}/${service}`) ?? { cluster, service });
  return [...seen.values()];
}

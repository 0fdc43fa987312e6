import { type ArchivedEnvelope, ArchiveReads, type ArchiveRange } from "@ecs-guardrails/aws/history/archive-reads";
import { localDynamoClient } from "@ecs-guardrails/sim/dynamodb/embedded";
import { defineCommand, UsageError } from "./command.ts";
import type { Out } from "./output.ts";
import { recordedLine, serviceLine } from "./replay/recorded.ts";
import { serviceSeed } from "./replay/service-seed.ts";
import { withTable } from "./table.ts";
import { nonEmpty } from "./values.ts";
import { sinceTime } from "./since.ts";

type ExportFlags = {
  table?: string;
  region?: string;
  endpoint?: string;
  since: string;
  cluster?: string;
  service?: string;
};

/** `guardrails export`: a history table's kept envelopes and recorded decisions, as a replay stream. */
export const exportCommand = defineCommand({
  name: "export",
  summary: "a replay stream of the events a history table kept, with the decisions live recorded",
  description: [
    "Writes JSON Lines to stdout: every EventBridge envelope the guardrails received in the period, oldest first,",
    'after one {"guardrails":"service",...} line per service with its state when the guardrails first saw it,',
    'then one {"guardrails":"decision",...} line per action live decided (in any mode). `guardrails replay` reads',
    "the stream and puts what its configuration would do beside what was recorded. Reads a deployed table with",
    "--table (or DynamoDB Local with --endpoint), else the running `npm start`'s.",
  ].join(" "),
  options: [
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
    {
      flags: "--endpoint <url>",
      description: "a DynamoDB endpoint to read --table from (DynamoDB Local)",
      parse: nonEmpty,
    },
    {
      flags: "--since <age|time>",
      description: "the period: an age (30d, 12h) or an ISO-8601 time",
      default: "30d",
      parse: nonEmpty,
    },
    {
      flags: "--cluster <name>",
      description: "only this cluster's services (alarms are always kept)",
      parse: nonEmpty,
    },
    { flags: "--service <name>", description: "only this service (with --cluster)", parse: nonEmpty },
  ],
  examples: [
    "guardrails export --table ecs-guardrails-history --region eu-west-1 > events.jsonl",
    "guardrails export --table ecs-guardrails-history --since 7d --cluster prod --service api > api.jsonl",
  ],
  run: (_args, options, { out, env }) => exportStream(options as ExportFlags, out, env),
});

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
    return { envelopes, seeds, decisions: await reads.decisions(clusters, range) };
  };
  const { envelopes, seeds, decisions } = flags.endpoint
    ? await read(new ArchiveReads(localDynamoClient(flags.endpoint), flags.table!))
    : await withTable({ table: flags.table, region: flags.region }, env, (client, table) =>
        read(new ArchiveReads(client, table)),
      );
  // The services' starting states first: replay seeds its simulated ECS from them.
  for (const seed of seeds) out.json(serviceLine(serviceSeed(seed.service, seed.knownGood, seed.drained)));
  for (const e of envelopes) out.json(e.envelope);
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

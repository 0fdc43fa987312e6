import { defineCommand, runFrom } from "../command.ts";
import { accountFilter } from "../history-filters.ts";
import { nonEmpty } from "../values.ts";
import { DEPLOYED_TABLE_OPTIONS } from "./table-options.ts";

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
    ...DEPLOYED_TABLE_OPTIONS,
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
    {
      flags: "--account <account[/region]>",
      description: "only this account's lines (behind a hub), or one Region of it: ACCOUNT or ACCOUNT/REGION",
      parse: accountFilter,
    },
  ],
  examples: [
    "guardrails export --table ecs-guardrails-history --region eu-west-1 > events.jsonl",
    "guardrails export --table ecs-guardrails-history --since 7d --cluster prod --service api > api.jsonl",
    "guardrails export --table ecs-guardrails-history --account 444455556666/eu-west-1 > payments.jsonl",
  ],
  run: runFrom(() => import("../export-command.ts")),
});

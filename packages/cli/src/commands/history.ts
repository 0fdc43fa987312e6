import { TIMELINE_TYPES } from "@ecs-guardrails/core/history/model";
import { defineCommand, runFrom } from "../command.ts";
import { accountPlace, kinds, since } from "../history-filters.ts";
import { nonEmpty, positiveInteger } from "../values.ts";
import { DEPLOYED_TABLE_OPTIONS } from "./table-options.ts";

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 1000;

/** `guardrails history`: a service's timeline, newest first, from the local or a deployed table. */
export const historyCommand = defineCommand({
  name: "history",
  summary: "a service's timeline, newest first",
  description: [
    "Reads the local store (the running `npm start`, else the data it left in .guardrails/), or a",
    "deployed table with --table. A page holds --limit entries; when more exist it ends with",
    "`more: --after CURSOR`, and --after CURSOR reads the next page. --decisions, --type and",
    "--since keep only some entries.",
  ].join(" "),
  options: [
    { flags: "--cluster <name>", description: "the service's cluster (required)", parse: nonEmpty, required: true },
    { flags: "--service <name>", description: "the service (required)", parse: nonEmpty, required: true },
    {
      flags: "--account <account/region>",
      description: "a member account's service behind a hub, as ACCOUNT/REGION (default: the home account)",
      parse: accountPlace,
    },
    {
      flags: "--limit <n>",
      description: `entries per page, 1-${MAX_LIMIT}`,
      default: DEFAULT_LIMIT,
      parse: positiveInteger(MAX_LIMIT),
    },
    { flags: "--all", description: "every entry, page after page" },
    { flags: "--after <cursor>", description: "the page after the one that printed this cursor", parse: nonEmpty },
    { flags: "--decisions", description: "only the guardrails' decisions (--type decision)" },
    {
      flags: "--type <kind>",
      description: `only entries of this kind, or kinds comma-separated: ${TIMELINE_TYPES.join(", ")}`,
      parse: kinds,
    },
    {
      flags: "--since <when>",
      description: "only entries since then: 30d, 12h, 45m back, or an ISO-8601 time",
      parse: since,
    },
    { flags: "--json", description: "one JSON object per entry (the paging note goes to stderr)" },
    ...DEPLOYED_TABLE_OPTIONS,
  ],
  examples: [
    "guardrails history --cluster demo --service web",
    "guardrails history --cluster prod --service api --all --json",
    "guardrails history --cluster prod --service api --decisions --since 30d",
    "guardrails history --cluster prod --service web --account 444455556666/eu-west-1",
    "guardrails history --cluster prod --service api --table ecs-guardrails-history --region eu-west-1",
  ],
  run: runFrom(() => import("../history.ts")),
});

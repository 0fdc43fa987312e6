import { defineCommand, runFrom } from "../command.ts";
import { accountFilter } from "../history-filters.ts";
import { nonEmpty } from "../values.ts";
import { DEPLOYED_TABLE_OPTIONS } from "./table-options.ts";

/** `guardrails recommend`: the stored right-sizing recommendations, with their evidence. */
export const recommendCommand = defineCommand({
  name: "recommend",
  summary: "right-sizing recommendations, with the evidence behind each",
  description: [
    "Reads the recommendations the daily right-sizing run stored: the local store (the running `npm start`, else",
    "the data it left in .guardrails/), or a deployed table with --table. One service (--cluster and --service)",
    "is explained line by line. --task-definition-out writes the RegisterTaskDefinition input of a new revision",
    "with the recommended sizes (from DescribeTaskDefinition of the current one), for a person to review and",
    "apply (`aws ecs register-task-definition --cli-input-json file://FILE`); the guardrails never apply it.",
  ].join(" "),
  options: [
    { flags: "--cluster <name>", description: "only this cluster's services", parse: nonEmpty },
    {
      flags: "--service <name>",
      description: "only this service (with --cluster: explained line by line)",
      parse: nonEmpty,
    },
    {
      flags: "--account <account[/region]>",
      description: "behind a hub: only this account's services (home, ACCOUNT or ACCOUNT/REGION)",
      parse: accountFilter,
    },
    { flags: "--json", description: "one JSON object per recommendation, evidence and account included" },
    {
      flags: "--task-definition-out <file>",
      description: "write the RegisterTaskDefinition input with the new sizes (needs --cluster and --service)",
      parse: nonEmpty,
    },
    ...DEPLOYED_TABLE_OPTIONS,
  ],
  examples: [
    "guardrails recommend",
    "guardrails recommend --cluster demo --service reports",
    "guardrails recommend --cluster prod --json --table ecs-guardrails-history --region eu-west-1",
    "guardrails recommend --cluster demo --service reports --task-definition-out reports.json",
    "guardrails recommend --account 444455556666/eu-west-1",
  ],
  run: runFrom(() => import("../recommend.ts")),
});

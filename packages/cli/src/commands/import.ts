import { defineCommand, runFrom } from "../command.ts";
import { nonEmpty } from "../values.ts";
import { DEPLOYED_TABLE_OPTIONS } from "./table-options.ts";

/** `guardrails import`: ECS's deployment history of every service in scope, read once into the history. */
export const importCommand = defineCommand({
  name: "import",
  summary: "import ECS's own deployment history (90 days) of the services in scope",
  description: [
    "Run once after install: for each service in the configured scope (narrowed by --cluster and --service globs),",
    "reads ECS's deployment history (ListServiceDeployments, DescribeServiceDeployments, DescribeServiceRevisions)",
    "and records each finished deployment, who rolled back what, and the last known-good revision in the history.",
    "A service already imported is not read again; the guardrails also import a service the first time they see it.",
    "Works on the running `npm start`, or on a deployed table with --table (ECS of the same account and region).",
  ].join(" "),
  options: [
    { flags: "--cluster <glob>", description: "only services of these clusters", parse: nonEmpty },
    { flags: "--service <glob>", description: "only these services", parse: nonEmpty },
    { flags: "--json", description: "one JSON object per service" },
    {
      flags: "--config <file>",
      description: "guardrails configuration (default: guardrails.config.json when present)",
    },
    ...DEPLOYED_TABLE_OPTIONS,
  ],
  examples: [
    "guardrails import",
    "guardrails import --cluster prod --service api --json",
    "guardrails import --table ecs-guardrails-history --region eu-west-1",
  ],
  run: runFrom(() => import("../import-command.ts")),
});

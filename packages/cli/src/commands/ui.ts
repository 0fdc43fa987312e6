import { defineCommand, runFrom } from "../command.ts";
import { nonEmpty, port } from "../values.ts";

/** `guardrails ui`: the read-only console over the running `npm start`'s table, or a deployed one. */
export const uiCommand = defineCommand({
  name: "ui",
  summary: "a read-only web console over the history",
  description: [
    "Serves the console (services overview, service and deployment pages) on 127.0.0.1 until Ctrl-C.",
    "It reads the table of the running `npm start` (else the data it left in .guardrails/), or a deployed table with --table through the AWS SDK",
    "(credentials and region from the environment; it needs dynamodb:Scan, Query and GetItem on the",
    "table). It only reads: any request but GET or HEAD is refused with 405. `npm start` serves the same",
    "console itself (--ui-port).",
  ].join(" "),
  options: [
    { flags: "--table <name>", description: "a deployed history table", parse: nonEmpty },
    {
      flags: "--region <region>",
      description: "the deployed table's region (default: AWS_REGION or the AWS profile's)",
      parse: nonEmpty,
    },
    { flags: "--port <n>", description: "port to serve on (default: a free one)", parse: port },
    {
      flags: "--host <address>",
      description: "address to bind (default: 127.0.0.1; anything else exposes the history)",
      parse: nonEmpty,
    },
    {
      flags: "--config <file>",
      description:
        "guardrails configuration, for the modes and thresholds shown (default: guardrails.config.json when present)",
    },
  ],
  examples: ["guardrails ui", "guardrails ui --table ecs-guardrails-history --region eu-west-1 --port 8080"],
  run: runFrom(() => import("../ui-command.ts")),
});

import { defineCommand, runFrom } from "../command.ts";

/** `guardrails config validate FILE`: the full check deploy time runs (load.ts), as one line. */
export const configCommand = defineCommand({
  name: "config",
  summary: "check a configuration file",
  description: [
    "`validate FILE` checks FILE exactly as deploy time does (each value, then the rules across",
    "keys) without deploying: it prints one OK line and exits 0, or one line naming the file and",
    "each wrong key and exits 2. Editors check the file as it is typed when it names the JSON",
    'Schema: `"$schema": "./guardrails.schema.json"`.',
  ].join(" "),
  arguments: [
    { name: "action", description: "validate", required: true },
    { name: "file", description: "the configuration file, e.g. guardrails.config.json", required: true },
  ],
  options: [],
  examples: ["guardrails config validate guardrails.config.json"],
  run: runFrom(() => import("../config-command.ts")),
});

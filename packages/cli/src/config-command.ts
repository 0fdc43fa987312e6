import { parseConfigJson } from "@ecs-guardrails/core/config/load";
import { InvalidConfigError } from "@ecs-guardrails/core/errors";
import { existsSync, readFileSync } from "node:fs";
import { defineCommand, UsageError } from "./command.ts";

const EXIT_INVALID = 2;

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
  run: async ([action, file], _options, { out }) => {
    if (action !== "validate") throw new UsageError(`unknown action '${String(action)}': the one action is validate`);
    const path = String(file);
    try {
      // Missing file and invalid JSON are the user's mistakes too: same exit, same one line.
      if (!existsSync(path)) throw new InvalidConfigError(`config file ${path} does not exist`);
      parseConfigJson(readFileSync(path, "utf8"), path);
    } catch (error) {
      if (!(error instanceof InvalidConfigError)) throw error;
      out.error(`guardrails config: ${error.message}`);
      return EXIT_INVALID;
    }
    out.line(`${path}: OK`);
    return 0;
  },
});

import { parseConfigJson } from "@ecs-guardrails/core/config/load";
import { InvalidConfigError } from "@ecs-guardrails/core/errors";
import { existsSync, readFileSync } from "node:fs";
import { type CommandRun, UsageError } from "./command.ts";

const EXIT_INVALID = 2;

/** Runs `guardrails config`: commands/config.ts declares it, and imports this module when it runs. */
export const run: CommandRun = async ([action, file], _options, { out }) => {
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
};

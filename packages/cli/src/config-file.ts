import { existsSync, readFileSync } from "node:fs";
import { InvalidConfigError } from "@ecs-guardrails/core/errors";

export const DEFAULT_CONFIG_FILE = "guardrails.config.json";

/** Reads a JSON config file (validated later by parseConfig, which names wrong keys). */
export function readConfigFile(path: string): unknown {
  if (!existsSync(path)) throw new InvalidConfigError(`config file ${path} does not exist`);
  try {
    return JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new InvalidConfigError(`config file ${path} is not valid JSON: ${(error as Error).message}`);
  }
}

/** --config FILE, else guardrails.config.json when present, else nothing (defaults). */
export function optionalConfig(path: string | undefined): unknown {
  if (path) return readConfigFile(path);
  return existsSync(DEFAULT_CONFIG_FILE) ? readConfigFile(DEFAULT_CONFIG_FILE) : {};
}

/** What a configuration's errors name: the file read, or "configuration" when none was. */
export function configSource(path: string | undefined): string {
  if (path) return path;
  return existsSync(DEFAULT_CONFIG_FILE) ? DEFAULT_CONFIG_FILE : "configuration";
}

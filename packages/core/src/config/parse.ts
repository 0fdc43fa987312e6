import { InvalidConfigError } from "../errors.ts";
import { configProblems } from "./checks.ts";
import { configSchema, type GuardrailsConfig } from "./schema.ts";

// The parse without croner: the functions read the configuration deploy time checked in full
// (load.ts). Cron syntax is checked here too wherever croner is loaded (time/windows.ts).

/**
 * Validates configuration, filling in defaults. Fails with a message that names every wrong
 * key ("policies.auto-rollback.failureThreshold: …"), at deploy time and at cold start alike:
 * first each value on its own (the schema), then the rules across keys (checks.ts).
 */
export function parseConfig(input: unknown, source = "configuration"): GuardrailsConfig {
  const result = configSchema.safeParse(input ?? {});
  if (!result.success) {
    const problems = result.error.issues.map((i) => {
      const key = i.path.map(String).join(".") || "(root)";
      const unknown =
        i.code === "unrecognized_keys" ? ` (unknown key${i.keys.length > 1 ? "s" : ""} ${i.keys.join(", ")})` : "";
      return `${key}: ${i.message}${unknown}`;
    });
    throw invalid(source, problems);
  }
  const problems = configProblems(result.data);
  if (problems.length > 0) throw invalid(source, problems);
  return result.data;
}

function invalid(source: string, problems: string[]): InvalidConfigError {
  return new InvalidConfigError(`invalid ${source}: ${problems.join("; ")}`, { problems });
}

/** Parses and validates configuration JSON text; `source` (a file name) leads every message. */
export function parseConfigJson(text: string, source: string): GuardrailsConfig {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new InvalidConfigError(`invalid ${source}: not JSON (${(error as Error).message})`, { source });
  }
  return parseConfig(json, source);
}

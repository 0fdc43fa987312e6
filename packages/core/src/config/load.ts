import { InvalidConfigError } from "../errors.ts";
import { configSchema, type GuardrailsConfig } from "./schema.ts";

/**
 * Validates configuration, filling in defaults. Fails with a message that names every wrong
 * key ("policies.auto-rollback.failureThreshold: …"), at deploy time and at cold start alike.
 */
export function parseConfig(input: unknown, source = "configuration"): GuardrailsConfig {
  const result = configSchema.safeParse(input ?? {});
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) => {
    const key = i.path.map(String).join(".") || "(root)";
    const unknown = i.code === "unrecognized_keys" ? ` (unknown key${i.keys.length > 1 ? "s" : ""} ${i.keys.join(", ")})` : "";
    return `${key}: ${i.message}${unknown}`;
  });
  throw new InvalidConfigError(`invalid ${source}: ${problems.join("; ")}`, { problems });
}

/** Reads the config from the GUARDRAILS_CONFIG environment variable (JSON), as deployed. */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): GuardrailsConfig {
  const raw = env["GUARDRAILS_CONFIG"];
  if (!raw) return parseConfig({});
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (error) {
    throw new InvalidConfigError(`invalid GUARDRAILS_CONFIG: not JSON (${(error as Error).message})`);
  }
  return parseConfig(json, "GUARDRAILS_CONFIG");
}

import { InvalidConfigError } from "@ecs-guardrails/core/errors";

/** Reads a required environment variable, failing at cold start with the variable's name. */
export function requireEnv(name: string, env: NodeJS.ProcessEnv = process.env): string {
  const value = env[name];
  if (!value) throw new InvalidConfigError(`environment variable ${name} is not set`, { name });
  return value;
}

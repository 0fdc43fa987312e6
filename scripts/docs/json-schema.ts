import { writeFileSync } from "node:fs";
import * as z from "zod/mini";
import { configSchema } from "./sources.ts";

// guardrails.schema.json: the configuration's JSON Schema, generated from the same zod schema
// the functions parse with, so an editor completes and checks guardrails.config.json as it is
// typed (`"$schema": "./guardrails.schema.json"`). Checks zod cannot express in JSON Schema (cron
// syntax, the rules across keys) stay with `guardrails config validate`.

export const JSON_SCHEMA_FILE = new URL("../../guardrails.schema.json", import.meta.url);

/** The file's text: the input side (every key with a default is optional), stable and formatted. */
export function configJsonSchema(): string {
  const schema = z.toJSONSchema(configSchema, { io: "input", unrepresentable: "any" });
  return `${JSON.stringify({ ...schema, title: "ecs-guardrails configuration (guardrails.config.json)" }, null, 2)}\n`;
}

export function writeJsonSchema(): void {
  writeFileSync(JSON_SCHEMA_FILE, configJsonSchema());
}

/// <reference path="../../../.sst/platform/config.d.ts" />
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseConfig } from "@ecs-guardrails/core/config/load";
import { packagedConfigText } from "@ecs-guardrails/core/config/packaged";
import type { GuardrailsConfig } from "@ecs-guardrails/core/config/schema";

// How the configuration reaches the functions: as a file in their package, not as an
// environment variable. Lambda caps a function's variables at 4 KB in total, which about 20
// overrides exceed, and the deploy only fails at the very end. Considered instead:
// - an SSM parameter: a network call and an SDK client at every cold start, an extra IAM grant,
//   GetParameter's shared account throughput when many containers start at once, and a 4 KB
//   value limit of its own (8 KB on the paid advanced tier) — the same ceiling one step later;
// - inlining it into the bundle with esbuild: no file read at all, but the local runtime runs
//   the handlers unbundled and would need a second way in.
// A file read at cold start costs well under a millisecond, has no size limit short of the
// package's, and ships atomically with the code that reads it.

/** Where the file sits in the function package: next to the handler's folder, at the root. */
export const PACKAGED_CONFIG_FILE = "guardrails.config.json";

export type ShippedConfig = {
  readonly environment: { readonly GUARDRAILS_CONFIG_FILE: string };
  readonly copyFiles: { from: string; to: string }[];
};

/**
 * Writes the validated configuration (defaults filled in, so the cold start reads exactly
 * what the deploy checked, under the schema's stamp: core/config/packaged.ts) to the CLI's work folder and names it for the function package.
 * `sst dev` runs functions locally without the copied files: there the variable holds the
 * file's absolute path instead.
 */
export function shipConfig(config: GuardrailsConfig = parseConfig({})): ShippedConfig {
  const file = path.join($cli.paths.work, "guardrails", PACKAGED_CONFIG_FILE);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, packagedConfigText(config));
  return {
    environment: { GUARDRAILS_CONFIG_FILE: $dev ? file : PACKAGED_CONFIG_FILE },
    copyFiles: [{ from: path.relative($cli.paths.root, file), to: PACKAGED_CONFIG_FILE }],
  };
}

/// <reference path="../../../.sst/platform/config.d.ts" />
import { existsSync, readFileSync } from "node:fs";
import { parseConfig, parseConfigJson } from "@ecs-guardrails/core/config/load";
import type { GuardrailsConfig } from "@ecs-guardrails/core/config/schema";
import type { OrganizationOptions } from "@ecs-guardrails/core/organization/options";

/** What a deployment is told about the estate it guards. */
export type GuardrailsOptions = {
  /** The validated configuration, packaged with the functions as a file (config-file.ts). */
  readonly config?: GuardrailsConfig;
  /**
   * ECS cluster name globs whose services the guardrails may update (IAM resource ARNs accept
   * the same `*`/`?` wildcards). Empty or absent means every cluster of the account and region.
   */
  readonly clusters?: readonly string[];
  /** How often the reconcile function runs, in whole minutes (5 when absent). */
  readonly reconcileEveryMinutes?: number;
  /** Makes this deployment its organization's hub (docs/organizations.md); absent, one account. */
  readonly organization?: OrganizationOptions;
};

export const CONFIG_FILE = "guardrails.config.json";

/**
 * Reads and validates `guardrails.config.json` (optional) at deploy time: an invalid file fails
 * the deployment with a message naming the key. The IAM scope follows `scope.clusters`.
 */
export function guardrailsOptionsFromFile(path: string = CONFIG_FILE): GuardrailsOptions {
  const config = existsSync(path) ? parseConfigJson(readText(path), path) : parseConfig({}, path);
  const clusters = config.scope.clusters.includes("*") ? [] : config.scope.clusters;
  return clusters.length > 0 ? { config, clusters } : { config };
}

function readText(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    throw new Error(`${path} cannot be read: ${(error as Error).message}`);
  }
}

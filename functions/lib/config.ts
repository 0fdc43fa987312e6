import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { packagedConfigText, readPackagedConfig } from "@ecs-guardrails/core/config/packaged";
import type { GuardrailsConfig } from "@ecs-guardrails/core/config/schema";
import { InvalidConfigError } from "@ecs-guardrails/core/errors";
import { requireEnv } from "./env.ts";

// The configuration ships as a file inside the function's package (packages/infra copies the
// deploy-time validated file next to the handler), not in the environment: Lambda caps all
// variables together at 4 KB, which about 20 overrides already exceed. Reading it is one local
// file read at cold start, with no network call and no extra IAM grant. The file is the deploy
// step's validated output, stamped with its schema: the cold start checks the stamp instead of
// parsing it again (core/config/packaged.ts).

export const CONFIG_FILE_VARIABLE = "GUARDRAILS_CONFIG_FILE";

/**
 * Reads the packaged config file named by GUARDRAILS_CONFIG_FILE, relative to the function's
 * root (LAMBDA_TASK_ROOT in Lambda) or absolute (the local runtime, `sst dev`). Fails in one
 * line naming the file when it is unreadable or not stamped by this version's deploy step, so a
 * bad package fails the cold start, not an event.
 */
export function configAtColdStart(env: NodeJS.ProcessEnv = process.env): GuardrailsConfig {
  const name = requireEnv(CONFIG_FILE_VARIABLE, env);
  const file = path.resolve(env["LAMBDA_TASK_ROOT"] ?? process.cwd(), name);
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new InvalidConfigError(
      `${CONFIG_FILE_VARIABLE} names ${file}, which cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
      { file },
    );
  }
  return readPackagedConfig(text, name);
}

/**
 * Writes a validated config where configAtColdStart can read it, for runtimes without a
 * function package (the local runtime): returns the absolute path for GUARDRAILS_CONFIG_FILE.
 * Without `dir` it goes to a temporary folder, removed when the process exits.
 */
export function writeConfigFile(config: GuardrailsConfig, dir?: string): string {
  const folder = dir ?? temporaryFolder();
  const file = path.join(folder, "guardrails.config.json");
  writeFileSync(file, packagedConfigText(config));
  return file;
}

const temporaryFolders: string[] = [];

function temporaryFolder(): string {
  // One exit listener for all of them: a process may start many local stacks (tests, replays).
  if (temporaryFolders.length === 0)
    process.once("exit", () => temporaryFolders.forEach((f) => rmSync(f, { recursive: true, force: true })));
  const folder = mkdtempSync(path.join(tmpdir(), "guardrails-config-"));
  temporaryFolders.push(folder);
  return folder;
}

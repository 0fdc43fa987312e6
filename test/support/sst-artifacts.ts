import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { unzipSync } from "fflate";

// What Lambda would receive: the code.zip SST builds for a function in the CLI's work folder
// (evaluateApp's `workDir`), handler bundle, copied files and SST's own files included.

/** The files of a function's package, by path inside the package. */
export function functionPackage(work: string, functionName: string): Record<string, Uint8Array> {
  return unzipSync(readFileSync(path.join(work, "artifacts", functionName, "code.zip")));
}

/** Unpacks a function's package into `into`, as Lambda lays it out under LAMBDA_TASK_ROOT. */
export function unpackFunction(work: string, functionName: string, into: string): string {
  for (const [name, bytes] of Object.entries(functionPackage(work, functionName))) {
    if (name.endsWith("/")) continue;
    mkdirSync(path.dirname(path.join(into, name)), { recursive: true });
    writeFileSync(path.join(into, name), bytes);
  }
  return into;
}

/** Lambda's limit on a function's environment: all keys and values together, 4 KB. */
export const LAMBDA_ENVIRONMENT_LIMIT_BYTES = 4 * 1024;

export function environmentBytes(variables: Record<string, string>): number {
  return Object.entries(variables).reduce(
    (sum, [key, value]) => sum + Buffer.byteLength(key) + Buffer.byteLength(value),
    0,
  );
}

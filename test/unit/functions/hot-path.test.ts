import path from "node:path";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";

// Issue 19: what only the reconcile runs (scheduled scaling's tick: its convergence and window
// maths) is not in the ingest's bundle, which every ECS event cold-starts.

const ROOT = path.resolve(import.meta.dirname, "../../..");

async function bundledInputs(fn: string): Promise<string[]> {
  const result = await build({
    entryPoints: [path.join(ROOT, "functions", `${fn}.ts`)],
    bundle: true,
    platform: "node",
    target: "node24",
    format: "esm",
    minify: true,
    metafile: true,
    write: false,
    logLevel: "silent",
  });
  const inputs = Object.values(result.metafile.outputs)[0]!.inputs;
  return Object.entries(inputs)
    .filter(([, { bytesInOutput }]) => bytesInOutput > 0)
    .map(([input]) => input);
}

const TICK_ONLY = /capabilities\/scheduled-scaling\/(tick|converge|windows-of)\.ts$/;

describe("the ingest's bundle", () => {
  it("holds none of scheduled scaling's tick code, which only the reconcile runs", async () => {
    const inputs = await bundledInputs("ingest");

    expect(inputs.filter((i) => TICK_ONLY.test(i))).toEqual([]);
  });

  it("leaves the tick code to the reconcile, which runs it", async () => {
    const inputs = await bundledInputs("reconcile");

    expect(inputs.filter((i) => TICK_ONLY.test(i)).length).toBe(3);
  });
});

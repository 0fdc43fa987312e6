import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseConfig } from "@ecs-guardrails/core/config/load";

// Function code validates with zod/mini through packages/core/src/zod.ts: one `from "zod"`
// brings back ~440 kB of the bundle (docs/design/benchmarks.md "Cold start and bundle size"), and a schema built
// outside zod.ts would miss the English messages.

const ROOT = path.resolve(import.meta.dirname, "../../..");
const FUNCTION_CODE = ["functions", "packages/core/src", "packages/aws/src"];

function sources(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(path.join(dir, e.name)) : e.name.endsWith(".ts") ? [path.join(dir, e.name)] : [],
  );
}

describe("the schemas library in function code", () => {
  it("is imported only through packages/core/src/zod.ts", () => {
    const direct = FUNCTION_CODE.flatMap(sources).filter(
      (file) =>
        file !== path.join("packages/core/src/zod.ts") &&
        /from "zod(\/[^"]*)?"/.test(readFileSync(path.join(ROOT, file), "utf8")),
    );
    expect(direct).toEqual([]);
  });

  it("speaks English: a value of the wrong type reads 'expected number, received string'", () => {
    expect(() => parseConfig({ guards: { maxActionsPerService: "3" } })).toThrow(
      "guards.maxActionsPerService: Invalid input: expected number, received string",
    );
  });
});

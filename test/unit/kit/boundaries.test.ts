import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// The test kit is for tests and benchmarks: shipped code never imports it. And the CLI runs the
// deployed handlers from one place only, its local runtime.

const ROOT = path.resolve(import.meta.dirname, "../../..");

function sources(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".ts") && !f.includes("node_modules"))
    .map((f) => path.join(dir, f));
}

function importsOf(file: string): string[] {
  const text = readFileSync(path.join(ROOT, file), "utf8");
  return [...text.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)["']([^"']+)["']/g)].map((m) => m[1]!);
}

const shipped = () =>
  [
    "packages/core/src",
    "packages/aws/src",
    "packages/sim/src",
    "packages/cli/src",
    "packages/cli/bin",
    "packages/console/src",
    "functions",
  ].flatMap(sources);

describe("the test kit and the handlers' boundaries", () => {
  it("has no shipped file importing the test kit", () => {
    const offenders = shipped().filter((f) => importsOf(f).some((s) => /(^|\/)test\/kit\/|^(\.\.\/)+kit\//.test(s)));
    expect(offenders).toEqual([]);
  });

  it("has the CLI import the functions' handlers and builders only from its local runtime", () => {
    const offenders = [...sources("packages/cli/src"), ...sources("packages/cli/bin")].filter(
      (f) =>
        !f.startsWith("packages/cli/src/runtime/") &&
        importsOf(f).some((s) => s.startsWith("@ecs-guardrails/functions/")),
    );
    expect(offenders).toEqual([]);
  });

  it("has the console and the simulator import neither the CLI nor the functions", () => {
    const offenders = [...sources("packages/console/src"), ...sources("packages/sim/src")].filter((f) =>
      importsOf(f).some(
        (s) =>
          /^@ecs-guardrails\/(cli|functions)\//.test(s) ||
          (f.startsWith("packages/sim/") && s.startsWith("@ecs-guardrails/console/")),
      ),
    );
    expect(offenders).toEqual([]);
  });
});

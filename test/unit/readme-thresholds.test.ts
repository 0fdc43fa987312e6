import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseConfig } from "../../packages/core/src/config/load.ts";
import { failureThreshold } from "../../packages/core/src/policies/auto-rollback/decide.ts";

// The README's comparison table must say what the code does.

const circuitBreaker = (desired: number) => Math.min(200, Math.max(3, Math.ceil(0.5 * desired)));

function readmeRows(): number[][] {
  const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
  const section = readme.slice(readme.indexOf("| desired count |"));
  return section
    .split("\n")
    .slice(2)
    .filter((line) => /^\|\s*\d/.test(line))
    .map((line) => line.split("|").slice(1, -1).map((cell) => Number(cell.trim())));
}

describe("the README's failures-before-rollback table", () => {
  it("lists the desired counts 1, 4, 10, 25, 100 and 400", () => {
    expect(readmeRows().map((r) => r[0])).toEqual([1, 4, 10, 25, 100, 400]);
  });

  it.each(readmeRows())("matches the code for desired count %i", (desired, breaker, defaults, percent) => {
    const settings = parseConfig({}).policies["auto-rollback"];
    expect(breaker).toBe(circuitBreaker(desired!));
    expect(defaults).toBe(failureThreshold(settings, desired));
    expect(percent).toBe(failureThreshold({ ...settings, failurePercent: 25 }, desired));
  });
});

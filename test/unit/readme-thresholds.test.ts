import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseConfig } from "../../packages/core/src/config/load.ts";
import { failureThreshold } from "../../packages/core/src/capabilities/auto-rollback/decide.ts";
import { breakerThreshold } from "../../packages/core/src/model/circuit-breaker.ts";

// The auto-rollback page's comparison table (docs/capabilities/auto-rollback.md) must say what the code does, and what AWS documents for ECS.

/**
 * ECS's circuit breaker failure threshold per desired count, as AWS documents it (ceil(0.5 ×
 * desired count), clamped to [3, 200]), written out so that the table is checked against the
 * documented numbers rather than against a formula that could be wrong in the same way.
 */
const CIRCUIT_BREAKER: Record<number, number> = { 1: 3, 4: 3, 10: 5, 25: 13, 100: 50, 400: 200 };

function readmeRows(): number[][] {
  const readme = readFileSync(new URL("../../docs/capabilities/auto-rollback.md", import.meta.url), "utf8");
  const section = readme.slice(readme.indexOf("| desired count |"));
  return section
    .split("\n")
    .slice(2)
    .filter((line) => /^\|\s*\d/.test(line))
    .map((line) =>
      line
        .split("|")
        .slice(1, -1)
        .map((cell) => Number(cell.trim())),
    );
}

describe("the README's failures-before-rollback table", () => {
  it("lists the desired counts 1, 4, 10, 25, 100 and 400", () => {
    expect(readmeRows().map((r) => r[0])).toEqual([1, 4, 10, 25, 100, 400]);
  });

  it.each(readmeRows())(
    "matches the code and ECS's documented threshold for desired count %i",
    (desired, breaker, defaults, percent) => {
      const settings = parseConfig({}).policies["auto-rollback"];
      expect(breaker).toBe(CIRCUIT_BREAKER[desired!]);
      // What the notices and the console show for a service without a thresholdConfiguration.
      expect(breakerThreshold(undefined, desired!)).toBe(breaker);
      expect(defaults).toBe(failureThreshold(settings, desired));
      expect(percent).toBe(failureThreshold({ ...settings, failurePercent: 25 }, desired));
    },
  );
});

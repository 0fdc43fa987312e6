import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { planQueries } from "../../packages/core/src/capabilities/right-sizing/metric-queries.ts";
import { RIGHT_SIZING_DEFAULTS } from "../../packages/core/src/capabilities/right-sizing/settings.ts";

// The right-sizing page (docs/capabilities/right-sizing.md) must say what the code does: its settings table and its
// GetMetricData figures for 1,000 services × 14 days.

const section = readFileSync(new URL("../../docs/capabilities/right-sizing.md", import.meta.url), "utf8");

/** The settings table as key → default, splitting "a / b" rows into their keys. */
function settingsRows(): Map<string, string> {
  const table = section.slice(section.indexOf("## Settings"), section.indexOf("## Against"));
  const rows = new Map<string, string>();
  for (const line of table.split("\n").filter((l) => l.startsWith("| `"))) {
    const [keys, defaults] = line
      .split("|")
      .slice(1, 3)
      .map((c) => c.trim());
    const names = keys!.split(" / ").map((k) => k.replaceAll("`", ""));
    const values = defaults!.split(" / ").map((v) => v.replaceAll("`", ""));
    names.forEach((name, i) => rows.set(name, values[i]!));
  }
  return rows;
}

describe("the README's right-sizing section", () => {
  it("lists every setting with the code's default", () => {
    const rows = settingsRows();
    expect([...rows.keys()].sort()).toEqual(Object.keys(RIGHT_SIZING_DEFAULTS).sort());
    for (const [key, value] of Object.entries(RIGHT_SIZING_DEFAULTS)) {
      expect(rows.get(key), key).toBe(typeof value === "object" ? JSON.stringify(value) : String(value));
    }
  });

  it("states the GetMetricData calls and dollars the planner computes", () => {
    const now = new Date("2026-12-01T00:00:00Z");
    const window = { start: new Date(now.getTime() - 14 * 86_400_000), end: now };
    const plan = (ci: boolean) =>
      planQueries(
        Array.from({ length: 1000 }, (_, i) => ({ ref: { cluster: "c", service: `s${i}` }, containerInsights: ci })),
        window,
        now,
      );
    expect(section).toContain(`4,000 metrics in **${plan(false).calls.length} calls**`);
    expect(section).toContain(`**$${plan(false).usd.toFixed(2)} a run**`);
    expect(section).toContain(`${plan(true).calls.length.toLocaleString("en")} calls, $${plan(true).usd.toFixed(2)}`);
  });
});

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { DEFAULT_WORKLOAD, monthlyBill } from "../../packages/core/src/pricing/guardrails-bill.ts";
import { readMeasured } from "../../packages/cli/src/cost.ts";

// The bill in docs/operations.md must be what `guardrails cost` computes from the committed measured inputs:
// after `npm run bench -- --cold --write`, update its "What it costs to run" table.

function readmeBills(): { services: number; taskEvents: number; usd: number }[] {
  const readme = readFileSync(new URL("../../docs/operations.md", import.meta.url), "utf8");
  return [
    ...readme.matchAll(/^\| (?:small|large): ([\d,]+) services, ([\d.]+) M task events a month \| \$([\d.]+) \|$/gm),
  ].map((m) => ({
    services: Number(m[1]!.replace(/,/g, "")),
    taskEvents: Number(m[2]) * 1e6,
    usd: Number(m[3]),
  }));
}

describe("the README's monthly bill", () => {
  it("shows 100 services with 1 M task events and 1,000 services with 10 M", () => {
    expect(readmeBills().map((b) => [b.services, b.taskEvents])).toEqual([
      [100, 1e6],
      [1000, 1e7],
    ]);
  });

  it.each(readmeBills())("matches the cost model for $services services", ({ services, taskEvents, usd }) => {
    const bill = monthlyBill(readMeasured(), { ...DEFAULT_WORKLOAD, services, taskEventsPerMonth: taskEvents });
    expect(usd).toBe(Number(bill.total.toFixed(2)));
  });

  it("keeps the first under the $5 target", () => {
    expect(readmeBills()[0]!.usd).toBeLessThan(5);
  });
});

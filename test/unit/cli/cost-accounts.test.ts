import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "@ecs-guardrails/cli/main";
import type { Out } from "@ecs-guardrails/cli/output";

function fakeOut() {
  const lines: string[] = [];
  const errors: string[] = [];
  const out: Out = {
    line: (t) => lines.push(t),
    json: (v) => lines.push(JSON.stringify(v)),
    error: (t) => errors.push(t),
  };
  return { out, lines, errors };
}

// 900,000 task and 100,000 deployment events a month at --task-events-per-month 900000.
const measured = {
  lambda: {
    ingest: { warmMs: 10, warmCpuMs: 4, initCpuMs: 100, logBytesPerInvocation: 400 },
    reconcile: { warmMs: 200, warmCpuMs: 50, initCpuMs: 100, logBytesPerInvocation: 300 },
  },
  dynamodb: {
    task: { events: 900, requests: 1, readUnits: 0.1, writeUnits: 3 },
    deployment: { events: 100, requests: 3, readUnits: 1, writeUnits: 7 },
  },
  snsPublishesPerEvent: { task: 0, deployment: 0.01 },
  reconcile: { services: 40, ecsCallsPerService: 0.25, perService: { requests: 1.5, readUnits: 2, writeUnits: 0 } },
};
const file = join(mkdtempSync(join(tmpdir(), "guardrails-cost-")), "measured.json");
writeFileSync(file, JSON.stringify(measured));
const base = ["cost", "--task-events-per-month", "900000", "--measured", file];

describe("guardrails cost --accounts", () => {
  it("bills the events delivered from the member accounts to the hub's bus", async () => {
    const { out, lines } = fakeOut();
    expect(await main([...base, "--accounts", "5", "--json"], out)).toBe(0);
    const result = JSON.parse(lines[0]!);
    expect(result.workload.accounts).toBe(5);
    const line = result.lines.find((l: { item: string }) => l.item.startsWith("EventBridge cross-account delivery"));
    expect(line).toMatchObject({ quantity: 800_000, unit: "events" });
    expect(line.cost).toBeCloseTo(0.8, 8);
  });

  it("shows the delivery line, the accounts in the heading and the price", async () => {
    const { out, lines } = fakeOut();
    await main([...base, "--accounts", "5"], out);
    const text = lines.join("\n");
    expect(text).toContain("across 5 accounts");
    expect(text).toMatch(
      /EventBridge cross-account delivery \(4 of 5 accounts to the hub\)\s+800,000\s+events\s+\$0\.80/,
    );
    expect(text).toMatch(/EventBridge cross-account events\s+\$1\s+per million/);
  });

  it("adds no line for one account, the default", async () => {
    const { out, lines } = fakeOut();
    await main([...base, "--json"], out);
    expect(lines[0]).not.toContain("cross-account delivery");
  });

  it("refuses 0 accounts in one line naming the flag", async () => {
    const { out, errors } = fakeOut();
    expect(await main([...base, "--accounts", "0"], out)).toBe(2);
    expect(errors[0]).toMatch(/--accounts.*0.*at least 1/);
  });
});

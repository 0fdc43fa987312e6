import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { MEASURED_FILE, readMeasured } from "@ecs-guardrails/cli/cost";
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

// The same round numbers as the core bill test: every cost here can be checked by hand.
const measured = {
  measuredAt: "2026-12-01T00:00:00.000Z",
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

function measuredFile(content: unknown): string {
  const file = join(mkdtempSync(join(tmpdir(), "guardrails-cost-")), "measured.json");
  writeFileSync(file, typeof content === "string" ? content : JSON.stringify(content));
  return file;
}

describe("guardrails cost", () => {
  it("prints its usage for --help", async () => {
    const { out, lines } = fakeOut();
    expect(await main(["cost", "--help"], out)).toBe(0);
    expect(lines.join("\n")).toMatch(/Usage: guardrails cost/);
    expect(lines.join("\n")).toContain("npm run bench -- --cold --write");
  });

  it("is a command of the CLI", async () => {
    const { out, lines } = fakeOut();
    expect(await main(["cost", "--json", "--measured", measuredFile(measured)], out)).toBe(0);
    expect(JSON.parse(lines[0]!).total).toBeGreaterThan(0);
  });

  it("bills the workload it is given from the measured inputs, as JSON", async () => {
    const { out, lines } = fakeOut();
    await main(
      ["cost", "--services", "40", "--task-events-per-month", "900000", "--json", "--measured", measuredFile(measured)],
      out,
    );
    const result = JSON.parse(lines[0]!);
    expect(result.workload).toMatchObject({
      services: 40,
      taskEventsPerMonth: 900_000,
      memoryMB: { ingest: 256, reconcile: 256 },
    });
    // 900,000 × 3 + 100,000 × 7 WRU × $0.625 / million (see the core bill test)
    expect(result.lines.find((l: { item: string }) => l.item === "DynamoDB writes (ingest)").cost).toBeCloseTo(
      2.125,
      8,
    );
    expect(result.prices).toMatchObject({ region: "us-east-1", dynamoWriteUnit: 0.625 / 1e6 });
    expect(result.memoryOptions.map((m: { memoryMB: number }) => m.memoryMB)).toEqual([128, 256, 512]);
  });

  it("prints the bill, its total, the memory trade-off and the price table", async () => {
    const { out, lines } = fakeOut();
    await main(
      ["cost", "--services", "40", "--task-events-per-month", "900000", "--measured", measuredFile(measured)],
      out,
    );
    const text = lines.join("\n");
    expect(text).toContain("40 services, 900,000 task events a month (us-east-1)");
    expect(text).toMatch(/DynamoDB writes \(ingest\)\s+3,400,000\s+WRU\s+\$2\.13/);
    expect(text).toMatch(/Total: \$\d+\.\d\d a month/);
    expect(text).toMatch(/128 MB\s+61\.3 ms/);
    expect(text).toMatch(/DynamoDB write request units\s+\$0\.625\s+per million/);
  });

  it("reads memory from --memory for both functions", async () => {
    const { out, lines } = fakeOut();
    await main(["cost", "--memory", "512", "--json", "--measured", measuredFile(measured)], out);
    expect(JSON.parse(lines[0]!).workload.memoryMB).toEqual({ ingest: 512, reconcile: 512 });
  });

  it.each([
    [["--services", "many"], /--services.*many.*expected a whole number of at least 0/],
    [["--task-events-per-month=-5"], /--task-events-per-month.*-5.*expected a whole number of at least 0/],
    [["--memory", "64"], /--memory.*64.*between 128 and 10240 MB/],
  ])("refuses %j with one line naming the flag", async (argv, message) => {
    const { out, errors } = fakeOut();
    expect(await main(["cost", ...argv, "--measured", measuredFile(measured)], out)).toBe(2);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(message);
  });

  it("names the file and the command that refreshes it when the measured inputs are missing or wrong", () => {
    expect(() => readMeasured("/nonexistent/measured.json")).toThrow(
      /cannot read the measured inputs \/nonexistent\/measured\.json.*npm run bench -- --cold --write/,
    );
    expect(() => readMeasured(measuredFile({ lambda: {} }))).toThrow(
      /is not a measured-inputs file \(lambda\.ingest: .*\)/,
    );
  });

  it("reads the committed bench/measured.json by default", () => {
    expect(MEASURED_FILE).toMatch(/bench\/measured\.json$/);
    expect(readMeasured().dynamodb["task"]!.events).toBeGreaterThan(0);
  });
});

import { afterAll, describe, expect, it } from "vitest";
import { FAULT_KINDS, type CallRecord, type FaultKind } from "../support/faults.ts";
import { violations } from "./checks.ts";
import { writeReport, type CellResult } from "./report.ts";
import { runScenario, type Run, type Scenario } from "./world.ts";

// The fault matrix of one scenario: for every call of its clean run (port calls and the SDK
// requests inside them) and every fault kind, the scenario again with that one fault, under
// Lambda's retries; plus a run with every event delivered twice. Each cell is a test.

const VERBS: Record<FaultKind, string> = { throw: "throws", throttle: "is throttled", timeout: "times out", crash: "crashes" };

export const pointLabel = (c: CallRecord) => `${c.invocation} ${c.name}${c.within ? ` (in ${c.within})` : ""}`;

export async function faultMatrix(scenario: Scenario): Promise<void> {
  const clean = await runScenario(scenario);
  const results: CellResult[] = [];
  const check = (run: Run, cell: Omit<CellResult, "violations">) => {
    const found = violations(scenario, clean, run);
    if (cell.kind !== "duplicates" && run.fired?.name !== clean.calls[cell.index - 1]?.name) found.push(`the fault hit ${run.fired ? pointLabel(run.fired) : "no call"}, not the clean run's call ${cell.index}`);
    results.push({ ...cell, violations: found });
    expect(found, `${scenario.title}: ${cell.label}`).toEqual([]);
  };

  describe(scenario.title, () => {
    afterAll(() => writeReport(scenario, clean.calls, results));

    it("acts, notifies and records as expected without faults", () => {
      expect(scenario.truths(clean)).toEqual([]);
      expect(clean.deadLetters).toEqual([]);
      expect(clean.calls.length).toBeGreaterThan(0);
    });

    it("stays exactly-once and consistent when EventBridge delivers every event twice", async () => {
      check(await runScenario(scenario, { duplicates: true }), { index: 0, kind: "duplicates", label: "every event delivered twice" });
    });

    describe.concurrent("with one fault", () => {
      for (const call of clean.calls) {
        for (const kind of FAULT_KINDS) {
          it(`stays exactly-once and consistent when call ${call.index} (${pointLabel(call)}) ${VERBS[kind]}`, async () => {
            check(await runScenario(scenario, { fault: { at: call.index, kind } }), { index: call.index, kind, label: pointLabel(call) });
          });
        }
      }
    });
  });
}

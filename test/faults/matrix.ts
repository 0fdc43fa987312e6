import { afterAll, describe, expect, it, vi } from "vitest";
import { FAULT_KINDS, type CallRecord, type FaultKind } from "../support/faults.ts";
import { violations } from "./checks.ts";
import { writeReport, type CellResult } from "./report.ts";
import { runScenario, type Run, type Scenario } from "./world.ts";

// The fault matrix of one scenario: for every call of its clean run (port calls and the SDK
// requests inside them) and every fault kind, the scenario again with that one fault, under
// Lambda's retries; plus a run with every event delivered twice. Each cell is a test.

// The cells wait on DynamoDB Local far more than they compute: more of them at once than
// vitest's default 5 keeps it busy.
vi.setConfig({ maxConcurrency: 8 });

/** A cell takes about a second alone; on a busy machine, with the others, much longer. */
const CELL_TIMEOUT_MS = 120_000;

const VERBS: Record<FaultKind, string> = {
  throw: "throws",
  throttle: "is throttled",
  timeout: "times out",
  crash: "crashes",
};

export const pointLabel = (c: CallRecord) => `${c.invocation} ${c.name}${c.within ? ` (in ${c.within})` : ""}`;

/**
 * Every port call, and the SDK requests of the port calls that send more than one: a request
 * that is its port call's only one fails the same way as the port call (the adapters pass the
 * errors of these kinds on), while between two requests of one call lie the partial writes.
 */
export function faultPoints(calls: CallRecord[]): CallRecord[] {
  const requests = new Map<string, number>();
  for (const c of calls)
    if (c.level === "sdk" && c.within) requests.set(parentKey(calls, c), (requests.get(parentKey(calls, c)) ?? 0) + 1);
  return calls.filter((c) => c.level === "port" || (requests.get(parentKey(calls, c)) ?? 0) > 1);
}

/** The port call an SDK request was sent in: the latest call of that name in the same invocation. */
function parentKey(calls: CallRecord[], request: CallRecord): string {
  const parent = calls
    .slice(0, request.index - 1)
    .findLast((c) => c.level === "port" && c.invocation === request.invocation && c.name === request.within);
  return `${parent?.index ?? 0}`;
}

/**
 * Declares the scenario's cells. With `faults: false`, only the run without faults and the run
 * with every event delivered twice: for lifecycle scenarios whose point is the clean run.
 */
export async function faultMatrix(
  scenario: Scenario,
  options: { faults?: boolean; faultsIn?: (invocation: string) => boolean } = {},
): Promise<void> {
  const clean = await runScenario(scenario);
  // `faultsIn`: only the calls of these invocations (the rest are other matrices' cells already).
  const points =
    options.faults === false
      ? []
      : faultPoints(clean.calls.slice(0, clean.scenarioCalls)).filter(
          (c) => !options.faultsIn || options.faultsIn(c.invocation),
        );
  const results: CellResult[] = [];
  const check = (run: Run, cell: Omit<CellResult, "violations">) => {
    const found = violations(
      scenario,
      clean,
      run,
      run.fired && cell.kind !== "duplicates" ? { name: run.fired.name, kind: cell.kind } : undefined,
    );
    if (cell.index > 0 && run.fired?.name !== clean.calls[cell.index - 1]?.name)
      found.push(
        `the fault hit ${run.fired ? pointLabel(run.fired) : "no call"}, not the clean run's call ${cell.index}`,
      );
    results.push({ ...cell, violations: found });
    expect(found, `${scenario.title}: ${cell.label}`).toEqual([]);
  };

  describe(scenario.title, () => {
    afterAll(() => writeReport(scenario, points, results));

    it("acts, notifies and records as expected without faults", () => {
      const found = [
        ...scenario.truths(clean),
        ...clean.deadLetters.map((o) => `${o.input.label} ended in the dead-letter queue: ${o.attempts.at(-1)?.error}`),
      ];
      results.push({ index: 0, kind: "clean", label: "without faults", violations: found });
      expect(found).toEqual([]);
      expect(clean.calls.length).toBeGreaterThan(0);
    });

    it(
      "stays exactly-once and consistent when EventBridge delivers every event twice",
      async () => {
        check(await runScenario(scenario, { duplicates: true }), {
          index: 0,
          kind: "duplicates",
          label: "every event delivered twice",
        });
      },
      CELL_TIMEOUT_MS,
    );

    it(
      "stays exactly-once and consistent when EventBridge delivers every event twice at the same moment",
      async () => {
        check(await runScenario(scenario, { duplicates: "concurrent" }), {
          index: 0,
          kind: "racing duplicates",
          label: "every event delivered twice at once",
        });
      },
      CELL_TIMEOUT_MS,
    );

    if (points.length > 0)
      describe.concurrent("with one fault", () => {
        for (const call of points) {
          for (const kind of FAULT_KINDS) {
            it(
              `stays exactly-once and consistent when call ${call.index} (${pointLabel(call)}) ${VERBS[kind]}`,
              async () => {
                check(await runScenario(scenario, { fault: { at: call.index, kind } }), {
                  index: call.index,
                  kind,
                  label: pointLabel(call),
                });
              },
              CELL_TIMEOUT_MS,
            );
          }
        }
      });
  });
}

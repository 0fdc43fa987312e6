import { describe, expect, it } from "vitest";
import { makeReconcile, type ReconcileHandlerDeps } from "../../../functions/handlers/reconcile.ts";
import { parseConfig } from "../../../packages/core/src/config/load.ts";

// Issue 21: the reconcile keeps the time it ran in the archive beside the envelopes, so an
// export's replay ticks when live ticked. The record never stops the tick.

const NOW = new Date("2026-11-20T10:05:02.502Z");

function handler(keepTick: (time: string) => Promise<void>) {
  const listed: string[] = [];
  const errors: string[] = [];
  const deps = {
    config: parseConfig({}),
    clock: { now: () => NOW },
    store: { servicesNeedingAttention: async () => [], parkedDecisions: async () => [] },
    ecs: {
      listServices: async () => {
        listed.push("listed");
        return [];
      },
    },
    ledger: { claimOnce: async () => true },
    ticks: { keepTick },
  } as unknown as ReconcileHandlerDeps;
  const log = { info: () => {}, error: (message: string) => void errors.push(message) };
  return { run: makeReconcile(deps, log), listed, errors };
}

describe("the reconcile's tick record", () => {
  it("keeps the invocation's time before it looks at any service", async () => {
    const kept: string[] = [];
    const { run, listed } = handler(async (time) => {
      expect(listed).toEqual([]);
      kept.push(time);
    });

    await run();

    expect(kept).toEqual(["2026-11-20T10:05:02.502Z"]);
    expect(listed).toEqual(["listed"]);
  });

  it("still looks at the services when the record fails, and says so in one line", async () => {
    const { run, listed, errors } = handler(async () => {
      throw new Error("ProvisionedThroughputExceededException");
    });

    const result = await run();

    expect(result.services).toBe(0);
    expect(listed).toEqual(["listed"]);
    expect(errors).toEqual(["could not keep the reconcile's time in the archive; the tick runs on"]);
  });
});

import { describe, expect, it } from "vitest";
import { FaultInjector } from "../../support/faults.ts";
import { deliverAll, type Handler, type Input, type LambdaDeps } from "../../support/lambda.ts";

// The Lambda driver must retry and dead-letter as Lambda's asynchronous invocation does.

const T0 = Date.parse("2026-11-20T10:00:00Z");
const at = (s: number) => new Date(T0 + s * 1000).toISOString();
const event = (label: string, s: number): Input => ({ label, at: at(s), event: { id: label } });
const deps = { clock: { now: () => new Date(0) } } as unknown as LambdaDeps;

/** A handler that logs each invocation (label @ seconds since T0) and fails as told. */
function handler(fails: (label: string, attempt: number) => boolean) {
  const log: string[] = [];
  const seen = new Map<string, number>();
  const run: Handler = async (input, d) => {
    const attempt = (seen.get(input.label) ?? 0) + 1;
    seen.set(input.label, attempt);
    log.push(`${input.label}@${(d.clock.now().getTime() - T0) / 1000}`);
    if (fails(input.label, attempt)) throw new Error(`${input.label} failed`);
  };
  return { run, log };
}

describe("the Lambda driver", () => {
  it("retries a failed invocation one and then two minutes later, then puts the event in the dead-letter queue", async () => {
    const h = handler((label) => label === "bad");
    const { outcomes, deadLetters } = await deliverAll([event("bad", 0)], {
      deps,
      injector: new FaultInjector(),
      handler: h.run,
    });
    expect(h.log).toEqual(["bad@0", "bad@60", "bad@180"]);
    expect(deadLetters.map((o) => o.input.label)).toEqual(["bad"]);
    expect(outcomes[0]!.attempts.map((a) => a.error)).toEqual([
      "Error: bad failed",
      "Error: bad failed",
      "Error: bad failed",
    ]);
  });

  it("runs a retry after the events that arrived in the meantime, and counts it processed once it succeeds", async () => {
    const h = handler((label, attempt) => label === "a" && attempt === 1);
    const { outcomes, deadLetters } = await deliverAll([event("a", 0), event("b", 10), event("c", 90)], {
      deps,
      injector: new FaultInjector(),
      handler: h.run,
    });
    expect(h.log).toEqual(["a@0", "b@10", "a@60", "c@90"]);
    expect(deadLetters).toEqual([]);
    expect(outcomes.map((o) => o.final)).toEqual(["processed", "processed", "processed"]);
  });

  it("delivers every input a second time when EventBridge duplicates", async () => {
    const h = handler(() => false);
    await deliverAll([event("a", 0), event("b", 10)], {
      deps,
      injector: new FaultInjector(),
      handler: h.run,
      duplicates: true,
    });
    expect(h.log).toEqual(["a@0", "a (again)@0", "b@10", "b (again)@10"]);
  });

  it("runs the two deliveries of an input side by side when the duplicates race", async () => {
    const running: string[] = [];
    let overlapped = false;
    const run: Handler = async (input) => {
      running.push(input.label);
      if (running.length > 1) overlapped = true;
      await new Promise((r) => setTimeout(r, 5));
      running.splice(running.indexOf(input.label), 1);
    };
    await deliverAll([event("a", 0)], { deps, injector: new FaultInjector(), handler: run, duplicates: "concurrent" });
    expect(overlapped).toBe(true);
  });
});

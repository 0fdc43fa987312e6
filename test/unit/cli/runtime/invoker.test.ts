import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DeadLetters, invokeAsync } from "@ecs-guardrails/cli/runtime/invoker";
import { afterEach, describe, expect, it, vi } from "vitest";

const EVENT = { id: "e1", source: "aws.ecs" };
const now = () => new Date("2026-03-02T09:00:00Z");

/** A handler that fails its first `failures` calls, then returns "done". */
function flaky(failures: number, error: () => unknown = () => new Error("throttled")) {
  let calls = 0;
  return vi.fn(async (_event: unknown) => {
    calls += 1;
    if (calls <= failures) throw error();
    return "done";
  });
}

describe("invokeAsync", () => {
  it.each([
    [0, 1],
    [1, 2],
    [2, 3],
  ])("succeeds after %i failures on attempt %i, with no dead letter", async (failures, attempts) => {
    const handler = flaky(failures);
    const dead = new DeadLetters();

    const outcome = await invokeAsync("ingest", handler, EVENT, dead, { now });

    expect(outcome).toEqual({ ok: true, result: "done", attempts });
    expect(handler).toHaveBeenCalledTimes(attempts);
    expect(dead.entries).toEqual([]);
  });

  it("gives up after 3 attempts with one dead letter holding the event and the last error", async () => {
    let n = 0;
    const handler = vi.fn(async () => {
      n += 1;
      throw new TypeError(`boom ${n}`);
    });
    const dead = new DeadLetters();

    const outcome = await invokeAsync("ingest", handler, EVENT, dead, { now });

    expect(outcome).toMatchObject({ ok: false, attempts: 3, error: { message: "boom 3" } });
    expect(handler).toHaveBeenCalledTimes(3);
    expect(dead.entries).toEqual([
      {
        at: "2026-03-02T09:00:00.000Z",
        function: "ingest",
        error: "boom 3",
        errorName: "TypeError",
        attempts: 3,
        event: EVENT,
      },
    ]);
  });

  it("honours a smaller retry budget", async () => {
    const handler = flaky(5);
    const dead = new DeadLetters();

    const outcome = await invokeAsync("ingest", handler, EVENT, dead, { retries: 0, now });

    expect(outcome.attempts).toBe(1);
    expect(dead.entries).toHaveLength(1);
  });

  it.each([
    ["not retryable", false, 1],
    ["retryable", true, 3],
  ])(
    "dead-letters an error the predicate calls %s after the right number of attempts",
    async (_, retryable, attempts) => {
      const handler = flaky(5, () => new RangeError("invalid event"));
      const dead = new DeadLetters();

      const outcome = await invokeAsync("ingest", handler, EVENT, dead, { now, retryable: () => retryable });

      expect(handler).toHaveBeenCalledTimes(attempts);
      expect(outcome).toMatchObject({ ok: false, attempts });
      expect(dead.entries).toEqual([
        expect.objectContaining({ attempts, errorName: "RangeError", error: "invalid event" }),
      ]);
    },
  );

  it("wraps a thrown non-Error value so the dead letter still has a message", async () => {
    const dead = new DeadLetters();

    await invokeAsync(
      "ingest",
      flaky(5, () => "plain string"),
      EVENT,
      dead,
      { now },
    );

    expect(dead.entries[0]).toMatchObject({ error: "plain string", errorName: "Error" });
  });
});

describe("DeadLetters", () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it("appends each dead letter to its file as one JSON line, creating the folder", async () => {
    dir = mkdtempSync(join(tmpdir(), "dead-letters-"));
    const file = join(dir, "nested", "dead-letters.jsonl");
    const dead = new DeadLetters(file);

    await invokeAsync(
      "ingest",
      flaky(9, () => new Error("first")),
      { id: "a" },
      dead,
      { now, retries: 0 },
    );
    await invokeAsync(
      "reconcile",
      flaky(9, () => new Error("second")),
      { id: "b" },
      dead,
      { now, retries: 0 },
    );

    const lines = readFileSync(file, "utf8").split("\n");
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe("");
    expect(lines.slice(0, 2).map((l) => JSON.parse(l))).toEqual(dead.entries);
    expect(dead.entries.map((e) => [e.function, e.error, e.event])).toEqual([
      ["ingest", "first", { id: "a" }],
      ["reconcile", "second", { id: "b" }],
    ]);
  });
});

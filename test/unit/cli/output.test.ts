import { progress, table } from "@ecs-guardrails/cli/output";
import { afterEach, describe, expect, it, vi } from "vitest";

describe("table", () => {
  it("pads each column to its widest cell under an upper-case header and a rule", () => {
    const rows = [
      { name: "web", count: 12 },
      { name: "checkout-api", count: 3 },
    ];

    const text = table(rows, ["name", "count"]);

    expect(text.split("\n")).toEqual([
      "NAME          COUNT",
      "------------  -----",
      "web           12",
      "checkout-api  3",
    ]);
  });

  it("fits a terminal's width by narrowing the widest columns first, every line within it", () => {
    const rows = [{ id: "m1", what: "w".repeat(60), why: "y".repeat(70) }];

    const lines = table(rows, ["id", "what", "why"], { maxWidth: 80 }).split("\n");

    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(80);
    // 2 + 37 + 37 and two gaps of 2: the two wide columns share what is left.
    expect(lines[2]).toBe(`m1  ${"w".repeat(36)}…  ${"y".repeat(36)}…`);
  });

  it("truncates a cell longer than 80 characters with an ellipsis", () => {
    const text = table([{ reason: "r".repeat(100), n: 1 }], ["reason", "n"]);

    const row = text.split("\n")[2]!;
    expect(row).toBe(`${"r".repeat(79)}…  1`);
  });

  it.each([
    ["undefined", undefined],
    ["null", null],
  ])("shows %s as an empty cell", (_, value) => {
    const text = table([{ a: value, b: "x" }], ["a", "b"]);

    expect(text.split("\n")[2]).toBe("   x");
  });

  it("prints only the header and rule for no rows", () => {
    expect(table([], ["at", "policy"])).toBe("AT  POLICY\n--  ------");
  });
});

describe("progress", () => {
  const wasTty = process.stderr.isTTY;
  afterEach(() => {
    process.stderr.isTTY = wasTty;
    vi.restoreAllMocks();
  });

  function capture(tty: boolean) {
    process.stderr.isTTY = tty;
    const writes: string[] = [];
    vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
      writes.push(String(chunk));
      return true;
    });
    return writes;
  }

  it("prints every 25 % step once when stderr is not a terminal", () => {
    const writes = capture(false);
    const bar = progress("replaying", 25);

    for (let done = 1; done <= 25; done += 1) bar.tick(done);
    bar.done();

    expect(writes).toEqual([
      "replaying 7/25 (28 %)\n",
      "replaying 13/25 (52 %)\n",
      "replaying 19/25 (76 %)\n",
      "replaying 25/25 (100 %)\n",
    ]);
  });

  it("redraws one line on a terminal and ends it when done", () => {
    const writes = capture(true);
    const bar = progress("replaying", 2);

    bar.tick(1);
    bar.tick(2);
    bar.done();

    expect(writes).toEqual(["\rreplaying 1/2 (50 %)", "\rreplaying 2/2 (100 %)", "\n"]);
  });

  it("counts an empty run as complete", () => {
    const writes = capture(false);

    progress("replaying", 0).tick(0);

    expect(writes).toEqual(["replaying 0/0 (100 %)\n"]);
  });
});

import { describe, expect, it } from "vitest";
import { percentile, percentileOfSorted, summarize } from "@ecs-guardrails/core/capabilities/right-sizing/percentile";

// Nearest rank: the p-th percentile of n sorted values is the one at rank ceil(p/100 × n).

describe("percentile (nearest rank)", () => {
  it.each([
    // [15, 20, 35, 40, 50]: p5 → rank ceil(0.25) = 1 → 15; p30 → ceil(1.5) = 2 → 20;
    // p40 → ceil(2.0) = 2 → 20; p50 → ceil(2.5) = 3 → 35; p100 → rank 5 → 50.
    [[15, 20, 35, 40, 50], 5, 15],
    [[15, 20, 35, 40, 50], 30, 20],
    [[15, 20, 35, 40, 50], 40, 20],
    [[15, 20, 35, 40, 50], 50, 35],
    [[15, 20, 35, 40, 50], 100, 50],
    [[15, 20, 35, 40, 50], 0, 15],
    // Unsorted input is sorted first: [3, 1, 2] → [1, 2, 3]; p50 → ceil(1.5) = 2 → 2.
    [[3, 1, 2], 50, 2],
    // 1..20: p95 → rank ceil(19) = 19 → 19.
    [Array.from({ length: 20 }, (_, i) => i + 1), 95, 19],
    // 1..100: p7 → rank 7 → 7 (0.07 × 100 is 7.000000000000001 in floating point, not rank 8).
    [Array.from({ length: 100 }, (_, i) => i + 1), 7, 7],
    // 1..100: p90 → 90, p99 → 99.
    [Array.from({ length: 100 }, (_, i) => i + 1), 90, 90],
    [Array.from({ length: 100 }, (_, i) => i + 1), 99, 99],
    // Gaps (NaN) are not data: [NaN, 10, NaN, 30] is [10, 30]; p50 → rank 1 → 10.
    [[Number.NaN, 10, Number.NaN, 30], 50, 10],
  ])("of %j at p%d is %d", (values, p, expected) => {
    expect(percentile(values, p)).toBe(expected);
  });

  it("is undefined for no data", () => {
    expect(percentile([], 95)).toBeUndefined();
    expect(percentile([Number.NaN], 95)).toBeUndefined();
  });

  it("refuses a percentile outside 0–100", () => {
    expect(() => percentile([1], 101)).toThrow(/between 0 and 100/);
    expect(() => percentile([1], -1)).toThrow(/between 0 and 100/);
  });
});

describe("selection agrees with sorting", () => {
  it("finds every percentile of random series as sorting them would", () => {
    // A fixed pseudo-random generator (LCG), so a failure can be replayed.
    let x = 12345;
    const next = () => (x = (Math.imul(x, 1103515245) + 12345) >>> 0) / 2 ** 32;
    for (const n of [1, 2, 3, 10, 101, 1440, 5000]) {
      // Half the series in coarse steps: long runs of equal values, as utilization has.
      const values = Array.from({ length: n }, (_, i) => (i % 2 ? Math.round(next() * 10) : next() * 100));
      const sorted = [...values].sort((a, b) => a - b);
      for (const p of [0, 1, 7, 50, 90, 95, 99, 99.9, 100])
        expect(percentile(values, p), `n=${n} p${p}`).toBe(percentileOfSorted(sorted, p));
    }
  });

  it("leaves the caller's series as it was", () => {
    const values = [5, 3, 9, 1];
    summarize(values, [95]);
    expect(values).toEqual([5, 3, 9, 1]);
  });
});

describe("summarize", () => {
  it("gives p50, p90, p95, p99, max and mean of a day of per-minute points", () => {
    // 1,440 points: 1,368 at 20 % and 72 at 80 %. Ranks: p50 720, p90 1296, p95 1368 → 20;
    // p99 ceil(1425.6) = 1426 → 80; max 80; mean (1368 × 20 + 72 × 80) / 1440 = 23.
    const values = [...Array<number>(1368).fill(20), ...Array<number>(72).fill(80)];
    expect(summarize(values)?.summary).toEqual({ count: 1440, p50: 20, p90: 20, p95: 20, p99: 80, max: 80, mean: 23 });
  });
});

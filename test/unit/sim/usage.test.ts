import { describe, expect, it } from "vitest";
import { minuteUsage, oomKillsBetween, taskUsage, type UsageProfile } from "@ecs-guardrails/sim/usage";

const T0 = Date.parse("2026-12-01T00:00:00Z");
const HOUR = 3_600_000;
const steady: UsageProfile = {
  tasks: 3,
  cpuUnits: 1024,
  memoryMiB: 2048,
  cpu: { low: 10, high: 50, peakHourUtc: 14 },
  memory: { low: 30, high: 40 },
};

describe("simulated usage", () => {
  it("follows the daily pattern: the high at the peak hour, the low twelve hours later", () => {
    // daily = 0.5 + 0.5 cos(2π (h − 14) / 24): 1 at 14:00, 0 at 02:00, 0.5 at 08:00.
    expect(taskUsage(steady, 1, 0, T0 + 14 * HOUR)).toEqual({ cpu: 50, memory: 40 });
    expect(taskUsage(steady, 1, 0, T0 + 2 * HOUR).cpu).toBeCloseTo(10, 9);
    expect(taskUsage(steady, 1, 0, T0 + 8 * HOUR).cpu).toBeCloseTo(30, 9);
  });

  it("spikes CPU for the given minutes every few hours", () => {
    // Peak at noon, so midnight is the low (10 %). Minutes since the epoch divisible by 360 start
    // a spike; 2026-12-01T00:00Z is one (a multiple of 6 h). The fourth minute is back to ~10 %.
    const spiky = {
      ...steady,
      cpu: { low: 10, high: 50, peakHourUtc: 12 },
      spikes: { everyHours: 6, minutes: 3, cpu: 95 },
    };
    expect([0, 1, 2, 3].map((m) => taskUsage(spiky, 1, 0, T0 + m * 60_000).cpu)).toEqual([
      95,
      95,
      95,
      expect.closeTo(10, 2),
    ]);
  });

  it("takes the Maximum and Average across tasks, with noise that differs by task but not by run", () => {
    const noisy = { ...steady, noise: 5 };
    const a = minuteUsage(noisy, 7, T0 + 14 * HOUR)!;
    expect(a).toEqual(minuteUsage(noisy, 7, T0 + 14 * HOUR));
    expect(a.cpu.count).toBe(3);
    expect(a.cpu.max).toBeGreaterThan(a.cpu.avg);
    expect(a.cpu.max).toBeLessThanOrEqual(55);
    expect(a.cpu.avg).toBeCloseTo(a.cpu.sum / 3, 12);
  });

  it("has no data before the service existed", () => {
    expect(minuteUsage({ ...steady, since: T0 }, 1, T0 - 60_000)).toBeUndefined();
  });

  it("leaks memory to the limit and counts a kill each time a task reaches it", () => {
    // From 40 % at 10 % an hour: 100 % after 6 hours, so 4 kills a day per task.
    const leaky = { ...steady, tasks: 2, memory: { low: 40, high: 40 }, leakPercentPerHour: 10 };
    expect(oomKillsBetween(leaky, 3, T0, T0 + 24 * HOUR)).toBe(8);
    expect(oomKillsBetween(steady, 3, T0, T0 + 24 * HOUR)).toBe(0);
    const climb = Array.from({ length: 6 * 60 }, (_, m) => taskUsage(leaky, 3, 0, T0 + m * 60_000).memory);
    expect(Math.max(...climb)).toBeGreaterThan(99);
    expect(Math.min(...climb)).toBeLessThan(41);
  });
});

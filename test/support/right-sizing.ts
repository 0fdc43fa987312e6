import { rightSizingSettings, type RightSizingSettings } from "@ecs-guardrails/core/capabilities/right-sizing/settings";
import type { ServiceUsage } from "@ecs-guardrails/core/capabilities/right-sizing/types";

// Usage builders for the right-sizing tests: a per-minute series made of runs of equal values,
// so a test's comment can sort it and count ranks by hand.

/** Per-minute points: [[count, value], ...] laid end to end. */
export function minutes(...runs: [count: number, value: number][]): { periodSeconds: number; values: number[] } {
  return { periodSeconds: 60, values: runs.flatMap(([n, v]) => Array<number>(n).fill(v)) };
}

export const settings = (overrides: Partial<RightSizingSettings> = {}): RightSizingSettings => ({
  ...rightSizingSettings.full.parse({}),
  ...overrides,
});

/** A Fargate service of 2 tasks at 1 vCPU / 4 GB, x86, no Spot, 24 h of data (CPU p95 20 %, memory max 25 %). */
export function fargateUsage(overrides: Partial<ServiceUsage> = {}): ServiceUsage {
  return {
    ref: { cluster: "prod", service: "web" },
    revision: "web:7",
    launchType: "FARGATE",
    taskSize: { cpu: 1024, memory: 4096 },
    containers: [{ name: "app" }],
    architecture: "x86_64",
    tasks: 2,
    spotShare: 0,
    cpuUtilization: minutes([1368, 20], [72, 80]),
    memoryUtilization: minutes([1440, 25]),
    lookbackHours: 336,
    oomKills: 0,
    targetTracking: [],
    ...overrides,
  };
}

/** Per-minute points with their timestamps (epoch ms) from `start`: [[count, value], ...] end to end. */
export function timedMinutes(
  start: number,
  ...runs: [count: number, value: number][]
): { periodSeconds: number; timestamps: number[]; values: number[] } {
  const values = runs.flatMap(([n, v]) => Array<number>(n).fill(v));
  return { periodSeconds: 60, timestamps: values.map((_, i) => start + i * 60_000), values };
}

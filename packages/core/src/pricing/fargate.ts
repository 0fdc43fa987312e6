import type { CapacityProviderItem } from "../model/description.ts";

// Fargate prices (us-east-1, Linux/x86, per hour; docs/design/aws-facts.md#fargate-sizes-and-prices). Fargate Spot is x86 only and
// "up to 70 % off": the extra cost of running on on-demand is at most 70 % of its price.

export const FARGATE_X86 = { vcpuHour: 0.04048, gbHour: 0.004445 } as const;
export const SPOT_DISCOUNT = 0.7;

export type TaskSize = { cpu: number; memory: number };

/** On-demand price of one task per hour: cpu in CPU units (1024 = 1 vCPU), memory in MiB. */
export function onDemandTaskHour(size: TaskSize): number {
  return (size.cpu / 1024) * FARGATE_X86.vcpuHour + (size.memory / 1024) * FARGATE_X86.gbHour;
}

/** How many of `desired` tasks a strategy places on FARGATE_SPOT (base first, then by weight). */
export function spotTasks(strategy: readonly CapacityProviderItem[], desired: number): number {
  const base = strategy.reduce((n, s) => n + s.base, 0);
  const baseOnSpot = strategy.filter((s) => s.capacityProvider === "FARGATE_SPOT").reduce((n, s) => n + s.base, 0);
  const rest = Math.max(0, desired - Math.min(base, desired));
  const totalWeight = strategy.reduce((n, s) => n + s.weight, 0);
  const spotWeight = strategy.filter((s) => s.capacityProvider === "FARGATE_SPOT").reduce((n, s) => n + s.weight, 0);
  return Math.min(desired, baseOnSpot) + (totalWeight === 0 ? 0 : Math.round((rest * spotWeight) / totalWeight));
}

/** The most that moving `tasks` from Spot to on-demand adds per hour. */
export function extraCostPerHour(tasks: number, size: TaskSize): number {
  return round(tasks * onDemandTaskHour(size) * SPOT_DISCOUNT);
}

export function round(n: number, digits = 4): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

import type { TaskSize } from "./fargate-sizes.ts";

// Fargate on-demand prices, Linux, per vCPU-hour and per GB-hour (docs/design/aws-facts.md#fargate-sizes-and-prices; the AWS Fargate
// pricing page, us-east-1; no price change was found for 2025–2026). Fargate bills per second
// with a one-minute minimum, so the rates are kept per second and a month is 730 hours, the
// month the AWS pricing pages use. Other regions: add their rates in `prices` (settings).

export type Architecture = "x86_64" | "arm64";
export type Rates = { vcpuHour: number; gbHour: number };
export type RegionPrices = Record<Architecture, Rates>;

export const FARGATE_PRICES: Readonly<Record<string, RegionPrices>> = {
  "us-east-1": { x86_64: { vcpuHour: 0.04048, gbHour: 0.004445 }, arm64: { vcpuHour: 0.03238, gbHour: 0.00356 } },
};

export const SECONDS_PER_MONTH = 730 * 3600;

/** Price of one task per second of `size` (CPU units, MiB). */
export function taskPerSecond(size: TaskSize, rates: Rates): number {
  return ((size.cpu / 1024) * rates.vcpuHour + (size.memory / 1024) * rates.gbHour) / 3600;
}

export type Fleet = {
  /** Average tasks running. */
  tasks: number;
  /** Fraction of those tasks on FARGATE_SPOT, 0–1. */
  spotShare: number;
  architecture: Architecture;
};

/**
 * A month of `fleet` at `size`: on-demand tasks at the architecture's price, Spot tasks at the
 * x86 price less Spot's discount (Fargate Spot is x86 only).
 */
export function monthlyCost(size: TaskSize, fleet: Fleet, prices: RegionPrices, spotDiscount: number): number {
  const onDemand = fleet.tasks * (1 - fleet.spotShare) * taskPerSecond(size, prices[fleet.architecture]);
  const spot = fleet.tasks * fleet.spotShare * taskPerSecond(size, prices.x86_64) * (1 - spotDiscount);
  return (onDemand + spot) * SECONDS_PER_MONTH;
}

export function cents(usd: number): number {
  return Math.round(usd * 100) / 100;
}

export function usd(amount: number): string {
  return `$${cents(amount).toFixed(2)}`;
}

/**
 * "saves $57.31/month" or "costs $6.49/month more": a recommendation's monthly change in words,
 * for every place that prints it (CLI, digest, console), so none prints "$-6.49".
 */
export function monthlyChange(savingsMonthly: number): string {
  const rounded = cents(savingsMonthly);
  return rounded < 0 ? `costs ${usd(-rounded)}/month more` : `saves ${usd(Math.abs(rounded))}/month`;
}

import type { TaskSize } from "./fargate-sizes.ts";
import { FARGATE_PRICES, monthlyCost, type RegionPrices } from "./prices.ts";
import type { RightSizingSettings } from "./settings.ts";
import type { Cost, ServiceUsage } from "./types.ts";

// Cost per month now vs recommended, with the service's own Spot share. ARM (Graviton) is
// offered only to services that use no Spot: Fargate Spot is x86 only, so a service cannot
// have both, and the Spot discount (up to 70 %) is worth more than ARM's (about 20 %).

export function pricesFor(settings: Pick<RightSizingSettings, "region" | "prices">): {
  prices: RegionPrices | undefined;
  note: string | undefined;
} {
  const prices = settings.prices[settings.region] ?? FARGATE_PRICES[settings.region];
  return prices
    ? { prices, note: undefined }
    : {
        prices: undefined,
        note: `no Fargate prices for ${settings.region}: add them under policies.right-sizing.prices.${settings.region}`,
      };
}

export function costOf(
  current: TaskSize,
  recommended: TaskSize,
  usage: Pick<ServiceUsage, "tasks" | "spotShare" | "architecture">,
  prices: RegionPrices,
  spotDiscount: number,
): Cost {
  const fleet = { tasks: usage.tasks, spotShare: usage.spotShare, architecture: usage.architecture };
  const nowMonthly = monthlyCost(current, fleet, prices, spotDiscount);
  const recommendedMonthly = monthlyCost(recommended, fleet, prices, spotDiscount);
  return {
    nowMonthly,
    recommendedMonthly,
    savingsMonthly: nowMonthly - recommendedMonthly,
    arm: armOption(recommended, fleet, prices, spotDiscount, nowMonthly),
  };
}

function armOption(
  size: TaskSize,
  fleet: { tasks: number; spotShare: number; architecture: "x86_64" | "arm64" },
  prices: RegionPrices,
  spotDiscount: number,
  nowMonthly: number,
): Cost["arm"] {
  if (fleet.architecture === "arm64") return { suggested: false, reason: "already on ARM" };
  if (fleet.spotShare > 0)
    return {
      suggested: false,
      reason: `Fargate Spot is x86 only and ${Math.round(fleet.spotShare * 100)} % of the tasks run on Spot`,
    };
  const monthly = monthlyCost(size, { ...fleet, architecture: "arm64" }, prices, spotDiscount);
  return { suggested: true, monthly, savingsMonthly: nowMonthly - monthly };
}

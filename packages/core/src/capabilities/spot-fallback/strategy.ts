import type { CapacityProviderItem } from "../../model/description.ts";

// Capacity provider strategies for the Spot fallback. ECS splits tasks by `base` first, then
// by `weight`; moving a Spot provider's share to its on-demand counterpart keeps both: the Spot
// provider's base and weight go to the counterpart. FARGATE_SPOT's counterpart is FARGATE; a
// Managed Instances Spot provider's is whatever the configuration names (`counterparts`).

export const SPOT = "FARGATE_SPOT";
export const ON_DEMAND = "FARGATE";

/** Spot provider → its on-demand counterpart. */
export type SpotPairs = Readonly<Record<string, string>>;
export const FARGATE_PAIRS: SpotPairs = { [SPOT]: ON_DEMAND };

/** The pairs the settings name, with Fargate's always (it cannot be configured away). */
export const pairsOf = (settings: { counterparts: Readonly<Record<string, string>> }): SpotPairs => ({
  ...settings.counterparts,
  ...FARGATE_PAIRS,
});

const active = (s: CapacityProviderItem) => s.weight > 0 || s.base > 0;
const isSpot = (pairs: SpotPairs, provider: string) => Object.hasOwn(pairs, provider);

/** The Spot providers the strategy puts tasks on. */
export function spotProviders(strategy: readonly CapacityProviderItem[], pairs: SpotPairs = FARGATE_PAIRS): string[] {
  return strategy.filter((s) => isSpot(pairs, s.capacityProvider) && active(s)).map((s) => s.capacityProvider);
}

export function usesSpot(strategy: readonly CapacityProviderItem[], pairs: SpotPairs = FARGATE_PAIRS): boolean {
  return spotProviders(strategy, pairs).length > 0;
}

export function toOnDemand(
  strategy: readonly CapacityProviderItem[],
  pairs: SpotPairs = FARGATE_PAIRS,
): CapacityProviderItem[] {
  const spot = strategy.filter((s) => isSpot(pairs, s.capacityProvider));
  const targets = [...new Set(spot.map((s) => pairs[s.capacityProvider]!))];
  const others = strategy.filter((s) => !isSpot(pairs, s.capacityProvider) && !targets.includes(s.capacityProvider));
  const merged = targets.map((target) => {
    const moved = [
      ...strategy.filter((s) => s.capacityProvider === target),
      ...spot.filter((s) => pairs[s.capacityProvider] === target),
    ];
    return {
      capacityProvider: target,
      base: moved.reduce((n, s) => n + s.base, 0),
      weight: moved.reduce((n, s) => n + s.weight, 0),
    };
  });
  // ECS needs at least one provider with a weight above 0.
  const first = merged[0];
  if (first && ![...others, ...merged].some((s) => s.weight > 0)) first.weight = 1;
  return [...others, ...merged];
}

/**
 * A Spot provider whose Managed Instances counterpart the strategy does not name: nothing then
 * shows the counterpart exists in the cluster (FARGATE is every Fargate cluster's).
 */
export function unpresentCounterpart(strategy: readonly CapacityProviderItem[], pairs: SpotPairs) {
  const named = (p: string | undefined) => p === ON_DEMAND || strategy.some((s) => s.capacityProvider === p);
  const spot = strategy.find((s) => isSpot(pairs, s.capacityProvider) && !named(pairs[s.capacityProvider]));
  return spot && { provider: spot.capacityProvider, counterpart: pairs[spot.capacityProvider]! };
}

/**
 * The first step of a staged return: the original strategy with `base` tasks kept on the
 * on-demand counterpart of its (first) Spot provider.
 */
export function stagedReturn(
  original: readonly CapacityProviderItem[],
  base: number,
  pairs: SpotPairs = FARGATE_PAIRS,
): CapacityProviderItem[] {
  const spot = original.find((s) => isSpot(pairs, s.capacityProvider));
  const onDemand = (spot && pairs[spot.capacityProvider]) ?? ON_DEMAND;
  // ECS allows a base on one provider only: the staged base replaces any other.
  const rest = original.filter((s) => s.capacityProvider !== onDemand).map((s) => ({ ...s, base: 0 }));
  const kept = original.find((s) => s.capacityProvider === onDemand);
  return [{ capacityProvider: onDemand, base, weight: kept?.weight ?? 0 }, ...rest];
}

export type Sides = { fargate: boolean; spot: string; onDemand: string };

/** How notices name the two sides: Fargate's in words, a Managed Instances pair by name. */
export function sidesOf(strategy: readonly CapacityProviderItem[], pairs: SpotPairs = FARGATE_PAIRS): Sides {
  const spot = [...new Set(strategy.filter((s) => isSpot(pairs, s.capacityProvider)).map((s) => s.capacityProvider))];
  if (spot.every((p) => p === SPOT)) return { fargate: true, spot: "Fargate Spot", onDemand: "on-demand Fargate" };
  const onDemand = [...new Set(spot.map((p) => pairs[p]))];
  return { fargate: false, spot: `Spot (${spot.join(", ")})`, onDemand: `on-demand (${onDemand.join(", ")})` };
}

export function describeStrategy(strategy: readonly CapacityProviderItem[]): string {
  return (
    strategy.map((s) => `${s.capacityProvider}${s.base ? ` base ${s.base}` : ""} weight ${s.weight}`).join(", ") ||
    "launch type"
  );
}

/** Same providers with the same base and weight, in any order (ECS may list them either way). */
export function sameStrategy(a: readonly CapacityProviderItem[], b: readonly CapacityProviderItem[]): boolean {
  const key = (s: readonly CapacityProviderItem[]) =>
    JSON.stringify([...s].map((i) => [i.capacityProvider, i.base, i.weight]).sort());
  return key(a) === key(b);
}

import type { CapacityProviderItem } from "../../model/description.ts";

// Capacity provider strategies for the Spot fallback. ECS splits tasks by `base` first, then
// by `weight`; moving Spot's share to FARGATE keeps both: Spot's base and weight go to FARGATE.

export const SPOT = "FARGATE_SPOT";
export const ON_DEMAND = "FARGATE";

export function usesSpot(strategy: readonly CapacityProviderItem[]): boolean {
  return strategy.some((s) => s.capacityProvider === SPOT && (s.weight > 0 || s.base > 0));
}

export function toOnDemand(strategy: readonly CapacityProviderItem[]): CapacityProviderItem[] {
  const spot = strategy.filter((s) => s.capacityProvider === SPOT);
  const fargate = strategy.find((s) => s.capacityProvider === ON_DEMAND);
  const others = strategy.filter((s) => s.capacityProvider !== SPOT && s.capacityProvider !== ON_DEMAND);
  const merged = {
    capacityProvider: ON_DEMAND,
    base: (fargate?.base ?? 0) + spot.reduce((n, s) => n + s.base, 0),
    weight: (fargate?.weight ?? 0) + spot.reduce((n, s) => n + s.weight, 0),
  };
  // ECS needs at least one provider with a weight above 0.
  if (merged.weight === 0 && !others.some((s) => s.weight > 0)) merged.weight = 1;
  return [...others, merged];
}

/** The first step of a staged return: the original strategy with `base` tasks kept on FARGATE. */
export function stagedReturn(original: readonly CapacityProviderItem[], base: number): CapacityProviderItem[] {
  // ECS allows a base on one provider only: the staged base replaces any other.
  const rest = original.filter((s) => s.capacityProvider !== ON_DEMAND).map((s) => ({ ...s, base: 0 }));
  const fargate = original.find((s) => s.capacityProvider === ON_DEMAND);
  return [{ capacityProvider: ON_DEMAND, base, weight: fargate?.weight ?? 0 }, ...rest];
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

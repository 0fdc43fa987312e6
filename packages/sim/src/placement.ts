import type { CapacityProviderStrategyItem } from "./types.ts";

// Which capacity provider each new task goes to, the way ECS applies a strategy: the provider
// with a `base` gets its first `base` tasks, the rest are split in proportion to `weight`.
// Pure: the caller passes the tasks a deployment already has on each provider.

export const FARGATE = "FARGATE";
export const FARGATE_SPOT = "FARGATE_SPOT";

/** Providers for `n` new tasks, given the deployment's current (not stopping) tasks per provider. */
export function choosePlacements(
  strategy: readonly CapacityProviderStrategyItem[],
  current: ReadonlyMap<string, number>,
  n: number,
): string[] {
  if (strategy.length === 0) return Array.from({ length: n }, () => FARGATE);
  const counts = new Map(strategy.map((s) => [s.capacityProvider, current.get(s.capacityProvider) ?? 0]));
  const chosen: string[] = [];
  for (let i = 0; i < n; i++) {
    const provider = nextProvider(strategy, counts);
    counts.set(provider, (counts.get(provider) ?? 0) + 1);
    chosen.push(provider);
  }
  return chosen;
}

function nextProvider(strategy: readonly CapacityProviderStrategyItem[], counts: ReadonlyMap<string, number>): string {
  const underBase = strategy.find((s) => s.base > 0 && (counts.get(s.capacityProvider) ?? 0) < s.base);
  if (underBase) return underBase.capacityProvider;
  // Fill the provider furthest below its weighted share; a tie goes to the heavier weight (1:3
  // over 4 tasks gives 1 and 3, as in the ECS docs), then to the first in the strategy.
  let best: CapacityProviderStrategyItem | undefined;
  let bestLoad = Number.POSITIVE_INFINITY;
  for (const s of strategy) {
    if (s.weight <= 0) continue;
    const beyondBase = (counts.get(s.capacityProvider) ?? 0) - s.base;
    const load = (beyondBase + 1) / s.weight;
    if (load < bestLoad || (load === bestLoad && best !== undefined && s.weight > best.weight))
      [best, bestLoad] = [s, load];
  }
  // A strategy with no weight at all places everything on its base provider, as ECS does.
  return (best ?? strategy.find((s) => s.base > 0) ?? strategy[0]!).capacityProvider;
}

/** What a cluster has associated unless told otherwise: the two Fargate providers. */
export const DEFAULT_CLUSTER_PROVIDERS: readonly string[] = [FARGATE, FARGATE_SPOT];

/** Validates a strategy the way UpdateService does against the cluster's providers; returns the problem, or undefined. */
export function strategyProblem(
  strategy: readonly CapacityProviderStrategyItem[],
  clusterProviders: readonly string[] = DEFAULT_CLUSTER_PROVIDERS,
): string | undefined {
  const known = new Set(clusterProviders);
  if (strategy.some((s) => !known.has(s.capacityProvider))) {
    return "The specified capacity provider strategy cannot contain a capacity provider that is not associated with the cluster.";
  }
  if (new Set(strategy.map((s) => s.capacityProvider)).size !== strategy.length)
    return "The capacity provider strategy contains duplicate capacity providers.";
  if (strategy.filter((s) => s.base > 0).length > 1)
    return "Only one capacity provider in a capacity provider strategy can have a base defined.";
  if (strategy.some((s) => s.weight < 0 || s.weight > 1000 || s.base < 0 || s.base > 100_000))
    return "Capacity provider weight must be 0-1000 and base 0-100000.";
  if (strategy.length > 0 && strategy.every((s) => s.weight === 0))
    return "At least one capacity provider in a capacity provider strategy must have a weight greater than zero.";
  return undefined;
}

export function normalizeStrategy(
  items: readonly { capacityProvider?: string; base?: number; weight?: number }[],
): CapacityProviderStrategyItem[] {
  return items.map((s) => ({ capacityProvider: s.capacityProvider ?? "", base: s.base ?? 0, weight: s.weight ?? 0 }));
}

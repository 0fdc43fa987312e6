import { extraCostPerHour, round, spotTasks } from "../../pricing/fargate.ts";
import type { CapacityProviderItem } from "../../model/description.ts";
import type { Snapshot } from "../../model/snapshot.ts";
import type { Mode } from "../../config/policy-settings.ts";

/** The Spot fallback's per-service state, saved on the service's state item. */
export type SpotState = {
  status: "normal" | "fallback" | "staged";
  /** The mode the incident was decided in: an observed fallback changed nothing in ECS. */
  mode: Mode | undefined;
  /** Incidents so far; the current one's number while in fallback. */
  incident: number;
  since: string | undefined;
  /** When the last step (fallback or staged return) happened: the cool-down counts from it. */
  stepAt: string | undefined;
  trigger: string | undefined;
  originalStrategy: CapacityProviderItem[] | undefined;
  fallbackStrategy: CapacityProviderItem[] | undefined;
  stagedStrategy: CapacityProviderItem[] | undefined;
  returnedAt: string | undefined;
  /** Fallbacks soon after a return, in a row: each doubles the next cool-down. */
  relapses: number;
  belowSince: string | undefined;
  /** When a person was last told to fall back by hand (a service the guardrails may not change). */
  manualAt: string | undefined;
  /** A person chose to stay on on-demand until then (a chat command): no automatic return before. */
  stayUntil?: string | undefined;
};

const INITIAL: SpotState = {
  status: "normal",
  mode: undefined,
  incident: 0,
  since: undefined,
  stepAt: undefined,
  trigger: undefined,
  originalStrategy: undefined,
  fallbackStrategy: undefined,
  stagedStrategy: undefined,
  returnedAt: undefined,
  relapses: 0,
  belowSince: undefined,
  manualAt: undefined,
};

export const spotStateOf = (snapshot: Snapshot): SpotState => spotStateFrom(snapshot.state?.policies["spot-fallback"]);

/** The state as stored on the service's state item (undefined: none yet). */
export function spotStateFrom(saved: unknown): SpotState {
  const stored = { ...INITIAL, ...(saved as Partial<SpotState> | undefined) };
  return {
    ...stored,
    originalStrategy: tidy(stored.originalStrategy),
    fallbackStrategy: tidy(stored.fallbackStrategy),
    stagedStrategy: tidy(stored.stagedStrategy),
  };
}

/**
 * The capacity providers the fallback holds the service off now (its view `heldOff`, which
 * auto-rollback reads by name): those of the original strategy the enforced fallback's (or
 * staged return's) strategy no longer uses. An observed fallback changed nothing in ECS.
 */
export function heldOffProviders(stored: Record<string, unknown> | undefined): string[] {
  const state = spotStateFrom(stored);
  if (state.status === "normal" || state.mode !== "enforce") return [];
  const now = (state.status === "staged" ? state.stagedStrategy : state.fallbackStrategy) ?? [];
  const used = (items: CapacityProviderItem[]) =>
    items.filter((s) => s.weight > 0 || s.base > 0).map((s) => s.capacityProvider);
  return used(state.originalStrategy ?? []).filter((p) => !used(now).includes(p));
}

/** Strategies read back from storage, in the canonical key order people and tests compare. */
function tidy(strategy: CapacityProviderItem[] | undefined): CapacityProviderItem[] | undefined {
  return strategy?.map((s) => ({ capacityProvider: s.capacityProvider, base: s.base, weight: s.weight }));
}

/** What running on on-demand costs: tasks moved off Spot, per hour, and for `hours`. */
export function incidentCost(snapshot: Snapshot, original: CapacityProviderItem[], hours: number) {
  const tasks = spotTasks(original, snapshot.service?.desiredCount ?? 0);
  const size = snapshot.service?.taskSize ?? { cpu: 256, memory: 512 };
  const perHour = extraCostPerHour(tasks, size);
  return { tasks, perHour, taskHours: round(tasks * hours, 2), total: round(perHour * hours, 2) };
}

/** While in a fallback, deploys wait (the pipeline gate): a release would land on capacity that is short. */
export function spotHoldsDeploys(stored: Record<string, unknown> | undefined): string | undefined {
  const spot = spotStateFrom(stored);
  if (spot.status === "normal") return undefined;
  const how = spot.mode === "enforce" ? "on on-demand Fargate" : "observed only, still on Spot";
  return `the service is in a Spot fallback (${spot.status} since ${spot.since ?? "unknown"}, ${how}): Spot capacity is short`;
}

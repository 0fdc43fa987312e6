import type { ServiceRef } from "../../events/model.ts";
import type { Owed } from "../../engine/policy.ts";
import type { CapacityProviderItem } from "../../model/description.ts";
import { spotStateFrom, type SpotState } from "./state.ts";
import { describeStrategy } from "./strategy.ts";

// What an enforced fallback owes the service (engine/owed.ts): its original strategy, until the
// return (or a person's change) ends the incident. An observed fallback changed nothing.

export function spotOwed(stored: Record<string, unknown>, ref: ServiceRef): Owed | undefined {
  const state = spotStateFrom(stored);
  if (state.status === "normal" || state.mode !== "enforce" || !state.originalStrategy) return undefined;
  const settled: SpotState = {
    ...state,
    status: "normal",
    mode: undefined,
    since: undefined,
    stepAt: undefined,
    trigger: undefined,
    originalStrategy: undefined,
    fallbackStrategy: undefined,
    stagedStrategy: undefined,
    returnedAt: undefined,
    belowSince: undefined,
  };
  return {
    incident: String(state.incident),
    saved: `the capacity provider strategy ${describeStrategy(state.originalStrategy)} (before the fallback of ${state.since})`,
    restore: strategyCommand(ref, state.originalStrategy),
    settled: settled as unknown as Record<string, unknown>,
  };
}

/** UpdateService with the strategy; a strategy change needs a new deployment. */
export function strategyCommand(ref: ServiceRef, strategy: CapacityProviderItem[]): string {
  const items = strategy
    .map((s) => `capacityProvider=${s.capacityProvider},base=${s.base},weight=${s.weight}`)
    .join(" ");
  return `aws ecs update-service --cluster ${ref.cluster} --service ${ref.service} --capacity-provider-strategy ${items} --force-new-deployment`;
}

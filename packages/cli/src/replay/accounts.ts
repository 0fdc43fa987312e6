import { reconcileAccounts } from "@ecs-guardrails/core/engine/accounts";
import { type ReconcileDeps, type ReconcileResult, reconcileServices } from "@ecs-guardrails/core/engine/reconcile";
import type { ServiceRef } from "@ecs-guardrails/core/events/model";
import type { Place } from "@ecs-guardrails/core/model/service-ref";
import type { EcsSimulator } from "@ecs-guardrails/sim/api";
import type { FunctionEngineDeps } from "../runtime/functions.ts";
import type { LocalStack } from "../runtime/stack.ts";
import { narrowed, placeOfLane } from "./ticks.ts";

// A stream of several accounts (places.ts): each member's services live in its own simulated
// ECS, and replay acts there as live does, through the functions' member wiring
// (functions/lib/members.ts): the member role assumed through the simulator's STS.

/** The simulated ECS a service lives in: its member account's, or home's. */
export function simOf(stack: LocalStack, place: { account?: string | undefined }): EcsSimulator {
  return (place.account && stack.members.get(place.account)) || stack.sim;
}

/**
 * The engine's ports for each member the stream names, as the reconcile builds them for its
 * pass over that account (home's ports with the member's ECS on top). Building them calls
 * nothing: the role is assumed on the first call, so a removed role fails there, as live.
 */
export async function memberDeps(
  deps: FunctionEngineDeps,
  members: readonly Place[],
): Promise<Map<string, ReconcileDeps>> {
  const out = new Map<string, ReconcileDeps>();
  if (!deps.forPlace) return out;
  for (const place of members) out.set(place.account, { ...deps, ...(await deps.forPlace(place)) });
  return out;
}

/**
 * One scheduled reconcile of one service: home's as before; a member's as its account's pass
 * of the fan-out, so a member that cannot be reached gives the one notice a day live gives and
 * stops nothing else.
 */
export async function reconcileLane(
  ref: ServiceRef,
  deps: ReconcileDeps,
  hub: Pick<FunctionEngineDeps, "ledger" | "notifier" | "clock">,
): Promise<ReconcileResult> {
  const place = placeOfLane(ref);
  if (!place) return reconcileServices(narrowed(ref, deps));
  const [outcome] = await reconcileAccounts([{ place, deps: async () => narrowed(ref, deps) }], hub);
  return outcome?.status === "reconciled" ? outcome.result : { services: 0, results: [], failures: [] };
}

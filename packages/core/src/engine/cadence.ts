import type { Cadence } from "./policy.ts";

// When the reconcile runs a policy's tick.

/** How often the reconcile runs (the schedule in packages/infra and the local runtime). */
export const RECONCILE_MINUTES = 5;

/** Whether a policy's tick is due at this reconcile (ticks run every RECONCILE_MINUTES). */
export function due(cadence: Cadence | undefined, now: Date): boolean {
  if (!cadence || cadence.everyMinutes <= RECONCILE_MINUTES) return true;
  // Level-triggered policies tolerate a late tick: run in the first tick of each period.
  return now.getTime() % (cadence.everyMinutes * 60_000) < RECONCILE_MINUTES * 60_000;
}

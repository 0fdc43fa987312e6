import type { ScalableTargetView, Snapshot, SuspendedState } from "../../model/snapshot.ts";
import type { Mode } from "../../config/policy-settings.ts";

// The policy's per-service state, saved with each of its decisions: which window occurrence
// we changed capacity for, what the service had before (restored exactly at the end), what
// we set (to tell drift from our own change), and what was announced already.

export type { ScalableTargetView, SuspendedState };

/** What the service had before the first change of a window. */
export type SavedCapacity = { desiredCount: number; scalableTarget: ScalableTargetView | undefined };

/** What we set: min/max with a scalable target, else the desired count. */
export type AppliedCapacity = { minCapacity: number; maxCapacity: number } | { desiredCount: number };

export type ScheduleState = {
  /** The window occurrence (holds.ts key) whose capacity we set, or observed setting. */
  holding: string | undefined;
  windowName: string | undefined;
  /** The mode the window was started in: an observed start changed nothing, so there is no drift to see. */
  mode: Mode | undefined;
  saved: SavedCapacity | undefined;
  applied: AppliedCapacity | undefined;
  /** Someone changed the capacity while the window held: nothing more is applied until it ends. */
  drifted: boolean;
  /** The transition (start#…, end#…) already announced as waiting for a deployment. */
  deferred: string | undefined;
};

export const IDLE: ScheduleState = {
  holding: undefined,
  windowName: undefined,
  mode: undefined,
  saved: undefined,
  applied: undefined,
  drifted: false,
  deferred: undefined,
};

export function scheduleStateOf(snapshot: Snapshot): ScheduleState {
  return { ...IDLE, ...(snapshot.state?.policies["scheduled-scaling"] as Partial<ScheduleState> | undefined) };
}

/** The service needs the reconcile's attention while a window holds or a change waits. */
export const saveState = (value: ScheduleState) => ({
  value: value as unknown as Record<string, unknown>,
  attention: value.holding !== undefined || value.deferred !== undefined,
});

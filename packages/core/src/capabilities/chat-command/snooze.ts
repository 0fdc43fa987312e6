import type { PolicyState } from "../../model/decision.ts";

// A snooze: the service's guardrails take no automatic action until it ends (the engine's
// guards ask every section that holds actions, engine/action-holds.ts). Kept as the chat
// command section's state for the service; a person's own decisions are not held.

export type SnoozeState = { snoozedUntil?: string | undefined; snoozedBy?: string | undefined };

export const snoozeOf = (stored: Record<string, unknown> | undefined): SnoozeState => (stored ?? {}) as SnoozeState;

/** Why the service's automatic actions are held at `now`; undefined when they are not. */
export function snoozeHolds(stored: Record<string, unknown> | undefined, now: Date): string | undefined {
  const { snoozedUntil, snoozedBy } = snoozeOf(stored);
  if (!snoozedUntil || Date.parse(snoozedUntil) <= now.getTime()) return undefined;
  return `the service's guardrails are snoozed until ${snoozedUntil} (by ${snoozedBy ?? "a person"})`;
}

export const snoozedState = (until: string, by: string): PolicyState => ({
  value: { snoozedUntil: until, snoozedBy: by },
  attention: false,
});

export const resumedState = (): PolicyState => ({ value: {}, attention: false });

import type { GuardrailsConfig } from "../config/schema.ts";
import type { Mode } from "../config/policy-settings.ts";
import type { Decision } from "../model/decision.ts";
import type { Snapshot } from "../model/snapshot.ts";

// Guards shared by every policy, in order. Pure: the engine passes in what they look at.
//
// Observe must predict enforce (docs/observe-to-enforce.md): an observed action counts against
// the rate limit as if it had been taken, so observe says where enforce's limit would block
// (`wouldBlock`, with the reason as the line's caveat), and that observation changes the
// policy's state no more than enforce's blocked decision would.

export type GuardVerdict = {
  verdict: "act" | "observe" | "block" | "note";
  guard: string | undefined;
  /** Observe only: enforce's guard would have blocked this decision (why, in words). */
  wouldBlock?: string;
};

/** Prefixes the caveat of an observation enforce's guard would have blocked. */
export const WOULD_BLOCK = "enforce would be blocked here: ";

export function applyGuards(
  decision: Decision,
  mode: Mode,
  config: GuardrailsConfig,
  snapshot: Snapshot,
  now: Date,
): GuardVerdict {
  if (!decision.action) return { verdict: "note", guard: undefined };
  if (mode !== "enforce") {
    const observed = { verdict: "observe" as const, guard: `${decision.policy} is in ${mode} mode` };
    // Enforce's actions and observe's own count: both would have been taken in enforce.
    const limited = rateLimited(
      [...(snapshot.state?.actionTimes ?? []), ...(snapshot.state?.observedActionTimes ?? [])],
      config,
      now,
    );
    return limited
      ? { ...observed, wouldBlock: `${WOULD_BLOCK}${limited} (observed actions counted as if taken)` }
      : observed;
  }
  if (config.killSwitch) return { verdict: "block", guard: "the global kill switch is on" };
  const limited = rateLimited(snapshot.state?.actionTimes ?? [], config, now);
  return limited ? { verdict: "block", guard: limited } : { verdict: "act", guard: undefined };
}

/** Why the rate limit stops another action now, or undefined when it does not. */
function rateLimited(times: readonly string[], config: GuardrailsConfig, now: Date): string | undefined {
  const { maxActionsPerService, rateWindowMinutes } = config.guards;
  const since = now.getTime() - rateWindowMinutes * 60_000;
  const recent = times.filter((t) => Date.parse(t) > since).length;
  return recent >= maxActionsPerService
    ? `rate limit: ${recent} automatic actions on this service in the last ${rateWindowMinutes} minutes (max ${maxActionsPerService})`
    : undefined;
}

/** The service's observed actions inside the rate window, this one included: what observe counts as if taken. */
export function recentObserved(snapshot: Snapshot, config: GuardrailsConfig, now: Date): string[] {
  const since = now.getTime() - config.guards.rateWindowMinutes * 60_000;
  return [...(snapshot.state?.observedActionTimes ?? []).filter((t) => Date.parse(t) > since), now.toISOString()];
}

import type { GuardrailsConfig } from "../config/schema.ts";
import type { Mode } from "../config/policy-settings.ts";
import type { Decision } from "../model/decision.ts";
import type { Snapshot } from "../model/snapshot.ts";
import { actionHolds } from "./action-holds.ts";

// Guards shared by every policy, in order. Pure: the engine passes in what they look at.
//
// Observe must predict enforce (docs/observe-to-enforce.md): an observed action counts against
// the rate limit as if it had been taken, so observe blocks where enforce's limit would (its
// guard saying so), and that observation is parked and retried as enforce's blocked one is.

export type GuardVerdict = { verdict: "act" | "observe" | "block" | "note"; guard: string | undefined };

export function applyGuards(
  decision: Decision,
  mode: Mode,
  config: GuardrailsConfig,
  snapshot: Snapshot,
  now: Date,
): GuardVerdict {
  if (!decision.action) return { verdict: "note", guard: undefined };
  const enforce = mode === "enforce";
  if (enforce && config.killSwitch) return { verdict: "block", guard: "the global kill switch is on" };
  // A snooze holds the guardrails' own actions; a person's decision is what it leaves room for.
  const held = decision.by ? undefined : actionHolds(snapshot.state, now);
  if (held) return { verdict: "block", guard: enforce ? held : `enforce would be blocked here: ${held}` };
  // Observe counts its own observed actions too, and enforce's: all would have been taken in enforce.
  const state = snapshot.state;
  const limited = rateLimited(
    [...(state?.actionTimes ?? []), ...((!enforce && state?.observedActionTimes) || [])],
    config,
    now,
  );
  if (limited) return { verdict: "block", guard: enforce ? limited : `enforce would be blocked here: ${limited}` };
  return enforce
    ? { verdict: "act", guard: undefined }
    : { verdict: "observe", guard: `${decision.policy} is in ${mode} mode` };
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

import type { GuardrailsConfig } from "../config/schema.ts";
import type { Mode } from "../config/policy-settings.ts";
import type { Decision } from "../model/decision.ts";
import type { Snapshot } from "../model/snapshot.ts";
import { actionHolds } from "./action-holds.ts";

// Guards shared by every policy, in order. Pure: the engine passes in what they look at.

export type GuardVerdict = { verdict: "act" | "observe" | "block" | "note"; guard: string | undefined };

export function applyGuards(
  decision: Decision,
  mode: Mode,
  config: GuardrailsConfig,
  snapshot: Snapshot,
  now: Date,
): GuardVerdict {
  if (!decision.action) return { verdict: "note", guard: undefined };
  if (mode !== "enforce") return { verdict: "observe", guard: `${decision.policy} is in ${mode} mode` };
  if (config.killSwitch) return { verdict: "block", guard: "the global kill switch is on" };
  // A snooze holds the guardrails' own actions; a person's decision is what it leaves room for.
  const held = decision.by ? undefined : actionHolds(snapshot.state, now);
  if (held) return { verdict: "block", guard: held };
  const { maxActionsPerService, rateWindowMinutes } = config.guards;
  const since = now.getTime() - rateWindowMinutes * 60_000;
  const recent = (snapshot.state?.actionTimes ?? []).filter((t) => Date.parse(t) > since).length;
  if (recent >= maxActionsPerService) {
    return {
      verdict: "block",
      guard: `rate limit: ${recent} automatic actions on this service in the last ${rateWindowMinutes} minutes (max ${maxActionsPerService})`,
    };
  }
  return { verdict: "act", guard: undefined };
}

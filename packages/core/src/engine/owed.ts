import type { ServiceRef } from "../events/model.ts";
import type { CapabilityId, Owed } from "./policy.ts";
import type { Mode } from "../config/policy-settings.ts";
import type { RegisteredPolicy } from "../registry.ts";
import type { Decision } from "../model/decision.ts";
import type { Snapshot } from "../model/snapshot.ts";
import { serviceKey } from "../model/service-ref.ts";

// The engine's rule for what enforce mode changed (docs/how-it-works.md "A decision's lifecycle"): it is put
// back, or handed over explicitly, whatever the mode becomes. A policy that saves such state
// says what it owes (Policy.owed); the engine, not the policy, decides what a mode change does:
//  - observe: the policy keeps running; a decision that puts back is carried out as enforced,
//    any other is only observed and never overwrites or drops the owed state;
//  - off, or the service left the scope: one notice per incident names the saved values and
//    the command that puts them back, and the policy's state is settled (nothing owed).

/** What the policy owes on this service now, from its stored state. */
export function owedBy(entry: RegisteredPolicy, snapshot: Snapshot): Owed | undefined {
  const stored = snapshot.state?.policies[entry.id] as Record<string, unknown> | undefined;
  if (!stored || !entry.policy.owed) return undefined;
  return entry.policy.owed(stored, snapshot.ref);
}

/** How a decision decided in `mode` is carried out while the policy owes a restore. */
export function underOwed(decision: Decision, mode: Mode): { decision: Decision; mode: Mode } {
  if (mode !== "observe") return { decision, mode };
  if (decision.restores) {
    const why = decision.action
      ? "put back what enforce changed; observe makes no new changes"
      : "settles what enforce changed; observe makes no new changes";
    return { decision: { ...decision, reason: `${decision.reason} (${why})` }, mode: "enforce" };
  }
  // Observed, so it changed nothing: the state enforce wrote stays as it is.
  const { state: _kept, ...observed } = decision;
  return { decision: observed, mode };
}

export type HandOverCause = { mode: Mode } | { outOfScope: true };

/** The one notice that hands what enforce changed over to a person, and settles the policy's state. */
export function handOver(policy: CapabilityId, ref: ServiceRef, owed: Owed, cause: HandOverCause): Decision {
  const { cluster, service } = ref;
  const why =
    "outOfScope" in cause ? "the service is no longer in the guardrails' scope" : `${policy} is now ${cause.mode}`;
  return {
    policy,
    key: `${policy}#hand-over#${owed.incident}`,
    action: undefined,
    severity: "warning",
    title: `${policy} on ${cluster}/${service} handed over to you: what it changed is not put back`,
    reason: `${why}, so the guardrails no longer put back what they changed; before the change the service had ${owed.saved}; to put that back: ${owed.restore}`,
    threadId: `${serviceKey({ cluster, service })}/${policy}`,
    deploymentId: undefined,
    facts: { saved: owed.saved, restore: owed.restore, incident: owed.incident },
    nextSteps: [
      `Put the values back if the service should have them: \`${owed.restore}\``,
      "Or leave it as it is: the guardrails will not change it again for this incident",
    ],
    state: { value: owed.settled, attention: false },
  };
}

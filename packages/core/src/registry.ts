import { defineSettings, mode } from "./config/policy-settings.ts";
import { autoRollbackDefinition } from "./capabilities/auto-rollback/index.ts";
import type { PolicyId } from "./policies/ids.ts";
import { scheduledScalingDefinition } from "./capabilities/scheduled-scaling/index.ts";
import { rightSizingDefinition } from "./capabilities/right-sizing/index.ts";
import { spotFallbackDefinition } from "./capabilities/spot-fallback/index.ts";
import type { Policy, PolicyDefinition } from "./engine/policy.ts";

// Every policy, by id: its settings schema, its tag parameters and its decisions. The config
// schema, settings resolution and the engine are composed from this one table, so adding a
// policy is its folder plus one line here.

/** A policy whose decisions are not built yet: it has a mode and nothing else. */
const modeOnly = <I extends PolicyId>(id: I) => ({ id, settings: defineSettings({ mode }, { mode: "observe" }), tags: {}, policy: undefined }) as const;

export const POLICIES = {
  "auto-rollback": autoRollbackDefinition,
  "spot-fallback": spotFallbackDefinition,
  "right-sizing": rightSizingDefinition,
  "scheduled-scaling": scheduledScalingDefinition,
} as const satisfies { [K in PolicyId]: PolicyDefinition<never> & { id: K } };

/** A policy that decides something, as the engine runs it. */
export type RegisteredPolicy = { id: PolicyId; policy: Policy<never> };

export const eventPolicies: RegisteredPolicy[] = Object.values(POLICIES).flatMap((d) => (d.policy ? [{ id: d.id, policy: d.policy as unknown as Policy<never> }] : []));

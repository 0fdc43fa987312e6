import type { PolicySettings } from "../config/schema.ts";
import { autoRollback } from "./auto-rollback.ts";
import type { PolicyId } from "./ids.ts";
import { spotFallback } from "./spot-fallback.ts";
import type { Policy } from "./types.ts";

/** Every policy, with the slice of settings it reads. */
export type RegisteredPolicy = { [K in PolicyId]: { policy: Policy<PolicySettings[K]>; settings: (s: PolicySettings) => PolicySettings[K] } }[PolicyId];

export const eventPolicies: RegisteredPolicy[] = [
  { policy: autoRollback, settings: (s) => s["auto-rollback"] },
  { policy: spotFallback, settings: (s) => s["spot-fallback"] },
];

import type { ServiceRef } from "../model/service-ref.ts";
import { anyGlob } from "./glob.ts";
import { MODES, type Mode } from "./modes.ts";
import type { GuardrailsConfig } from "./schema.ts";

// Rules scoped by account, Region and organizational unit (OU). Accounts and Regions are on
// every service's reference; OUs are not: an account is in an OU when the OU is among its
// ancestors, which only AWS Organizations knows (organization/ou-paths.ts reads them). The
// hub settles the configuration for one account once it knows that account's ancestors: each
// rule that names OUs is then kept without them (the account is below one) or dropped. A rule
// still naming OUs is unsettled — the ancestors are unknown — and resolves to the safe side:
// - `scope`: the service is out of scope (nothing is decided or done there);
// - an override: it is not applied, and each policy it names acts on nothing (observe, or off
//   when either side says off): the override might have turned that policy off there.

/** A rule's places: absent, any. */
type Placed = {
  readonly accounts?: readonly string[] | undefined;
  readonly regions?: readonly string[] | undefined;
  readonly organizationalUnits?: readonly string[] | undefined;
};

/** Whether a rule's accounts and Regions take the service: "home" names home's (no account on its reference). */
export function inPlaces(rule: Placed, ref: ServiceRef): boolean {
  const { accounts = ["*"], regions = ["*"] } = rule;
  return anyGlob(accounts, ref.account ?? "home") && anyGlob(regions, ref.region ?? "home");
}

/** A rule whose OUs are not settled for the service's account: it matches nothing yet. */
export const unsettled = (rule: Placed): boolean => rule.organizationalUnits !== undefined;

/** Whether any rule names an OU: only then is Organizations ever asked. */
export function namesOrganizationalUnits(config: GuardrailsConfig): boolean {
  return unsettled(config.scope) || config.overrides.some(unsettled);
}

/**
 * The configuration for one account whose ancestors (its OU, that OU's parent, … the root) are
 * `ancestors`; undefined when they cannot be read, which leaves every OU rule unsettled. Pure,
 * and the same object back when no rule names an OU.
 */
export function settleOrganizationalUnits(
  config: GuardrailsConfig,
  ancestors: readonly string[] | undefined,
): GuardrailsConfig {
  if (!ancestors || !namesOrganizationalUnits(config)) return config;
  const below = (rule: Placed) => rule.organizationalUnits!.some((ou) => ancestors.includes(ou));
  const { organizationalUnits: _, ...scope } = config.scope;
  return {
    ...config,
    // Outside every OU the scope names: left unsettled, which is out of scope.
    scope: unsettled(config.scope) && below(config.scope) ? scope : config.scope,
    overrides: config.overrides.flatMap((o) => {
      if (!unsettled(o)) return [o];
      const { organizationalUnits: __, ...rest } = o;
      return below(o) ? [rest] : [];
    }),
  };
}

/**
 * Holds the policies an unsettled override names (see above): each one's mode becomes the
 * safest of its own, the override's and observe. `merged` are the settings before tags.
 */
export function holdUnsettled(
  merged: Record<string, Record<string, unknown>>,
  overrides: readonly { policies: Record<string, unknown> }[],
): void {
  for (const o of overrides)
    for (const [policy, settings] of Object.entries(o.policies)) {
      const named = (settings as { mode?: Mode } | undefined)?.mode ?? "observe";
      merged[policy]!["mode"] = safest([merged[policy]!["mode"] as Mode, named, "observe"]);
    }
}

/** off < observe < enforce: the mode that acts least. */
const safest = (modes: Mode[]): Mode => MODES[Math.min(...modes.map((m) => MODES.indexOf(m)))]!;

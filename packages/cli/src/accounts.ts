import { GuardrailsError } from "@ecs-guardrails/core/errors";
import type { AccountFilter } from "./history-filters.ts";

// Account and Region on the listing commands (recommend, schedule): `home` for the hub's own
// account and Region (a reference without an account), ACCOUNT/REGION for a member's, the
// form its notices' subjects and `history --account` use.

type Placed = { readonly account?: string | undefined; readonly region?: string | undefined };

/** "home", or "444455556666/eu-west-1". */
export const placeLabel = (ref: Placed): string => (ref.account ? `${ref.account}/${ref.region ?? "-"}` : "home");

/** The account and Region a JSON line always carries: "home" for both on a home service. */
export const placeFields = (ref: Placed) =>
  ref.account ? { account: ref.account, region: ref.region } : { account: "home", region: "home" };

export function inAccount(filter: AccountFilter | undefined, ref: Placed): boolean {
  if (!filter) return true;
  if (filter.account === "home") return !ref.account;
  return ref.account === filter.account && (!filter.region || ref.region === filter.region);
}

/**
 * Keeps the items of the asked account; an account none of them is in is a mistake (a typo, a
 * member not reached yet), refused in one line naming the accounts there are.
 */
export function ofAccount<T>(items: readonly T[], filter: AccountFilter | undefined, refOf: (t: T) => Placed): T[] {
  const kept = items.filter((t) => inAccount(filter, refOf(t)));
  if (!filter || kept.length > 0 || items.length === 0) return kept;
  const known = [...new Set(items.map((t) => placeLabel(refOf(t))))].sort();
  const asked = filter.region ? `${filter.account}/${filter.region}` : filter.account;
  throw new GuardrailsError(`no services in account ${asked} (known accounts: ${known.join(", ")})`);
}

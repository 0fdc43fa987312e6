/**
 * A service, by cluster name and service name. `account` and `region` are set only for a
 * service outside the home account and Region (the one the guardrails run in): a member
 * account's service behind a hub. A home service has neither, so every key it had before
 * accounts existed stays the same (docs/design/accounts.md).
 */
export type ServiceRef = {
  readonly cluster: string;
  readonly service: string;
  readonly account?: string | undefined;
  readonly region?: string | undefined;
};

/** Where a service runs, when not in the home account and Region. */
export type Place = { readonly account: string; readonly region: string };
/** The account and Region the guardrails run in. */
export type Home = Place;

/**
 * "cluster/service" for a home service, "account/region/cluster/service" for a member's: the
 * one key a service goes by in maps, caches, thread ids, claims and scope exclusions. Two
 * accounts with a `prod/web` never share one.
 */
export const serviceKey = (ref: {
  readonly cluster: string;
  readonly service: string;
  readonly account?: string | undefined;
  readonly region?: string | undefined;
}): string =>
  ref.account ? `${ref.account}/${ref.region ?? "-"}/${ref.cluster}/${ref.service}` : `${ref.cluster}/${ref.service}`;

/** The place of a reference (undefined for home), to carry onto a reference built from it. */
export const placeOf = (ref: {
  readonly account?: string | undefined;
  readonly region?: string | undefined;
}): { account?: string; region?: string } =>
  ref.account ? { account: ref.account, ...(ref.region ? { region: ref.region } : {}) } : {};

/** " in account 123456789012 (eu-west-1)" for a member's service, "" for home: for sentences and titles. */
export const placeText = (ref: { readonly account?: string | undefined; readonly region?: string | undefined }) =>
  ref.account ? ` in account ${ref.account}${ref.region ? ` (${ref.region})` : ""}` : "";

/**
 * Whether an event from this account and Region concerns a member rather than home. Without a
 * home (a single-account install, tests, local tools) everything is home, as before.
 */
export const isMember = (home: Home | undefined, account: string | undefined, region: string | undefined) =>
  home !== undefined &&
  account !== undefined &&
  (account !== home.account || (region !== undefined && region !== home.region));

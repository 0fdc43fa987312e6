import type { GuardrailsConfig } from "./schema.ts";
import { anyGlob } from "./glob.ts";
import { type Home, isMember, type Place } from "../model/service-ref.ts";

// Which account a place someone named is (pure): a pipeline's service ARN, a chat command's
// `account/region/cluster/service`, a hook invocation's service ARN. Home's own account and
// Region is home; a member listed in organization.members, in one of its Regions (the hub's
// when it lists none), is a member; anything else is a stranger the functions never act on.

export type PlaceKind = "home" | "member" | "stranger";

export function kindOfPlace(config: GuardrailsConfig, home: Home | undefined, place: Place): PlaceKind {
  if (home && !isMember(home, place.account, place.region)) return "home";
  const member = (config.organization?.members ?? []).some(
    (m) => home && m.account === place.account && anyGlob(m.regions ?? [home.region], place.region),
  );
  return member ? "member" : "stranger";
}

/** "account 444455556666 (eu-west-1) is neither this account nor a member in organization.members" */
export const strangerText = (place: Place) =>
  `account ${place.account} (${place.region}) is neither this account nor a member in organization.members`;

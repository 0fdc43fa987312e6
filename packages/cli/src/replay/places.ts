import type { GuardrailsConfig } from "@ecs-guardrails/core/config/schema";
import type { Place } from "@ecs-guardrails/core/model/service-ref";
import { ReplayInputError, type ScenarioService } from "./input.ts";

// The accounts and Regions a stream comes from (docs/replay.md#several-accounts). Events keep
// their envelope's `account` and `region`; replay is the hub of the configuration's
// `organization.members`: the one account that is not a member is home (the hub's own), each
// member seen gets a simulated ECS of its own, reached as the member role. A stream of one
// account is replayed exactly as before, whatever its account id.

export type StreamPlaces = {
  /** The hub's account and Region; undefined: one account, every event home's as before. */
  home: Place | undefined;
  /** The members the stream names, each in the one Region its events come from. */
  members: Place[];
};

/** Where the simulator's home is when every event of the stream is a member's. */
const LOCAL_HOME: Place = { account: "111122223333", region: "us-east-1" };

type Named = { account?: unknown; region?: unknown };

/**
 * The stream's home and members (a hub's configuration, naming members). Refused in one line
 * each: a second account that is not a member (its events would otherwise be decided as home's, sharing keys with home's services),
 * and an account seen in two Regions (replay simulates one Region per account).
 */
export function streamPlaces(
  events: readonly unknown[],
  services: readonly ScenarioService[],
  config: GuardrailsConfig,
): StreamPlaces {
  const regions = new Map<string, string[]>();
  for (const e of [...events, ...services] as Named[]) {
    if (typeof e?.account !== "string") continue;
    const seen = regions.get(e.account) ?? [];
    if (typeof e.region === "string" && !seen.includes(e.region)) seen.push(e.region);
    regions.set(e.account, seen);
  }
  const memberIds = new Set((config.organization?.members ?? []).map((m) => m.account));
  // Without members the configuration is a single account's install: it decides every event as
  // its own, as replay always did (documented samples come from several example accounts).
  if (memberIds.size === 0) return { home: undefined, members: [] };
  if (regions.size <= 1 && ![...regions.keys()].some((a) => memberIds.has(a))) return { home: undefined, members: [] };
  const outsiders = [...regions.keys()].filter((a) => !memberIds.has(a));
  if (outsiders.length > 1)
    throw new ReplayInputError(
      `the stream has events from account ${outsiders[1]}, which is neither its home account (${outsiders[0]}) nor in organization.members: name it there (--config) to replay it as a member`,
    );
  for (const [account, seen] of regions)
    if (seen.length > 1)
      throw new ReplayInputError(
        `account ${account} has events from Regions ${seen.join(" and ")}: replay simulates one Region per account, so give it each Region's events on their own`,
      );
  const memberRegion = (account: string) => regions.get(account)?.[0];
  const homeAccount = outsiders[0] ?? (memberIds.has(LOCAL_HOME.account) ? "000000000000" : LOCAL_HOME.account);
  const firstRegion = [...regions.values()].flat()[0];
  const home = { account: homeAccount, region: memberRegion(homeAccount) ?? firstRegion ?? LOCAL_HOME.region };
  const members = [...regions.keys()]
    .filter((a) => memberIds.has(a))
    .map((account) => ({ account, region: memberRegion(account) ?? home.region }));
  return { home, members };
}

/** A service's place: undefined for home's (and for any service when the stream is one account's). */
export function placeIn(places: StreamPlaces, named: Named): Place | undefined {
  if (!places.home || typeof named.account !== "string" || named.account === places.home.account) return undefined;
  const member = places.members.find((m) => m.account === named.account);
  return member ? { ...member } : undefined;
}

import { namesOrganizationalUnits, settleOrganizationalUnits } from "../config/ou-scopes.ts";
import type { GuardrailsConfig } from "../config/schema.ts";
import type { Ledger } from "../engine/ledger.ts";
import type { Clock, OrganizationParents } from "../engine/ports.ts";
import type { Notifier } from "../notifications/notice.ts";

// Which OUs each account is in, for the rules that name OUs (config/ou-scopes.ts). Organizations
// answers one parent at a time, so an account's ancestors cost one ListParents per level (OUs
// nest at most five deep: six calls at most). Kept in memory per container: an account's path
// seldom changes, and a day-old one only delays a move between OUs by a day; a table cache would
// cost a DynamoDB read on every cold start instead, and the calls it saves are free. Nothing is
// asked when no rule names an OU, and nothing for an account already known.

/** How long an account's ancestors are trusted. */
export const ANCESTORS_KEPT_MS = 24 * 60 * 60 * 1000;
/** How long after a failed read the next event or tick asks again. */
export const RETRY_AFTER_MS = 10 * 60 * 1000;
/** More levels than Organizations allows (five OUs under the root): a loop, not a tree. */
const MAX_LEVELS = 8;

export type OuPathDeps = {
  parents: OrganizationParents;
  clock: Clock;
  /** The once-a-day notice of an unreadable organization is claimed here. */
  ledger: Pick<Ledger, "claimOnce">;
  notifier: Notifier;
};

/**
 * The port the ingest and the reconcile ask: the configuration settled for an account
 * (undefined: home's), what they decide with there.
 */
export type OuScopes = { configOf(account: string | undefined): Promise<GuardrailsConfig> };

/**
 * `config` settled per account, with each account's ancestors read once a day. When they cannot
 * be read (AccessDenied outside the management account and delegated administrators,
 * AWSOrganizationsNotInUseException, throttling, …) the account's OU rules stay unsettled —
 * the safe side — one notice a day says why, and the read is tried again after RETRY_AFTER_MS.
 */
export function configByAccount(config: GuardrailsConfig, deps: OuPathDeps, homeAccount: string): OuScopes {
  if (!namesOrganizationalUnits(config)) return { configOf: async () => config };
  const known = new Map<string, { until: number; config: GuardrailsConfig }>();
  // Events of one account arriving together share one walk.
  const walking = new Map<string, Promise<GuardrailsConfig>>();
  const settle = async (account: string): Promise<GuardrailsConfig> => {
    try {
      const settled = settleOrganizationalUnits(config, await ancestorsOf(account, deps.parents));
      known.set(account, { until: deps.clock.now().getTime() + ANCESTORS_KEPT_MS, config: settled });
      return settled;
    } catch (error) {
      known.set(account, { until: deps.clock.now().getTime() + RETRY_AFTER_MS, config });
      await announceOnce(error, deps);
      return config;
    }
  };
  return {
    async configOf(account) {
      const id = account ?? homeAccount;
      const hit = known.get(id);
      if (hit && hit.until > deps.clock.now().getTime()) return hit.config;
      const pending = walking.get(id) ?? settle(id).finally(() => walking.delete(id));
      walking.set(id, pending);
      return pending;
    },
  };
}

/** The account's ancestors, nearest first, up to the root. */
export async function ancestorsOf(account: string, parents: OrganizationParents): Promise<string[]> {
  const path: string[] = [];
  let child = account;
  for (let level = 0; level < MAX_LEVELS; level++) {
    const parent = await parents.parentOf(child);
    path.push(parent.id);
    if (parent.root) return path;
    child = parent.id;
  }
  throw new Error(`account ${account} is more than ${MAX_LEVELS} levels below its root`);
}

/** One notice per day, whichever account failed: claimed first, so containers and retries never repeat it. */
async function announceOnce(error: unknown, deps: OuPathDeps): Promise<void> {
  const now = deps.clock.now().toISOString();
  const day = now.slice(0, 10);
  const key = `organizations-unreadable#${day}`;
  if ((await deps.ledger.claimOnce(key, now)).status !== "claimed") return;
  const { name, message } = (error ?? {}) as { name?: string; message?: string };
  const why = `${name ?? "Error"}: ${message ?? String(error)}`;
  await deps.notifier.publish({
    severity: "warning",
    policy: "guardrails",
    cluster: "-",
    service: "-",
    title: "The guardrails cannot read the organization's OUs; rules scoped to OUs apply nowhere",
    description: `AWS Organizations' ListParents failed: ${why}. Until it answers, services whose scope names OUs are out of scope, and each policy an override scoped to OUs names acts on nothing (observe, or off). It is asked again every ${RETRY_AFTER_MS / 60_000} minutes.`,
    nextSteps: [
      "Run the hub in the organization's management account, or register its account as a delegated administrator for AWS Organizations",
      "Check that the hub's function roles allow organizations:ListParents and that no service control policy denies it",
      "Or remove organizationalUnits from the configuration",
    ],
    threadId: "organization/unreadable",
    eventType: "guardrails.organization.unreadable",
    dedupeKey: key,
    keywords: ["guardrails", "organizations"],
    relatedResources: [],
    context: { error: why },
  });
}

import type { Ledger } from "./ledger.ts";
import type { Clock } from "./ports.ts";
import type { Notifier } from "../notifications/notice.ts";
import type { Place } from "../model/service-ref.ts";
import { mapLimit } from "../util/concurrency.ts";
import type { GuardrailsConfig } from "../config/schema.ts";
import { anyGlob } from "../config/glob.ts";
import { readLists, reconcileServices, type ReconcileDeps, type ReconcileResult } from "./reconcile.ts";

// The reconcile across an organization: one pass per account and Region, in parallel. ECS,
// Application Auto Scaling and CloudWatch limit calls per account and Region
// (docs/design/aws-facts.md#api-budgets-and-service-limits), so each member's pass has its own
// clients, its own concurrency and its own first-sight import allowance: a slow or large
// account never spends another's budget, and one that cannot be reached never stops the rest.

/** One account and Region to look at; `place` undefined is home, with the functions' own credentials. */
export type AccountPass = {
  place: Place | undefined;
  /** That account's ports (a member's ECS clients assume its role); may fail when the role is missing. */
  deps: () => Promise<ReconcileDeps>;
};
export type AccountOutcome =
  | { place: Place | undefined; status: "reconciled"; result: ReconcileResult }
  | { place: Place | undefined; status: "unreachable"; error: string; announced: boolean };

export type FanOutDeps = {
  ledger: Pick<Ledger, "claimOnce">;
  notifier: Notifier;
  clock: Clock;
};

/**
 * Every account and Region a tick looks at: home first, then each configured member's
 * Regions (the hub's Region when it names none), those out of scope left out. Pure: the
 * caller builds each place's ports.
 */
export function placesOf(config: GuardrailsConfig, home: Place): (Place | undefined)[] {
  const members = (config.organization?.members ?? []).flatMap((m) =>
    (m.regions ?? [home.region]).map((region) => ({ account: m.account, region })),
  );
  const { accounts = ["*"], regions = ["*"] } = config.scope;
  const wanted = (p: Place) => anyGlob(accounts, p.account) && anyGlob(regions, p.region);
  return [
    ...(anyGlob(accounts, "home") ? [undefined] : []),
    ...members.filter((p) => (p.account !== home.account || p.region !== home.region) && wanted(p)),
  ];
}

/** Accounts looked at at once; each account's services then run at the reconcile's own concurrency. */
export const ACCOUNT_CONCURRENCY = 16;

export async function reconcileAccounts(
  passes: readonly AccountPass[],
  deps: FanOutDeps,
  options: { accountConcurrency?: number; concurrency?: number; importsPerTick?: number } = {},
): Promise<AccountOutcome[]> {
  // The attention lists and parked decisions span every account: read once for all the passes.
  const lists = readLists({ once: true });
  return mapLimit(passes, options.accountConcurrency ?? ACCOUNT_CONCURRENCY, async ({ place, deps: build }) => {
    try {
      const result = await reconcileServices(await build(), { ...options, place, lists });
      return { place, status: "reconciled", result };
    } catch (error) {
      // Home failing to list is the tick's failure, as before accounts: the schedule retries it.
      if (!place || !isDenied(error)) throw error;
      const text = `${(error as Error).name}: ${(error as Error).message}`;
      return { place, status: "unreachable", error: text, announced: await announceOnce(place, text, deps) };
    }
  });
}

/**
 * A member whose role is missing, or whose trust or permissions refuse the hub: STS's
 * AccessDenied on AssumeRole, ECS's AccessDeniedException, an unrecognized client (a removed
 * account). Anything else is a transient fault the next tick retries without a notice.
 */
export function isDenied(error: unknown): boolean {
  const { name, cause } = (error ?? {}) as { name?: unknown; cause?: unknown };
  // The member's keys are assumed on its clients' first call, so STS's refusal arrives as the
  // cause of the adapter's error around that call.
  if (cause !== undefined && cause !== error && isDenied(cause)) return true;
  return (
    typeof name === "string" &&
    ["AccessDenied", "AccessDeniedException", "UnrecognizedClientException", "InvalidClientTokenId"].includes(name)
  );
}

/** One notice per account per day: claimed first, so ticks every few minutes never repeat it. */
async function announceOnce(place: Place, error: string, deps: FanOutDeps): Promise<boolean> {
  const now = deps.clock.now().toISOString();
  const claim = await deps.ledger.claimOnce(
    `account-unreachable#${place.account}#${place.region}#${now.slice(0, 10)}`,
    now,
  );
  if (claim.status !== "claimed") return false;
  await deps.notifier.publish(unreachableNotice(place, error, now.slice(0, 10)));
  return true;
}

function unreachableNotice(place: Place, error: string, day: string) {
  return {
    severity: "warning" as const,
    policy: "guardrails",
    cluster: "-",
    service: "-",
    account: place.account,
    region: place.region,
    title: `The guardrails cannot reach account ${place.account} (${place.region}); its services are not looked at`,
    description: `Assuming the member role in **${place.account}** failed: ${error}. The other accounts are looked at as usual; this one is tried again every tick.`,
    nextSteps: [
      "Check that the member stack (its role and event rules) is deployed in this account and Region",
      "Check the role's trust policy names the hub's function roles",
    ],
    threadId: `account/${place.account}/${place.region}/unreachable`,
    eventType: "guardrails.account.unreachable",
    dedupeKey: `account-unreachable#${place.account}#${place.region}#${day}`,
    keywords: ["guardrails", place.account, place.region],
    relatedResources: [],
    context: { account: place.account, region: place.region },
  };
}

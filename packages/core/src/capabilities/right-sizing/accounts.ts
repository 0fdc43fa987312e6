import { type AccountPass, type FanOutDeps, forEachAccount } from "../../engine/fan-out.ts";
import type { Place } from "../../model/service-ref.ts";
import { type RightSizeDeps, type RightSizeResult, rightSizeServices } from "./right-size.ts";

// The daily run across an organization: the reconcile's fan-out (engine/accounts.ts), one run
// per account and Region, each with its own ECS, Application Auto Scaling and CloudWatch clients
// as the member role, its own concurrency and its own DescribeTaskDefinition pace (the budgets
// are per account and Region). A member that cannot be reached is announced once a day and
// tried again on the next run; the others are sized.

/**
 * Accounts sized at once. Lower than the reconcile's 16: each run holds a chunk of series in
 * memory (right-size.ts POINTS_IN_MEMORY, ~32 MB), and the function has 512 MB.
 */
export const RIGHT_SIZING_ACCOUNT_CONCURRENCY = 4;

export type AccountSizing =
  | { place: Place | undefined; status: "sized"; services: number; failed: number }
  | { place: Place | undefined; status: "unreachable"; error: string; announced: boolean };

/** One result for every account (what the run logs and returns), and each account's outcome. */
export async function rightSizeAccounts(
  passes: readonly AccountPass<RightSizeDeps>[],
  deps: FanOutDeps,
  accountConcurrency = RIGHT_SIZING_ACCOUNT_CONCURRENCY,
): Promise<RightSizeResult & { accounts: AccountSizing[] }> {
  const runs = await forEachAccount(passes, (d, place) => rightSizeServices(d, { place }), deps, accountConcurrency);
  const sized = runs.flatMap((r) => (r.status === "done" ? [r.result] : []));
  return {
    services: sized.reduce((n, r) => n + r.services, 0),
    recommendations: sized.flatMap((r) => r.recommendations),
    failures: sized.flatMap((r) => r.failures),
    plans: sized.flatMap((r) => r.plans),
    metricRequests: sized.reduce((n, r) => n + r.metricRequests, 0),
    accounts: runs.map((r) =>
      r.status === "done"
        ? { place: r.place, status: "sized", services: r.result.services, failed: r.result.failures.length }
        : r,
    ),
  };
}

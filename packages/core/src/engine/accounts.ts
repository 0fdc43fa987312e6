import { type AccountPass as Pass, type AccountRun, type FanOutDeps, forEachAccount } from "./fan-out.ts";
import { readLists, reconcileServices, type ReconcileDeps, type ReconcileResult } from "./reconcile.ts";
import type { Place } from "../model/service-ref.ts";

// The reconcile across an organization (engine/fan-out.ts): one pass per account and Region,
// each with its own clients, its own per-service concurrency and its own first-sight import
// allowance; a member that cannot be reached is announced once a day and stops none.

export {
  ACCOUNT_CONCURRENCY,
  accountPasses,
  type FanOutDeps,
  isDenied,
  placesOf,
} from "./fan-out.ts";

/** One account and Region of the reconcile's tick, with that account's ports. */
export type AccountPass<D = ReconcileDeps> = Pass<D>;

export type AccountOutcome =
  | { place: Place | undefined; status: "reconciled"; result: ReconcileResult }
  | Extract<AccountRun<never>, { status: "unreachable" }>;

export async function reconcileAccounts(
  passes: readonly AccountPass[],
  deps: FanOutDeps,
  options: { accountConcurrency?: number; concurrency?: number; importsPerTick?: number } = {},
): Promise<AccountOutcome[]> {
  // The attention lists and parked decisions span every account: read once for all the passes.
  const lists = readLists({ once: true });
  const runs = await forEachAccount(
    passes,
    (d, place) => reconcileServices(d, { ...options, place, lists }),
    deps,
    options.accountConcurrency,
  );
  return runs.map((r) => (r.status === "done" ? { place: r.place, status: "reconciled", result: r.result } : r));
}

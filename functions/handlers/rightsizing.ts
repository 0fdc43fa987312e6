import type { Log } from "../lib/log.ts";
import { runSummary, type RightSizeResult } from "@ecs-guardrails/core/capabilities/right-sizing/right-size";
import { type AccountSizing, rightSizeAccounts } from "@ecs-guardrails/core/capabilities/right-sizing/accounts";
import { accountPasses } from "@ecs-guardrails/core/engine/fan-out";
import {
  sendWeeklyDigest,
  type DigestResult,
} from "@ecs-guardrails/core/capabilities/right-sizing/right-sizing-digest";
import type { RightSizingDeps } from "../lib/rightsizing-deps.ts";
import { jobOf } from "../lib/rightsizing-job.ts";

// EventBridge Scheduler, two schedules on one function (packages/infra/src/rightsizing.ts):
// `{"job": "run"}` daily (`policies.right-sizing.schedule`) recommends for every service in
// scope; `{"job": "digest"}` weekly (`digestSchedule`) sends the one digest message. A repeated
// run re-announces nothing unchanged; a repeated digest is refused by its weekly claim. Behind a
// hub the run sizes each member's account and Region too (capabilities/right-sizing/accounts.ts).

export function makeRightSizing(deps: RightSizingDeps, log: Pick<Log, "info" | "error">) {
  return async (event: unknown): Promise<RightSizeResult | DigestResult> => {
    const job = jobOf(event);
    if (job.job === "digest") {
      const result = await sendWeeklyDigest(deps);
      log.info("right-sizing digest", {
        status: result.status,
        week: result.week,
        ...(result.status === "sent" ? { title: result.notice.title, services: result.services } : {}),
      });
      return result;
    }
    // Home alone without a hub; with one, home and every member's account and Region in scope.
    const { accounts, ...result } = await rightSizeAccounts(accountPasses(deps, deps.home, deps.forPlace), deps);
    // One line per failed service in the summary; the others were sized. An error-level entry
    // too when any failed, for a log alarm to see.
    const summary = runSummary(result);
    if (summary.failed.length > 0)
      log.error(`right-sizing could not size ${summary.failed.length} service(s); the others were sized`, {
        failed: summary.failed,
      });
    log.info("right-sizing run done", { ...summary, ...(deps.home ? { accounts: accounts.map(accountLine) } : {}) });
    return result;
  };
}

/** What the run's log line says of each account: `home`, or the member's account and Region. */
function accountLine(a: AccountSizing) {
  const where = a.place ? { account: a.place.account, region: a.place.region } : { account: "home" };
  return a.status === "sized"
    ? { ...where, status: a.status, services: a.services, failed: a.failed }
    : { ...where, status: a.status, error: a.error, announced: a.announced };
}

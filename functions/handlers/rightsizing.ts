import type { Log } from "../lib/log.ts";
import {
  rightSizeServices,
  runSummary,
  type RightSizeResult,
} from "@ecs-guardrails/core/capabilities/right-sizing/right-size";
import {
  sendWeeklyDigest,
  type DigestResult,
} from "@ecs-guardrails/core/capabilities/right-sizing/right-sizing-digest";
import type { RightSizingDeps } from "../lib/rightsizing-deps.ts";
import { jobOf } from "../lib/rightsizing-job.ts";

// EventBridge Scheduler, two schedules on one function (packages/infra/src/rightsizing.ts):
// `{"job": "run"}` daily (`policies.right-sizing.schedule`) recommends for every service in
// scope; `{"job": "digest"}` weekly (`digestSchedule`) sends the one digest message. A repeated
// run re-announces nothing unchanged; a repeated digest is refused by its weekly claim.

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
    const result = await rightSizeServices(deps);
    // One line per failed service in the summary; the others were sized. An error-level entry
    // too when any failed, for a log alarm to see.
    const summary = runSummary(result);
    if (summary.failed.length > 0)
      log.error(`right-sizing could not size ${summary.failed.length} service(s); the others were sized`, {
        failed: summary.failed,
      });
    log.info("right-sizing run done", summary);
    return result;
  };
}

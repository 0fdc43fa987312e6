import { Cron } from "croner";
import { useCronCheck, type CronTimes } from "./windows.ts";

// Window maths runs on croner (>= 11), picked by measurement (docs/capabilities/scheduled-scaling.md;
// `node bench/cron-libraries.ts`): on the 2026 DST dates of America/New_York and Europe/Berlin
// its next and previous runs agree with each other and with its documented rules, while
// cron-parser 5.10's prev() skips a spring-forward day and returns a fall-back time twice, and
// the window maths walks backwards ("when did the window last start?"). croner also has no
// dependencies and bundles to a third of cron-parser + luxon (33 kB vs 101 kB minified).
//
// croner's documented DST rules (11.0 release notes), which the schedule inherits:
// - a fixed time inside a spring-forward gap runs at the first valid time after it
//   (02:30 on a day that skips 02:00–03:00 runs at 03:00);
// - a fixed time inside a fall-back repeat runs once, at its first (daylight-time) occurrence;
// - patterns with wildcards or steps in minute/hour keep running through the repeated hour.

/** Throws croner's own message for a bad pattern or zone; validation turns it into one line. */
export function compileCron(pattern: string, timezone: string): CronTimes {
  const cron = new Cron(pattern, { timezone, mode: "5-part" });
  // Construction does not resolve the zone: one evaluation does, so a bad zone fails here too.
  cron.nextRun(new Date(0));
  return {
    // previousRuns is strictly before its reference; runs fall on whole minutes, so +1 ms includes `at`.
    lastAtOrBefore: (at) => cron.previousRuns(1, new Date(at.getTime() + 1))[0],
    nextAfter: (at) => cron.nextRun(at) ?? undefined,
  };
}

/** Why a pattern cannot be used, in croner's words without its class prefix; undefined if fine. */
export function cronProblem(pattern: string): string | undefined {
  try {
    new Cron(pattern, { mode: "5-part" });
    return undefined;
  } catch (error) {
    return (error as Error).message.replace(/^CronPattern:\s*/, "");
  }
}

// Loaded: configuration checks now check cron syntax too (windows.ts).
useCronCheck(cronProblem);

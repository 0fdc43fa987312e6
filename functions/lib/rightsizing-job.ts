import { InvalidEventError } from "@ecs-guardrails/core/errors";

/** What the right-sizing function's two schedules send it. */
export type RightSizingJob = { job: "run" } | { job: "digest" };

/** The scheduler's input; nothing at all (a manual test invoke) is a run. */
export function jobOf(event: unknown): RightSizingJob {
  if (event === undefined || event === null || (typeof event === "object" && !("job" in event))) return { job: "run" };
  const job = (event as { job?: unknown }).job;
  if (job === "run" || job === "digest") return { job };
  throw new InvalidEventError("invalid right-sizing job", [
    `job must be "run" or "digest", got ${JSON.stringify(job)}`,
  ]);
}

import type { FailureClass } from "../../events/stop-class.ts";

// The failure judgement on a target revision, shared by whoever judges one: the event-driven
// rollback, the deployment lifecycle hook and the pipeline's verify step count the same
// failure classes against the same threshold and watch the same mapped alarms. The settings
// belong to the capability that declares this role in its registry entry (`judgesRevisions`);
// the others read them through the registry (roles.ts), never through its code.

export type RevisionJudgement = {
  /** Stopped-task classes that count as the revision failing. */
  failureClasses: readonly FailureClass[];
  /** Failures that fail the revision... */
  failureThreshold: number;
  /** ...or, if set, this percentage of the desired count (at least 1). */
  failurePercent?: number | undefined;
  /** After a deployment completes, failures still count for this long. */
  bakeMinutes: number;
  /** CloudWatch alarms that mean the service is unhealthy. */
  alarms: readonly string[];
  /** Also count a mapped alarm already in ALARM when the deployment started (ECS ignores those). */
  includeAlarmsAlreadyFiring: boolean;
};

/** How many counted failures fail the revision, for a service of `desiredCount` tasks. */
export function failureThreshold(
  judgement: Pick<RevisionJudgement, "failureThreshold" | "failurePercent">,
  desiredCount: number | undefined,
): number {
  if (judgement.failurePercent === undefined || desiredCount === undefined) return judgement.failureThreshold;
  return Math.max(1, Math.ceil((judgement.failurePercent / 100) * desiredCount));
}

import type { FailureClass } from "../events/stop-class.ts";
import type { DeploymentRecord, ServiceState } from "../history/model.ts";

// The judgement of a target revision on its evidence — its task failures by class against the
// threshold, and the mapped alarms — shared by whoever answers for a paused or hooked
// deployment. The criteria are the revision-judging capability's settings, handed over by the
// engine (registry.ts revisionCriteria), never read from its folder. Field names match the
// criteria model/ is getting this session (issue 19), so the two merge into one. Pure.

export type RevisionCriteria = {
  failureClasses: readonly FailureClass[];
  failureThreshold: number;
  /** If set, the threshold is this percentage of the desired count (at least 1). */
  failurePercent?: number | undefined;
  alarms: readonly string[];
  includeAlarmsAlreadyFiring: boolean;
};

export type RevisionEvidence = {
  /** The target revision's deployment as the history has it. */
  deployment: DeploymentRecord | undefined;
  alarms: ServiceState["alarms"];
  desiredCount: number | undefined;
  /** When the deployment started: an alarm firing since then counts. */
  since: string;
};

export type RevisionVerdict =
  | { bad: true; rule: "failures" | "alarm"; reason: string; facts: Record<string, string> }
  | { bad: false; clean: string; facts: Record<string, string> };

export function failureThreshold(c: RevisionCriteria, desiredCount: number | undefined): number {
  if (c.failurePercent === undefined || desiredCount === undefined) return c.failureThreshold;
  return Math.max(1, Math.ceil((c.failurePercent / 100) * desiredCount));
}

export function judgeRevision(c: RevisionCriteria, e: RevisionEvidence): RevisionVerdict {
  const counted = c.failureClasses.flatMap((k) =>
    e.deployment?.failures[k] ? [[k, e.deployment.failures[k]!] as const] : [],
  );
  const total = counted.reduce((sum, [, n]) => sum + n, 0);
  const threshold = failureThreshold(c, e.desiredCount);
  const breakdown = counted.map(([k, n]) => `${n} ${k}`).join(", ");
  const facts = { failures: String(total), threshold: String(threshold) };
  if (total >= threshold)
    return {
      bad: true,
      rule: "failures",
      reason: `${total} task failures of the target revision (${breakdown}) reached the threshold of ${threshold}`,
      facts,
    };
  const firing = c.alarms.filter((name) => {
    const alarm = e.alarms[name];
    return alarm?.state === "ALARM" && (c.includeAlarmsAlreadyFiring || Date.parse(alarm.at) >= Date.parse(e.since));
  });
  if (firing.length > 0)
    return {
      bad: true,
      rule: "alarm",
      reason: `mapped alarm ${firing.join(", ")} is in ALARM during the deployment`,
      facts: { ...facts, alarms: firing.join(", ") },
    };
  const clean =
    total === 0
      ? "no task failures"
      : `${total} task failure${total === 1 ? "" : "s"} (${breakdown}), below the threshold of ${threshold}`;
  return { bad: false, clean: `${clean} and no mapped alarm in ALARM`, facts };
}

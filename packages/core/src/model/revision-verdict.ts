import { failureThreshold, type RevisionJudgement } from "./judgement/revision.ts";
import type { DeploymentRecord, ServiceState } from "../history/model.ts";

// The judgement of a target revision on its evidence — its task failures by class against the
// threshold, and the mapped alarms — shared by whoever answers for a paused or hooked
// deployment. The criteria are the revision-judging capability's settings, handed over by the
// engine (roles.ts revisionJudge), never read from its folder. Pure.

/** The judgement's criteria: the shared revision judgement without the bake (the caller times that). */
export type RevisionCriteria = Omit<RevisionJudgement, "bakeMinutes">;

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
  /** `summary`: the failures alone ("no task failures", "1 task failure (1 crash), below …"); `clean` adds the alarms. */
  | { bad: false; clean: string; summary: string; facts: Record<string, string> };

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
  const summary =
    total === 0
      ? "no task failures"
      : `${total} task failure${total === 1 ? "" : "s"} (${breakdown}), below the threshold of ${threshold}`;
  return { bad: false, clean: `${summary} and no mapped alarm in ALARM`, summary, facts };
}

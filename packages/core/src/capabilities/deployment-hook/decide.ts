import type { DeploymentRecord, ServiceState } from "../../history/model.ts";
import { failureThreshold, type RevisionJudgement } from "../../model/judgement/revision.ts";
import { type HookInvocation, isRollingBack } from "./invocation.ts";
import type { DeploymentHookSettings } from "./settings.ts";
import type { HookState } from "./state.ts";

// The hook's judgement of the target revision at one invocation, before modes and faults: the
// same failures (by class, against the same threshold) and the same mapped alarms that make
// the event-driven rollback roll a rolling deployment back (the shared revision judgement,
// model/judgement/revision.ts). Pure: every input is in the context.

export type HookStatus = "SUCCEEDED" | "FAILED" | "IN_PROGRESS";

export type Verdict = {
  status: HookStatus;
  /** Why, in words a person on call understands. */
  reason: string;
  /** Machine-readable: which rule answered. */
  rule: "rolling-back" | "already-failed" | "failures" | "alarm" | "judged-once" | "baked" | "baking";
  /** With IN_PROGRESS: seconds until the next look. */
  callBackDelay?: number;
  facts: Record<string, string>;
};

export type HookFacts = {
  invocation: HookInvocation;
  /** The target revision's deployment as the history has it (failures by class, start). */
  deployment: DeploymentRecord | undefined;
  alarms: ServiceState["alarms"];
  desiredCount: number | undefined;
  /** When ECS created the target deployment (DescribeServices), for a deployment the history has not seen start. */
  createdAt: string | undefined;
  /** The revision judgement (the judging capability's settings for the service, roles.ts). */
  settings: RevisionJudgement;
  /** The judging capability's id: a deployment it rolled back is marked `guardrails:<id>`. */
  judge: string;
  hook: DeploymentHookSettings;
  state: HookState;
  now: Date;
};

export function decideHook(f: HookFacts): Verdict {
  const { invocation: i, deployment: d } = f;
  const base = { deploymentId: i.deploymentId, stage: i.stage };
  // Holding or failing ECS's own rollback would only leave the service half-way.
  if (isRollingBack(i))
    return {
      status: "SUCCEEDED",
      rule: "rolling-back",
      reason: `ECS is rolling back (${i.stage} moves traffic off the target revision); the hook never holds a rollback`,
      facts: base,
    };
  // A late or repeated invocation after the hook failed this deployment gets the same answer.
  if (d?.rolledBackBy === `guardrails:${f.judge}`)
    return {
      status: "FAILED",
      rule: "already-failed",
      reason: `the guardrails already failed deployment ${i.deploymentId}: ${d.reasons.at(-1) ?? "see its history"}`,
      facts: base,
    };

  const counted = f.settings.failureClasses.flatMap((c) => (d?.failures[c] ? [[c, d.failures[c]!] as const] : []));
  const total = counted.reduce((sum, [, n]) => sum + n, 0);
  const threshold = failureThreshold(f.settings, f.desiredCount);
  const breakdown = counted.map(([c, n]) => `${n} ${c}`).join(", ");
  const facts = { ...base, failures: String(total), threshold: String(threshold) };
  if (total >= threshold)
    return {
      status: "FAILED",
      rule: "failures",
      reason: `${total} task failures of the target revision (${breakdown}) reached the threshold of ${threshold}`,
      facts,
    };

  const firing = firingAlarms(f, d);
  if (firing.length > 0)
    return {
      status: "FAILED",
      rule: "alarm",
      reason: `mapped alarm ${firing.join(", ")} is in ALARM during the deployment`,
      facts: { ...facts, alarms: firing.join(", ") },
    };

  const clean =
    total === 0
      ? "no task failures"
      : `${total} task failure${total === 1 ? "" : "s"} (${breakdown}), below the threshold of ${threshold}`;
  if (!f.hook.bakeStages.includes(i.stage))
    return { status: "SUCCEEDED", rule: "judged-once", reason: `${clean} and no mapped alarm in ALARM`, facts };
  const bakeMs = f.hook.bakeMinutes * 60_000;
  const watched = f.now.getTime() - Date.parse(f.state.since);
  if (watched >= bakeMs)
    return {
      status: "SUCCEEDED",
      rule: "baked",
      reason: `${clean} and no mapped alarm in ALARM through the ${f.hook.bakeMinutes}-minute bake`,
      facts,
    };
  const left = Math.ceil((bakeMs - watched) / 1000);
  return {
    status: "IN_PROGRESS",
    rule: "baking",
    callBackDelay: Math.max(1, Math.min(f.hook.callBackDelaySeconds, left)),
    reason: `watching the target revision: ${clean} so far, ${minutes(watched)} of the ${f.hook.bakeMinutes}-minute bake done`,
    facts,
  };
}

/**
 * Mapped alarms in ALARM since the deployment started; with includeAlarmsAlreadyFiring also
 * those that were firing before (ECS's own deployment alarms ignore those).
 */
function firingAlarms(f: HookFacts, d: DeploymentRecord | undefined): string[] {
  const start = d?.startedAt ?? f.createdAt ?? f.state.since;
  return f.settings.alarms.filter((name) => {
    const alarm = f.alarms[name];
    return (
      alarm?.state === "ALARM" && (f.settings.includeAlarmsAlreadyFiring || Date.parse(alarm.at) >= Date.parse(start))
    );
  });
}

const minutes = (ms: number) => `${Math.floor(ms / 60_000)} min ${Math.floor((ms % 60_000) / 1000)} s`;

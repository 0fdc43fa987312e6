import type { DeploymentRecord, ServiceState } from "../../history/model.ts";
import type { RevisionJudgement } from "../../model/judgement/revision.ts";
import { judgeRevision } from "../../model/revision-verdict.ts";
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

  // The shared revision judgement (model/revision-verdict.ts), the pause hook's too: alarms count
  // from the deployment's start as the history has it, else ECS's creation time, else the hook's first look.
  const verdict = judgeRevision(f.settings, {
    deployment: d,
    alarms: f.alarms,
    desiredCount: f.desiredCount,
    since: d?.startedAt ?? f.createdAt ?? f.state.since,
  });
  const facts = { ...base, ...verdict.facts };
  if (verdict.bad) return { status: "FAILED", rule: verdict.rule, reason: verdict.reason, facts };
  const clean = verdict.summary;
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

const minutes = (ms: number) => `${Math.floor(ms / 60_000)} min ${Math.floor((ms % 60_000) / 1000)} s`;

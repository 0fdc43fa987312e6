import type { HookEvent } from "../../events/model.ts";
import type { Policy } from "../../engine/policy.ts";
import type { Decision } from "../../model/decision.ts";
import type { RevisionCriteria } from "../../model/revision-verdict.ts";
import { judgeRevision } from "../../model/revision-verdict.ts";
import type { Snapshot } from "../../model/snapshot.ts";
import { currentDeploymentId } from "../../model/deployments.ts";
import type { PauseHookAnswerAction } from "./actions.ts";
import { answered, paused, timedOut, unanswerable } from "./notices.ts";
import type { PauseHookSettings } from "./settings.ts";
import { type PausedHook, pauseStateOf, stateWith } from "./state.ts";

// The pause hook (docs/capabilities/pause-hook.md): a deployment ECS paused at a lifecycle stage
// is judged on the same evidence as the Lambda hook's — the target revision's failures by class,
// the mapped alarms, and a bake — and answered CONTINUE or ROLLBACK, once per hook, before it
// expires. The event notes the pause (the hook is watched from then on); the answer comes at
// once for a bad revision, after the bake for a clean one (the reconcile's tick). Pure.

type Settings = PauseHookSettings;
type Answer = Decision<PauseHookAnswerAction>;

/** ECS's default timeout for a lifecycle hook, when neither the event nor a re-read says otherwise. */
const DEFAULT_TIMEOUT_MS = 1440 * 60_000;

export const pauseHook: Policy<Settings, PauseHookAnswerAction> = {
  id: "pause-hook",
  interestedIn: (e) =>
    e.kind === "hook" && e.eventName === "HOOK_AWAITING_ACTION" && (e.targetType ?? "PAUSE") === "PAUSE",
  decide(ctx) {
    const e = ctx.event as HookEvent;
    const hook = pausedHook(e);
    if (!hook) return [unanswerable(ctx.snapshot.ref, e)];
    const hooks = { ...pauseStateOf(ctx.snapshot).hooks, [hook.hookId]: hook };
    const watch = paused(ctx.snapshot.ref, hook, stateWith(hooks));
    if (!ctx.revision) return [watch];
    const next = judgeHook(hook, ctx.snapshot, ctx.settings, ctx.revision, ctx.now, hooks);
    return next ? [watch, next] : [watch];
  },
  wantsTick: (_service, stored) => Object.keys((stored?.["hooks"] as object | undefined) ?? {}).length > 0,
  tick(ctx) {
    const hooks = pauseStateOf(ctx.snapshot).hooks;
    const decisions: Answer[] = [];
    if (!ctx.revision) return { decisions };
    for (const hook of Object.values(hooks)) {
      const next = judgeHook(hook, ctx.snapshot, ctx.settings, ctx.revision, ctx.now, hooks);
      if (next) decisions.push(next);
    }
    return { decisions };
  },
};

function pausedHook(e: HookEvent): PausedHook | undefined {
  if (!e.hookId || !e.serviceDeploymentArn) return undefined;
  return {
    hookId: e.hookId,
    serviceDeploymentArn: e.serviceDeploymentArn,
    deploymentId: e.deploymentId,
    stage: e.stage ?? "unknown",
    since: e.time,
    expiresAt: e.expiresAt,
    timeoutAction: e.timeoutAction,
  };
}

/**
 * One watched hook at `now`: too late (left to ECS's timeout action), a bad revision (ROLLBACK),
 * a clean one past its bake (CONTINUE), or nothing yet. `hooks` is mutated: an answered hook
 * leaves it, so the next decision of the same pass carries the state without it too.
 */
function judgeHook(
  hook: PausedHook,
  snapshot: Snapshot,
  settings: Settings,
  criteria: RevisionCriteria,
  now: Date,
  hooks: Record<string, PausedHook>,
): Answer | undefined {
  const expires = hook.expiresAt ? Date.parse(hook.expiresAt) : Date.parse(hook.since) + DEFAULT_TIMEOUT_MS;
  const notAfter = expires - settings.marginSeconds * 1000;
  const done = () => {
    delete hooks[hook.hookId];
    return stateWith({ ...hooks });
  };
  if (now.getTime() >= notAfter) return timedOut(snapshot.ref, hook, done());
  // The event names a service deployment, not the ecs-svc id the history keeps: the paused
  // deployment is the one the service is rolling out.
  const id = hook.deploymentId ?? currentDeploymentId(snapshot);
  const deployment = snapshot.deployments.find((d) => d.deploymentId === id);
  const verdict = judgeRevision(criteria, {
    deployment,
    alarms: snapshot.state?.alarms ?? {},
    desiredCount: snapshot.service?.desiredCount,
    since: deployment?.startedAt ?? hook.since,
  });
  const action = (answer: "CONTINUE" | "ROLLBACK"): PauseHookAnswerAction => ({
    type: "pause-hook-answer",
    serviceDeploymentArn: hook.serviceDeploymentArn,
    hookId: hook.hookId,
    answer,
    notAfter: new Date(notAfter).toISOString(),
    stage: hook.stage,
    deploymentId: hook.deploymentId ?? deployment?.deploymentId,
  });
  if (verdict.bad) return answered(snapshot.ref, hook, action("ROLLBACK"), verdict.reason, verdict.facts, done());
  const watched = now.getTime() - Date.parse(hook.since);
  if (watched < settings.bakeMinutes * 60_000) return undefined;
  const why =
    settings.bakeMinutes > 0 ? `${verdict.clean} through the ${settings.bakeMinutes}-minute bake` : verdict.clean;
  return answered(snapshot.ref, hook, action("CONTINUE"), why, verdict.facts, done());
}

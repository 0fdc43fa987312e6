import type { RollbackAction } from "./actions.ts";
import type { AutoRollbackSettings } from "./settings.ts";
import type { DeploymentEvent, GuardrailsEvent } from "../../events/model.ts";
import { isFailure } from "../../events/stop-class.ts";
import {
  currentDeploymentId,
  deploymentRecord,
  ecsBreakerReached,
  ecsRollbackMechanisms,
  ecsRollsBackOnAlarm,
  inWatchWindow,
  isExpress,
  isInProgress,
  lastKnownGood,
} from "../../model/deployments.ts";
import { rolledBack, rolloutFailures, rolloutOf, startOf, type Rollout } from "../../model/rollouts.ts";
import { ecsBreaker } from "../../model/circuit-breaker.ts";
import type { Policy } from "../../engine/policy.ts";
import type { Decision } from "../../model/decision.ts";
import type { Snapshot } from "../../model/snapshot.ts";
import { updateBlock } from "../../model/update-rules.ts";
import { failureThreshold } from "../../model/judgement/revision.ts";
import { deploymentsSince, restorePlan } from "./restore.ts";
import {
  ecsRollsBack,
  firstFailure,
  knownGoodFails,
  manualRollback,
  noKnownGood,
  rollbackAction,
  rollbackFails,
  type Ctx,
} from "./notices.ts";

// Auto-rollback (docs/capabilities/auto-rollback.md): roll a bad release back to the last known-good
// revision, sooner than ECS's circuit breaker and in the cases it misses (tasks that start and
// then crash, alarms already firing). It judges rollouts, not single deployments (rollouts.ts):
// a capacity change of ours during someone's release does not hide that release. Pure: every
// input is in the context.

export const autoRollback: Policy<AutoRollbackSettings> = {
  id: "auto-rollback",
  interestedIn,
  // A deployment's start matters only for alarms already firing: without that setting, the
  // most common ECS event never loads a snapshot.
  relevant: (e, settings) =>
    !(e.kind === "deployment" && e.eventName === "SERVICE_DEPLOYMENT_IN_PROGRESS") ||
    (settings.includeAlarmsAlreadyFiring && settings.alarms.length > 0),
  // A blocked rollback (kill switch, rate limit) is retried by the reconcile while the
  // deployment it answers is still the one being rolled out and nobody rolled it back.
  stillApplies(decision, { snapshot }) {
    const id = decision.deploymentId;
    if (decision.action?.type !== "rollback" || !id || currentDeploymentId(snapshot) !== id) return false;
    const rollout = rolloutOf(snapshot, id);
    if (rollout.rollback || rolledBack(snapshot, rollout) || ecsIsRollingBack(snapshot, rollout)) return false;
    // ECS stops only a deployment in progress: once it completed, decide again (UpdateService).
    if ((decision.action as RollbackAction).serviceDeploymentArn && !isInProgress(snapshot, id)) return false;
    return (
      updateBlock(snapshot.service, {
        kind: "rollback",
        taskDefinition: (decision.action as RollbackAction).taskDefinition,
      }) === undefined
    );
  },
  decide(ctx) {
    // The engine filters with interestedIn first; decide does too, so it is correct on its own
    // (a scale-in stop, an alarm going OK or any other service action never triggers anything).
    const trigger = interestedIn(ctx.event) ? triggerOf(ctx) : undefined;
    return trigger ? [trigger] : [];
  },
};

function interestedIn(e: GuardrailsEvent): boolean {
  if (e.kind === "task") return e.lastStatus === "STOPPED" && e.stop !== undefined && isFailure(e.stop.class);
  if (e.kind === "deployment")
    return e.eventName === "SERVICE_DEPLOYMENT_FAILED" || e.eventName === "SERVICE_DEPLOYMENT_IN_PROGRESS";
  if (e.kind === "service-action") return e.eventName === "SERVICE_TASK_START_IMPAIRED";
  return e.kind === "alarm" && e.state === "ALARM";
}

function triggerOf(ctx: Ctx): Decision | undefined {
  const { event: e, settings, snapshot: s, now } = ctx;
  // Decided on the deployment the event names: by the time it is handled, ECS often lists its
  // own rollback as PRIMARY already.
  if (e.kind === "deployment" && e.eventName === "SERVICE_DEPLOYMENT_FAILED")
    return settings.onDeploymentFailed ? onDeploymentFailed(ctx, e) : undefined;
  const current = currentDeploymentId(s);
  if (!current) return undefined;
  const rollout = rolloutOf(s, current);
  if (rolledBack(s, rollout) || ecsIsRollingBack(s, rollout)) return undefined;
  if (e.kind === "task") {
    // A failure of a class the settings do not count must not re-announce the counted ones.
    const counted = e.stop !== undefined && (settings.failureClasses as readonly string[]).includes(e.stop.class);
    return counted && e.deploymentId !== undefined && rollout.members.includes(e.deploymentId)
      ? onFailure(ctx, rollout)
      : undefined;
  }
  if (e.kind === "deployment") return e.deploymentId === current ? onDeploymentStart(ctx, rollout) : undefined;
  if (e.kind === "service-action" && settings.onTaskStartImpaired && isInProgress(s, current)) {
    return judge(
      ctx,
      rollout,
      "ECS reports SERVICE_TASK_START_IMPAIRED: the new revision's tasks cannot start consistently",
    );
  }
  // An alarm that went off before the deployment started is not about it (a redelivery of the
  // alarm that caused our own rollback, say); alarms already firing have their own setting.
  if (e.kind === "alarm" && startedAfter(s, current, e.time)) return undefined;
  if (
    e.kind === "alarm" &&
    settings.alarms.includes(e.alarmName) &&
    inWatchWindow(s, current, settings.bakeMinutes, now)
  ) {
    const reason = `alarm ${e.alarmName} went into ALARM during the deployment${e.reason ? `: ${e.reason}` : ""}`;
    // ECS's own deployment alarms roll back while the deployment runs: never double them.
    if (!rollout.rollback && isInProgress(s, current) && ecsRollsBackOnAlarm(s, e.alarmName))
      return ecsRollsBack(
        ctx,
        rollout,
        `${reason}. ECS's deployment alarms roll back itself, so the guardrails do not act`,
      );
    return judge(ctx, rollout, reason);
  }
  return undefined;
}

function onFailure(ctx: Ctx, rollout: Rollout): Decision | undefined {
  const { snapshot, settings, now } = ctx;
  if (!inWatchWindow(snapshot, rollout.head, settings.bakeMinutes, now)) return undefined;
  const counted = rolloutFailures(snapshot, rollout, settings.failureClasses);
  const total = counted.reduce((sum, [, n]) => sum + n, 0);
  const threshold = failureThreshold(settings, snapshot.service?.desiredCount);
  const breakdown = counted.map(([c, n]) => `${n} ${c}`).join(", ");
  // ECS fails the deployment at the failure that reaches its threshold and rolls back itself:
  // announce it, never race it (also when ours is reached by the same failure).
  const reached = rollout.rollback ? undefined : ecsBreakerReached(snapshot, rollout.head);
  if (reached?.breaker.rollsBack) {
    const { breaker, count } = reached;
    return ecsRollsBack(
      ctx,
      rollout,
      `ECS's circuit breaker (${breaker.setting}, its threshold ${breaker.threshold}) has counted ${count} failures of ${rollout.head}, so ECS fails it and rolls back itself; the guardrails' threshold is ${threshold}, so they do not act`,
    );
  }
  if (total >= threshold)
    return judge(
      ctx,
      rollout,
      `${total} task failures of the new revision (${breakdown}) reached the threshold of ${threshold}${ecsThresholdNote(snapshot)}`,
    );
  // The first failure opens the rollout's chat thread; later ones stay quiet until a decision.
  // A rollback's own failures stay quiet until they reach the threshold: then one notice.
  // Any failure below the threshold opens the thread; its key makes it one message per deployment,
  // whichever failure arrives first (delivery is not in order, and a retry may land late).
  return total >= 1 && !rollout.rollback
    ? firstFailure(
        ctx,
        rollout,
        `a task of the new revision failed (${breakdown}); rollback at ${threshold}${ecsThresholdNote(snapshot)}`,
      )
    : undefined;
}

function onDeploymentFailed(ctx: Ctx, e: DeploymentEvent): Decision | undefined {
  const { snapshot: s } = ctx;
  const named = rolloutOf(s, e.deploymentId);
  // Rolled back by us: nothing left to say. Rolled back by ECS (its rollback's event came
  // first): the notice that ECS is rolling back is still due.
  if (rolledBack(s, named, "guardrails:")) return undefined;
  const reason = e.reason ?? "deployment failed";
  if (named.rollback) return rollbackFails(ctx, named, `ECS reported SERVICE_DEPLOYMENT_FAILED for it: ${reason}`);
  const mechanisms = ecsRollbackMechanisms(s);
  if (mechanisms.length > 0)
    return ecsRollsBack(
      ctx,
      named,
      `${reason} ECS rolls back itself (${mechanisms.join(" and ")}), so the guardrails do not act`,
    );
  // A failed deployment that a later one (not ours) already replaced is no longer rolled out.
  const current = currentDeploymentId(s);
  const rollout = current ? rolloutOf(s, current) : undefined;
  if (!rollout || rollout.origin !== named.origin) return undefined;
  return judge(ctx, rollout, `ECS reported SERVICE_DEPLOYMENT_FAILED and will not roll back itself: ${reason}`);
}

function onDeploymentStart(ctx: Ctx, rollout: Rollout): Decision | undefined {
  const { settings, snapshot } = ctx;
  if (!settings.includeAlarmsAlreadyFiring || rollout.rollback) return undefined;
  const firing = settings.alarms.filter((name) => snapshot.state?.alarms[name]?.state === "ALARM");
  if (firing.length === 0) return undefined;
  return judge(
    ctx,
    rollout,
    `alarm ${firing.join(", ")} was already in ALARM when the deployment started (ECS ignores such alarms)`,
  );
}

/** ECS failed the deployment and rolls back itself: its FAILED event is the one to tell. */
function ecsIsRollingBack(s: Snapshot, rollout: Rollout): boolean {
  const failed =
    deploymentRecord(s, rollout.head)?.failedAt !== undefined ||
    s.service?.deployments.find((d) => d.id === rollout.head)?.rolloutState === "FAILED";
  return failed && ecsRollbackMechanisms(s).length > 0;
}

// The threshold is the shared revision judgement's (model/judgement/revision.ts), which the hook also uses.
export { failureThreshold };

/** ECS's own threshold beside the guardrails', when its breaker rolls back: ", ECS's circuit breaker at 2 (COUNT 2) …". */
function ecsThresholdNote(s: Snapshot): string {
  const breaker = ecsBreaker(s.service);
  return breaker?.rollsBack
    ? `, ECS's circuit breaker at ${breaker.threshold} (${breaker.setting}) of the failures it counts`
    : "";
}

/**
 * The rollout is bad: roll it back to the last known-good revision — unless it is a rollback
 * itself, there is none, it is the known-good revision itself, or ECS's deployment controller
 * or a running blue/green-style deployment leaves the change to a person.
 */
function judge(ctx: Ctx, rollout: Rollout, reason: string): Decision {
  // Express Mode rolls its own canary back on its alarms: a second rollback would only race it.
  if (isExpress(ctx.snapshot))
    return ecsRollsBack(
      ctx,
      rollout,
      `${reason}. ${ctx.snapshot.ref.service} is an Express Mode service, whose canary deployment ECS rolls back on its alarms itself, so the guardrails do not act`,
    );
  if (rollout.rollback) return rollbackFails(ctx, rollout, reason);
  const target = lastKnownGood(ctx.snapshot, rollout.members);
  if (!target) return noKnownGood(ctx, rollout, reason);
  if (target === rollout.taskDefinition) return knownGoodFails(ctx, rollout, reason);
  const block = updateBlock(ctx.snapshot.service, { kind: "rollback", taskDefinition: target });
  if (block) return manualRollback(ctx, rollout, target, reason, block);
  const heldOff = ctx.stateOf?.("spot-fallback", "heldOff");
  const plan = restorePlan(ctx.snapshot, rollout, target, Array.isArray(heldOff) ? heldOff : []);
  return rollbackAction(ctx, rollout, target, reason, plan, deploymentsSince(ctx.snapshot, rollout, ctx.now));
}

export type { GuardrailsEvent };

function startedAfter(s: Snapshot, deploymentId: string, time: string): boolean {
  const started = startOf(s, deploymentId);
  return started !== undefined && Date.parse(time) < Date.parse(started);
}

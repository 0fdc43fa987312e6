import type { AutoRollbackSettings } from "./settings.ts";
import { taskDefinitionName } from "../../events/arns.ts";
import type { GuardrailsEvent } from "../../events/model.ts";
import { isFailure } from "../../events/stop-class.ts";
import { currentDeploymentId, deploymentRecord, inWatchWindow, isInProgress, isRollbackOrOurs, knownGoodTaskDefinition, taskDefinitionOf } from "../deployments.ts";
import type { Decision, Policy, PolicyContext } from "../types.ts";

// Auto-rollback (README "Auto-rollback"): roll a bad deployment back to the last known-good
// revision, sooner than ECS's circuit breaker and in the cases it misses (tasks that start and
// then crash, alarms already firing). Pure: every input is in the context.

type Ctx = PolicyContext<AutoRollbackSettings>;

export const autoRollback: Policy<AutoRollbackSettings> = {
  id: "auto-rollback",
  interestedIn,
  // A deployment's start matters only for alarms already firing: without that setting, the
  // most common ECS event never loads a snapshot.
  relevant: (e, settings) => !(e.kind === "deployment" && e.eventName === "SERVICE_DEPLOYMENT_IN_PROGRESS") || (settings.includeAlarmsAlreadyFiring && settings.alarms.length > 0),
  // A blocked rollback (kill switch, rate limit) is retried by the reconcile while the
  // deployment it answers is still the one being rolled out and nobody rolled it back.
  stillApplies(decision, { snapshot }) {
    const id = decision.deploymentId;
    if (decision.action?.type !== "rollback" || !id || currentDeploymentId(snapshot) !== id) return false;
    return !isRollbackOrOurs(snapshot, id) && deploymentRecord(snapshot, id)?.outcome !== "rolled-back";
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
  if (e.kind === "deployment") return e.eventName === "SERVICE_DEPLOYMENT_FAILED" || e.eventName === "SERVICE_DEPLOYMENT_IN_PROGRESS";
  if (e.kind === "service-action") return e.eventName === "SERVICE_TASK_START_IMPAIRED";
  return e.kind === "alarm" && e.state === "ALARM";
}

function triggerOf(ctx: Ctx): Decision | undefined {
  const { event: e, settings } = ctx;
  const current = currentDeploymentId(ctx.snapshot);
  if (!current || isRollbackOrOurs(ctx.snapshot, current) || deploymentRecord(ctx.snapshot, current)?.outcome === "rolled-back") return undefined;
  if (e.kind === "task") {
    // A failure of a class the settings do not count must not re-announce the counted ones.
    const counted = e.stop !== undefined && (settings.failureClasses as readonly string[]).includes(e.stop.class);
    return counted && e.deploymentId === current ? onFailure(ctx, current) : undefined;
  }
  if (e.kind === "deployment" && e.eventName === "SERVICE_DEPLOYMENT_FAILED" && e.deploymentId === current) {
    return settings.onDeploymentFailed ? onDeploymentFailed(ctx, current) : undefined;
  }
  if (e.kind === "deployment" && e.deploymentId === current) return onDeploymentStart(ctx, current);
  if (e.kind === "service-action" && settings.onTaskStartImpaired && isInProgress(ctx.snapshot, current)) {
    return rollback(ctx, current, "ECS reports SERVICE_TASK_START_IMPAIRED: the new revision's tasks cannot start consistently");
  }
  if (e.kind === "alarm" && settings.alarms.includes(e.alarmName) && inWatchWindow(ctx.snapshot, current, settings.bakeMinutes, ctx.now)) {
    return rollback(ctx, current, `alarm ${e.alarmName} went into ALARM during the deployment${e.reason ? `: ${e.reason}` : ""}`);
  }
  return undefined;
}

function onFailure(ctx: Ctx, current: string): Decision | undefined {
  const { snapshot, settings, now } = ctx;
  if (!inWatchWindow(snapshot, current, settings.bakeMinutes, now)) return undefined;
  const record = deploymentRecord(snapshot, current);
  const counted = settings.failureClasses.map((c) => [c, record?.failures[c] ?? 0] as const).filter(([, n]) => n > 0);
  const total = counted.reduce((sum, [, n]) => sum + n, 0);
  const threshold = failureThreshold(settings, snapshot.service?.desiredCount);
  const breakdown = counted.map(([c, n]) => `${n} ${c}`).join(", ");
  if (total >= threshold) {
    return rollback(ctx, current, `${total} task failures of the new revision (${breakdown}) reached the threshold of ${threshold}`);
  }
  if (total !== 1) return undefined;
  // The first failure opens the deployment's chat thread; later ones stay quiet until a decision.
  return notice(ctx, current, "first-failure", "warning", `First task failure in the deployment of ${revision(ctx, current)}`, `a task of the new revision failed (${breakdown}); rollback at ${threshold}`);
}

function onDeploymentFailed(ctx: Ctx, current: string): Decision {
  const breaker = ctx.snapshot.service?.circuitBreaker;
  const reason = ctx.event.kind === "deployment" ? ctx.event.reason ?? "deployment failed" : "deployment failed";
  if (breaker?.enable && breaker.rollback) {
    return notice(ctx, current, "ecs-rollback", "warning", `ECS is rolling back the deployment of ${revision(ctx, current)}`, `${reason} ECS's circuit breaker rolls back itself, so the guardrails do not act`);
  }
  return rollback(ctx, current, `ECS reported SERVICE_DEPLOYMENT_FAILED and its circuit breaker will not roll back: ${reason}`);
}

function onDeploymentStart(ctx: Ctx, current: string): Decision | undefined {
  const { settings, snapshot } = ctx;
  if (!settings.includeAlarmsAlreadyFiring) return undefined;
  const firing = settings.alarms.filter((name) => snapshot.state?.alarms[name]?.state === "ALARM");
  if (firing.length === 0) return undefined;
  return rollback(ctx, current, `alarm ${firing.join(", ")} was already in ALARM when the deployment started (ECS ignores such alarms)`);
}

export function failureThreshold(settings: AutoRollbackSettings, desiredCount: number | undefined): number {
  if (settings.failurePercent === undefined || desiredCount === undefined) return settings.failureThreshold;
  return Math.max(1, Math.ceil((settings.failurePercent / 100) * desiredCount));
}

function rollback(ctx: Ctx, current: string, reason: string): Decision {
  const target = knownGoodTaskDefinition(ctx.snapshot, current);
  const from = taskDefinitionOf(ctx.snapshot, current);
  if (!target) {
    return notice(ctx, current, "no-known-good", "critical", `Cannot roll back ${revision(ctx, current)}: no known-good revision`, `${reason}; but no earlier deployment of this service completed, so there is nothing safe to roll back to`);
  }
  return {
    ...base(ctx, current, "rollback"),
    action: { type: "rollback", deploymentId: current, taskDefinition: target, fromTaskDefinition: from },
    severity: "critical",
    nextSteps: ROLLBACK_NEXT_STEPS,
    title: `Roll back ${ctx.snapshot.ref.cluster}/${ctx.snapshot.ref.service} from ${name(from)} to ${name(target)}`,
    reason,
    facts: { fromTaskDefinition: from ?? "unknown", toTaskDefinition: target, deploymentId: current },
  };
}

const ROLLBACK_NEXT_STEPS = [
  "Look at the failed revision's stopped tasks and logs (`guardrails history --cluster <cluster> --service <service>`)",
  "Fix forward with a new revision; the guardrails will watch that deployment too",
];

function notice(ctx: Ctx, current: string, what: string, severity: Decision["severity"], title: string, reason: string): Decision {
  return { ...base(ctx, current, what), action: undefined, severity, title, reason, facts: { deploymentId: current, taskDefinition: taskDefinitionOf(ctx.snapshot, current) ?? "unknown" } };
}

function base(ctx: Ctx, current: string, what: string) {
  const { cluster, service } = ctx.snapshot.ref;
  return { policy: "auto-rollback" as const, key: `auto-rollback#${what}#${current}`, threadId: `${cluster}/${service}/${current}`, deploymentId: current };
}

function revision(ctx: Ctx, deploymentId: string): string {
  return `${ctx.snapshot.ref.cluster}/${ctx.snapshot.ref.service} (${name(taskDefinitionOf(ctx.snapshot, deploymentId))})`;
}

const name = (td: string | undefined) => (td ? taskDefinitionName(td) : "unknown revision");

export type { GuardrailsEvent };

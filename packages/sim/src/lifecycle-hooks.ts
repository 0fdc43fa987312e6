import { iso } from "./context.ts";
import type { SimContext } from "./context.ts";
import { hookStateChange } from "./events/hook-state-change.ts";
import { DEFAULT_HOOK_TIMEOUT_ACTION, DEFAULT_HOOK_TIMEOUT_MINUTES } from "./lifecycle-hook-config.ts";
import type { Deployment, HookDetail, LifecycleHook, Service, ServiceDeploymentRecord } from "./types.ts";

// The lifecycle stages of a service deployment and its PAUSE hooks
// (docs/design/aws-facts.md#pause-hooks). A deployment walks its stages in order; at a stage
// with PAUSE hooks it waits (each hook AWAITING_ACTION, one HOOK_AWAITING_ACTION event each)
// until every hook is continued or times out. Before SCALE_UP nothing of the new revision
// starts; after it, the deployment does not complete. AWS_LAMBDA hooks are kept in the
// configuration but not invoked: the simulator runs no Lambda functions.

const BEFORE = ["RECONCILE_SERVICE", "PRE_SCALE_UP", "SCALE_UP"];
const ROLLING_AFTER = ["POST_SCALE_UP"];
const TRAFFIC_AFTER = [
  "POST_SCALE_UP",
  "TEST_TRAFFIC_SHIFT",
  "POST_TEST_TRAFFIC_SHIFT",
  "PRE_PRODUCTION_TRAFFIC_SHIFT",
  "PRODUCTION_TRAFFIC_SHIFT",
  "POST_PRODUCTION_TRAFFIC_SHIFT",
];

/** The stages a deployment of this strategy passes; the traffic stages only where traffic shifts. */
export function stagePlan(strategy: string): string[] {
  return [...BEFORE, ...(strategy === "ROLLING" ? ROLLING_AFTER : TRAFFIC_AFTER)];
}

/** Whether the service deployment of `deployment` still holds its tasks back (before SCALE_UP). */
export function holdsLaunch(ctx: SimContext, deployment: Deployment): boolean {
  const sd = deployment.serviceDeploymentArn ? ctx.serviceDeployments.get(deployment.serviceDeploymentArn) : undefined;
  if (!sd || sd.targetDeploymentId !== deployment.id || sd.status !== "IN_PROGRESS") return false;
  return sd.stageCursor < sd.stagePlan.indexOf("SCALE_UP");
}

/**
 * Walks the stages as far as they go: past SCALE_UP only once `scaledUp`, never past a stage
 * whose PAUSE hooks await action. True when every stage is behind it.
 */
export function advanceStages(
  ctx: SimContext,
  service: Service,
  sd: ServiceDeploymentRecord,
  scaledUp: boolean,
): boolean {
  if (sd.status !== "IN_PROGRESS") return true;
  while (sd.stageCursor < sd.stagePlan.length) {
    const stage = sd.stagePlan[sd.stageCursor]!;
    sd.lifecycleStage = stage;
    if (stage === "SCALE_UP" && !scaledUp) return false;
    if (pausedAt(ctx, service, sd, stage)) return false;
    sd.stageCursor += 1;
  }
  return true;
}

/** The passed hooks of the stage, or new ones awaiting action (the first time it is reached). */
function pausedAt(ctx: SimContext, service: Service, sd: ServiceDeploymentRecord, stage: string): boolean {
  const configured = sd.configuration.lifecycleHooks.filter(
    (h) => h.targetType === "PAUSE" && h.lifecycleStages.includes(stage),
  );
  if (configured.length === 0) return false;
  if (!sd.hooks.some((h) => h.stage === stage))
    for (const hook of configured) sd.hooks.push(awaitAction(ctx, service, sd, hook, stage));
  return sd.hooks.some((h) => h.stage === stage && h.status === "AWAITING_ACTION");
}

function awaitAction(
  ctx: SimContext,
  service: Service,
  sd: ServiceDeploymentRecord,
  hook: LifecycleHook,
  stage: string,
): HookDetail {
  const now = ctx.timeline.now();
  const detail: HookDetail = {
    hookId: ctx.ids.pauseHookId(),
    targetType: "PAUSE",
    targetArn: undefined,
    stage,
    status: "AWAITING_ACTION",
    expiresAt: now + (hook.timeoutConfiguration?.timeoutInMinutes ?? DEFAULT_HOOK_TIMEOUT_MINUTES) * 60_000,
    timeoutAction: hook.timeoutConfiguration?.action ?? DEFAULT_HOOK_TIMEOUT_ACTION,
  };
  sd.updatedAt = now;
  ctx.emit(
    hookStateChange({
      ...ctx.place,
      cluster: service.cluster,
      service: service.name,
      serviceDeploymentArn: sd.arn,
      serviceRevisionArn: sd.targetRevisionArn,
      hookId: detail.hookId,
      lifecycleStage: stage,
      status: detail.status,
      expiresAt: iso(detail.expiresAt!),
      timeoutAction: detail.timeoutAction,
      time: iso(now),
    }),
  );
  ctx.timeline.at(detail.expiresAt!, () => ctx.hooks.hookTimedOut(service, sd, detail));
  return detail;
}

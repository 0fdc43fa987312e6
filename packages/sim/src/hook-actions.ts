import type { SimContext } from "./context.ts";
import { EcsApiError, invalidParameter } from "./errors.ts";
import { advanceStages } from "./lifecycle-hooks.ts";
import { requestRollback, serviceOfDeployment } from "./service-deployment-actions.ts";
import { requireServiceDeployment } from "./service-deployments-api.ts";
import { end } from "./service-deployments.ts";
import type { HookDetail, Service, ServiceDeploymentRecord } from "./types.ts";

// What ends a PAUSE hook's wait: ContinueServiceDeployment (CONTINUE goes on to the next stage,
// ROLLBACK returns to the source revision, as StopServiceDeployment does) or the hook's timeout,
// which applies its timeoutAction and leaves the hook TIMED_OUT. ECS accepts the call only for
// a deployment IN_PROGRESS whose hook is AWAITING_ACTION.

export type ContinueServiceDeploymentInput = { serviceDeploymentArn?: string; hookId?: string; action?: string };

const ACTIONS = ["CONTINUE", "ROLLBACK"];

export function continueServiceDeployment(ctx: SimContext, input: ContinueServiceDeploymentInput) {
  // The API model leaves action optional; the simulator takes a missing one as CONTINUE.
  const action = input.action ?? "CONTINUE";
  if (!ACTIONS.includes(action)) throw invalidParameter(`action must be one of ${ACTIONS.join(", ")}.`);
  const sd = requireServiceDeployment(ctx, input.serviceDeploymentArn);
  if (typeof input.hookId !== "string" || input.hookId === "") throw invalidParameter("hookId is required.");
  const hook = sd.hooks.find((h) => h.hookId === input.hookId);
  if (!hook) throw invalidParameter(`The service deployment has no lifecycle hook ${input.hookId}.`);
  if (sd.status !== "IN_PROGRESS" || hook.status !== "AWAITING_ACTION")
    throw invalidParameter(
      `The lifecycle hook is ${hook.status} and the service deployment ${sd.status}: only a hook awaiting action in a deployment in progress can be continued.`,
    );
  const service = serviceOfDeployment(ctx, sd);
  // Sim wording: a hook rolled back by the caller ends FAILED, as a Lambda hook that answers FAILED.
  hook.status = action === "CONTINUE" ? "SUCCEEDED" : "FAILED";
  apply(ctx, service, sd, action, `Rolled back by ContinueServiceDeployment at lifecycle hook ${hook.hookId}.`);
  return { serviceDeploymentArn: sd.arn };
}

/** The hook's timeout came: its timeoutAction applies unless it was answered meanwhile. */
export function hookTimedOut(ctx: SimContext, service: Service, sd: ServiceDeploymentRecord, hook: HookDetail): void {
  if (hook.status !== "AWAITING_ACTION" || sd.status !== "IN_PROGRESS") return;
  hook.status = "TIMED_OUT";
  try {
    apply(ctx, service, sd, hook.timeoutAction, `Lifecycle hook ${hook.hookId} timed out.`);
  } catch (error) {
    // No earlier revision to return to (a service's first deployment): the rollback cannot happen.
    if (!(error instanceof EcsApiError)) throw error;
    end(ctx, service, sd, "ROLLBACK_FAILED", error.message);
  }
}

function apply(ctx: SimContext, service: Service, sd: ServiceDeploymentRecord, action: string, reason: string): void {
  sd.updatedAt = ctx.timeline.now();
  if (action === "ROLLBACK") {
    requestRollback(ctx, service, sd, reason);
    return;
  }
  advanceStages(ctx, service, sd, false);
  ctx.hooks.reconcileSoon(service);
}

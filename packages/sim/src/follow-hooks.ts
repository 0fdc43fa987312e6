import { beginServiceDeployment } from "./service-deployments.ts";
import type { SimContext } from "./context.ts";
import type { Deployment, HookDetail, Service, ServiceDeploymentRecord } from "./types.ts";

// Following a recorded hook state change (HOOK_AWAITING_ACTION and the like): the simulated ECS
// holds the hook as the event names it, on the service deployment the event names, so the
// guardrails' DescribeServiceDeployments and ContinueServiceDeployment meet ECS's ids. Nothing
// is scheduled: a timeout the stream does not show never happens in the echo either.

export type HookFact = {
  kind: "hook";
  cluster: string;
  service: string;
  serviceDeploymentArn: string;
  hookId: string;
  stage: string;
  status: string;
  expiresAt?: number | undefined;
  timeoutAction?: string | undefined;
  time: number;
};

const STATUSES: readonly HookDetail["status"][] = [
  "AWAITING_ACTION",
  "IN_PROGRESS",
  "SUCCEEDED",
  "FAILED",
  "TIMED_OUT",
];
/** A hook that ended stays ended: a late or repeated event does not wake it. */
const OPEN: readonly HookDetail["status"][] = ["AWAITING_ACTION", "IN_PROGRESS"];

export function followHook(ctx: SimContext, service: Service, fact: HookFact): void {
  const status = STATUSES.find((s) => s === fact.status);
  if (!status) return;
  const sd = ctx.serviceDeployments.get(fact.serviceDeploymentArn) ?? adopt(ctx, service, fact.serviceDeploymentArn);
  if (!sd) return;
  const stageAt = sd.stagePlan.indexOf(fact.stage);
  if (sd.status === "IN_PROGRESS" && stageAt >= sd.stageCursor) {
    sd.stageCursor = stageAt;
    sd.lifecycleStage = fact.stage;
  }
  sd.updatedAt = Math.max(sd.updatedAt, fact.time);
  const known = sd.hooks.find((h) => h.hookId === fact.hookId);
  if (known) {
    if (OPEN.includes(known.status)) known.status = status;
    return;
  }
  sd.hooks.push({
    hookId: fact.hookId,
    targetType: "PAUSE",
    targetArn: undefined,
    stage: fact.stage,
    status,
    expiresAt: fact.expiresAt,
    timeoutAction: fact.timeoutAction === "CONTINUE" ? "CONTINUE" : "ROLLBACK",
  });
}

/**
 * The service deployment of the deployment being rolled out, under the ARN ECS gave it: the
 * simulator's own stand-in ARN (a seeded or followed deployment) gives way to the recorded one.
 */
function adopt(ctx: SimContext, service: Service, arn: string): ServiceDeploymentRecord | undefined {
  const deployment = rollingOut(service);
  if (!deployment) return undefined;
  const own = deployment.serviceDeploymentArn ? ctx.serviceDeployments.get(deployment.serviceDeploymentArn) : undefined;
  const sd = own?.targetDeploymentId === deployment.id ? own : beginServiceDeployment(ctx, service, deployment);
  ctx.serviceDeployments.delete(sd.arn);
  sd.arn = arn;
  ctx.serviceDeployments.set(arn, sd);
  deployment.serviceDeploymentArn = arn;
  return sd;
}

function rollingOut(service: Service): Deployment | undefined {
  const primary = service.deployments.find((d) => d.status === "PRIMARY");
  return primary?.rolloutState === "IN_PROGRESS" ? primary : undefined;
}

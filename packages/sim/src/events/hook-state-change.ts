import { arns, envelope, type Place } from "./builders.ts";

// "ECS Hook State Change" (eventName HOOK_AWAITING_ACTION), which ECS emits when a deployment
// pauses at a PAUSE hook. ECS publishes no sample of it: the shape is derived from the
// envelope of the other ECS events (test/fixtures/aws-events) and, for the detail, from the
// fields of DeploymentLifecycleHookDetail in the SDK (docs/design/aws-facts.md#pause-hooks).

export type HookStateSpec = Place & {
  cluster: string;
  service: string;
  serviceDeploymentArn: string;
  serviceRevisionArn: string;
  hookId: string;
  lifecycleStage: string;
  status: string;
  expiresAt: string;
  timeoutAction: string;
  time: string;
  eventName?: string;
};

export function hookStateChange(spec: HookStateSpec) {
  const p = arns(spec);
  const serviceArn = p.service(spec.cluster, spec.service);
  const detail = {
    eventType: "INFO",
    eventName: spec.eventName ?? "HOOK_AWAITING_ACTION",
    clusterArn: p.cluster(spec.cluster),
    serviceArn,
    serviceDeploymentArn: spec.serviceDeploymentArn,
    targetServiceRevisionArn: spec.serviceRevisionArn,
    hookId: spec.hookId,
    targetType: "PAUSE",
    lifecycleStage: spec.lifecycleStage,
    status: spec.status,
    expiresAt: spec.expiresAt,
    timeoutAction: spec.timeoutAction,
    updatedAt: spec.time,
  };
  return envelope("ECS Hook State Change", "aws.ecs", p, spec.time, [serviceArn, spec.serviceDeploymentArn], detail);
}

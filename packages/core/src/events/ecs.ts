import * as z from "../zod.ts";
import { envelopeOf, eventFields, once } from "./envelope.ts";

// ECS's events, built on the first one a container receives (envelope.ts once).
function schemas() {
  const { isoTime, nonEmpty } = eventFields();
  const text = z.optional(z.string());
  const time = z.optional(isoTime);

  const container = z.looseObject({
    name: text,
    containerArn: text,
    lastStatus: text,
    // Absent while running and when the container never started.
    exitCode: z.optional(z.number()),
    reason: text,
    image: text,
    // Strings in events, even "null" in one documentation sample.
    cpu: text,
    memory: text,
  });

  const taskDetail = z.looseObject({
    clusterArn: nonEmpty,
    taskArn: nonEmpty,
    lastStatus: nonEmpty,
    desiredStatus: nonEmpty,
    // Only task and container-instance events carry a version (docs/design/aws-facts.md#ecs-events).
    version: z.optional(z.number()),
    group: text,
    startedBy: text,
    taskDefinitionArn: text,
    launchType: text,
    capacityProviderName: text,
    cpu: text,
    memory: text,
    stopCode: text,
    stoppedReason: text,
    containers: z.optional(z.array(container)),
    createdAt: time,
    startedAt: time,
    stoppingAt: time,
    stoppedAt: time,
    updatedAt: time,
  });

  const deploymentDetail = z.looseObject({
    eventType: nonEmpty,
    eventName: nonEmpty,
    deploymentId: nonEmpty,
    updatedAt: isoTime,
    reason: text,
  });

  const serviceActionDetail = z.looseObject({
    eventType: nonEmpty,
    eventName: nonEmpty,
    clusterArn: text,
    createdAt: time,
    reason: text,
    capacityProviderArns: z.optional(z.array(z.string())),
    containerInstanceArns: z.optional(z.array(z.string())),
  });

  const containerInstanceDetail = z.looseObject({
    clusterArn: nonEmpty,
    containerInstanceArn: nonEmpty,
    version: z.optional(z.number()),
    status: text,
    agentConnected: z.optional(z.boolean()),
  });

  // "ECS Hook State Change": the shape is derived from the SDK's DeploymentLifecycleHookDetail
  // (docs/design/aws-facts.md#pause-hooks); every field but the event name is optional, since the
  // pause-hook capability re-reads the hook from DescribeServiceDeployments before answering.
  const hookDetail = z.looseObject({
    eventType: text,
    eventName: nonEmpty,
    clusterArn: text,
    serviceDeploymentArn: text,
    deploymentId: text,
    lifecycleStage: text,
    hookId: text,
    targetType: text,
    status: text,
    expiresAt: time,
    timeoutAction: text,
    updatedAt: time,
  });

  return {
    container,
    taskDetail,
    taskStateChange: envelopeOf("ECS Task State Change", taskDetail),
    deploymentStateChange: envelopeOf("ECS Deployment State Change", deploymentDetail),
    serviceAction: envelopeOf("ECS Service Action", serviceActionDetail),
    containerInstanceStateChange: envelopeOf("ECS Container Instance State Change", containerInstanceDetail),
    hookStateChange: envelopeOf("ECS Hook State Change", hookDetail),
  };
}

export const ecsSchemas = once(schemas);
type Schemas = ReturnType<typeof schemas>;
export type ContainerDetail = z.infer<Schemas["container"]>;
export type TaskDetail = z.infer<Schemas["taskDetail"]>;

export type TaskStateChangeEvent = z.infer<Schemas["taskStateChange"]>;
export type DeploymentStateChangeEvent = z.infer<Schemas["deploymentStateChange"]>;
export type ServiceActionEvent = z.infer<Schemas["serviceAction"]>;
export type HookStateChangeEvent = z.infer<Schemas["hookStateChange"]>;

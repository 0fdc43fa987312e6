import { z } from "zod";
import { envelopeOf, isoTime } from "./envelope.ts";

const container = z.looseObject({
  name: z.string().optional(),
  containerArn: z.string().optional(),
  lastStatus: z.string().optional(),
  // Absent while running and when the container never started.
  exitCode: z.number().optional(),
  reason: z.string().optional(),
  image: z.string().optional(),
  // Strings in events, even "null" in one documentation sample.
  cpu: z.string().optional(),
  memory: z.string().optional(),
});
export type ContainerDetail = z.infer<typeof container>;

export const taskDetail = z.looseObject({
  clusterArn: z.string().min(1),
  taskArn: z.string().min(1),
  lastStatus: z.string().min(1),
  desiredStatus: z.string().min(1),
  // Only task and container-instance events carry a version (reference §1).
  version: z.number().optional(),
  group: z.string().optional(),
  startedBy: z.string().optional(),
  taskDefinitionArn: z.string().optional(),
  launchType: z.string().optional(),
  capacityProviderName: z.string().optional(),
  cpu: z.string().optional(),
  memory: z.string().optional(),
  stopCode: z.string().optional(),
  stoppedReason: z.string().optional(),
  containers: z.array(container).optional(),
  createdAt: isoTime.optional(),
  startedAt: isoTime.optional(),
  stoppingAt: isoTime.optional(),
  stoppedAt: isoTime.optional(),
  updatedAt: isoTime.optional(),
});

export const deploymentDetail = z.looseObject({
  eventType: z.string().min(1),
  eventName: z.string().min(1),
  deploymentId: z.string().min(1),
  updatedAt: isoTime,
  reason: z.string().optional(),
});

export const serviceActionDetail = z.looseObject({
  eventType: z.string().min(1),
  eventName: z.string().min(1),
  clusterArn: z.string().optional(),
  createdAt: isoTime.optional(),
  reason: z.string().optional(),
  capacityProviderArns: z.array(z.string()).optional(),
  containerInstanceArns: z.array(z.string()).optional(),
});

export const containerInstanceDetail = z.looseObject({
  clusterArn: z.string().min(1),
  containerInstanceArn: z.string().min(1),
  version: z.number().optional(),
  status: z.string().optional(),
  agentConnected: z.boolean().optional(),
});

export const taskStateChange = envelopeOf("ECS Task State Change", taskDetail);
export const deploymentStateChange = envelopeOf("ECS Deployment State Change", deploymentDetail);
export const serviceAction = envelopeOf("ECS Service Action", serviceActionDetail);
export const containerInstanceStateChange = envelopeOf("ECS Container Instance State Change", containerInstanceDetail);

export type TaskStateChangeEvent = z.infer<typeof taskStateChange>;
export type DeploymentStateChangeEvent = z.infer<typeof deploymentStateChange>;
export type ServiceActionEvent = z.infer<typeof serviceAction>;

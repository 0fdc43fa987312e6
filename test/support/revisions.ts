import type {
  RevisionView,
  ServiceDeploymentView,
  ServiceDeploymentsView,
} from "@ecs-guardrails/core/model/revision-settings";
import { at, REF, td } from "./snapshots.ts";

// ECS's service deployments and revisions as the engine reads them before a rollback
// (engine/service-deployments.ts): prod/web's known-good web:41 on Spot in two subnets behind
// a target group, and the bad web:42 moved to on-demand in another subnet without one.

const ARN = `arn:aws:ecs:us-east-1:111122223333`;
/** Service revision and deployment ARNs: their ids are ECS's own, unrelated to `ecs-svc/…`. */
export const revisionArn = (id: string) => `${ARN}:service-revision/${REF.cluster}/${REF.service}/${id}`;
export const serviceDeploymentArn = (id: string) => `${ARN}:service-deployment/${REF.cluster}/${REF.service}/${id}`;

export const knownGoodRevision = (patch: Partial<RevisionView> = {}): RevisionView => ({
  arn: revisionArn("4000000000000000001"),
  taskDefinition: td(41),
  capacityProviderStrategy: [
    { capacityProvider: "FARGATE_SPOT", base: 0, weight: 3 },
    { capacityProvider: "FARGATE", base: 1, weight: 1 },
  ],
  networkConfiguration: {
    awsvpcConfiguration: { subnets: ["subnet-a", "subnet-b"], securityGroups: ["sg-web"], assignPublicIp: "DISABLED" },
  },
  loadBalancers: [{ targetGroupArn: `${ARN}:targetgroup/web/1`, containerName: "web", containerPort: 8080 }],
  serviceRegistries: [{ registryArn: `${ARN}:service/srv-web` }],
  serviceConnectConfiguration: { enabled: true, namespace: "prod" },
  volumeConfigurations: [{ name: "data", managedEBSVolume: { roleArn: `${ARN}:role/ebs`, sizeInGiB: 20 } }],
  ...patch,
});

export const badRevision = (patch: Partial<RevisionView> = {}): RevisionView => ({
  arn: revisionArn("4000000000000000002"),
  taskDefinition: td(42),
  capacityProviderStrategy: [{ capacityProvider: "FARGATE", base: 0, weight: 1 }],
  networkConfiguration: { awsvpcConfiguration: { subnets: ["subnet-c"], securityGroups: ["sg-new"] } },
  ...patch,
});

export const serviceDeployment = (patch: Partial<ServiceDeploymentView> = {}): ServiceDeploymentView => ({
  arn: serviceDeploymentArn("Xq3bZ0RqJg2kA9"),
  status: "IN_PROGRESS",
  createdAt: at(100),
  target: badRevision(),
  sources: [knownGoodRevision()],
  ...patch,
});

/** The bad release's service deployment (in progress unless patched), newest first after `older`. */
export const deploymentsView = (
  patch: Partial<ServiceDeploymentView> = {},
  older: ServiceDeploymentView[] = [],
): ServiceDeploymentsView => ({ deployments: [serviceDeployment(patch), ...older] });

import type { DeploymentRecord, ServiceState } from "../../packages/core/src/history/model.ts";
import type { ServiceDescription } from "../../packages/core/src/model/description.ts";
import { loadFixture, type Fixture } from "./fixtures.ts";
import { deploymentRecord } from "./snapshots.ts";

// Builders for the deploy-stage tests: a service as ECS describes it, its history, and
// CodePipeline job events made from the real samples (only the id, parameters and token change).

export const REF = { cluster: "prod", service: "web" } as const;
export const TD = (n: number) => `arn:aws:ecs:us-east-1:111122223333:task-definition/web:${n}`;

type Dep = ServiceDescription["deployments"][number];

export function ecsDeployment(id: string, patch: Partial<Dep> = {}): Dep {
  return {
    id,
    status: "PRIMARY",
    taskDefinition: TD(1),
    rolloutState: "COMPLETED",
    createdAt: "2026-11-20T09:00:00.000Z",
    desiredCount: 2,
    runningCount: 2,
    failedTasks: 0,
    ...patch,
  };
}

export function service(deployments: Dep[], patch: Partial<ServiceDescription> = {}): ServiceDescription {
  return {
    ...REF,
    serviceArn: "arn:aws:ecs:us-east-1:111122223333:service/prod/web",
    status: "ACTIVE",
    desiredCount: 2,
    runningCount: 2,
    pendingCount: 0,
    taskDefinition: deployments.find((d) => d.status === "PRIMARY")?.taskDefinition ?? TD(1),
    launchType: "FARGATE",
    capacityProviderStrategy: [],
    circuitBreaker: { enable: true, rollback: true },
    deploymentController: "ECS",
    deploymentStrategy: "ROLLING",
    deploymentAlarms: undefined,
    deployments,
    tags: {},
    taskSize: undefined,
    ...patch,
  };
}

export function record(id: string, patch: Partial<DeploymentRecord> = {}): DeploymentRecord {
  // snapshots.ts's record, with the deploy stage's defaults: web:1 started at 09:00, no failure
  // counted unless given, and the outcome always following the timestamps.
  return deploymentRecord(id, {
    taskDefinitionArn: TD(1),
    startedAt: "2026-11-20T09:00:00.000Z",
    ...patch,
    failureCount: patch.failureCount ?? 0,
    outcome: undefined,
  });
}

export function state(patch: Partial<ServiceState> = {}): ServiceState {
  return {
    ...REF,
    currentDeploymentId: undefined,
    lastKnownGoodTaskDefinition: undefined,
    lastKnownGoodDeploymentId: undefined,
    updatedAt: undefined,
    alarms: {},
    actionTimes: [],
    policies: {},
    ...patch,
  };
}

/** The documented Lambda invoke sample with its id, UserParameters and token replaced. */
export function jobEvent(
  jobId: string,
  userParameters: unknown,
  continuationToken?: string,
  sample = "codepipeline-job-lambda-invoke-with-output-artifact",
): Fixture {
  const event = loadFixture(sample);
  const job = event["CodePipeline.job"];
  job.id = jobId;
  job.data.actionConfiguration.configuration.UserParameters =
    typeof userParameters === "string" ? userParameters : JSON.stringify(userParameters);
  if (continuationToken === undefined) delete job.data.continuationToken;
  else job.data.continuationToken = continuationToken;
  return event;
}

/** Hex job ids (the form CodePipeline and the local endpoint use), one per call. */
export function jobIds(prefix = "a") {
  let n = 0;
  return () => `${prefix.padEnd(8, "0").slice(0, 8)}-0000-4000-8000-${(n++).toString(16).padStart(12, "0")}`;
}

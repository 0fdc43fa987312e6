import type { ServiceRef } from "@ecs-guardrails/core/events/model";
import type { FailureClass } from "@ecs-guardrails/core/events/stop-class";
import { deriveOutcome, type DeploymentRecord, type ServiceState } from "@ecs-guardrails/core/history/model";
import type { ServiceDescription } from "@ecs-guardrails/core/model/description";
import type { Snapshot } from "@ecs-guardrails/core/model/snapshot";

// Snapshots as the engine hands them to a policy: the stored history plus ECS's view. The
// defaults describe one ordinary rollout, so a test only spells out what it is about.

export const REF: ServiceRef = { cluster: "prod", service: "web" };
export const T0 = Date.parse("2026-11-20T10:00:00Z");
/** An ISO time `seconds` after T0. */
export const at = (seconds: number): string => new Date(T0 + seconds * 1000).toISOString();
export const td = (revision: number): string => `arn:aws:ecs:us-east-1:111122223333:task-definition/web:${revision}`;

/** A stored deployment record; the outcome follows from the timestamps unless given. */
export function deploymentRecord(deploymentId: string, patch: Partial<DeploymentRecord> = {}): DeploymentRecord {
  const record: DeploymentRecord = {
    ...REF,
    deploymentId,
    taskDefinitionArn: undefined,
    startedAt: undefined,
    completedAt: undefined,
    failedAt: undefined,
    rolledBackAt: undefined,
    rolledBackBy: undefined,
    rollbackOf: undefined,
    rollbackTo: undefined,
    initiatedBy: undefined,
    failures: {},
    failureCount: 0,
    reasons: [],
    outcome: "in-progress",
    ...patch,
  };
  return {
    ...record,
    outcome: patch.outcome ?? deriveOutcome(record),
    failureCount: patch.failureCount ?? sum(record.failures),
  };
}

export function serviceState(patch: Partial<ServiceState> = {}): ServiceState {
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

type EcsDeployment = ServiceDescription["deployments"][number];

export function ecsDeployment(id: string, patch: Partial<EcsDeployment> = {}): EcsDeployment {
  return {
    id,
    status: "ACTIVE",
    taskDefinition: td(41),
    rolloutState: "COMPLETED",
    createdAt: at(0),
    desiredCount: 4,
    runningCount: 4,
    failedTasks: 0,
    ...patch,
  };
}

export function serviceDescription(patch: Partial<ServiceDescription> = {}): ServiceDescription {
  return {
    ...REF,
    serviceArn: `arn:aws:ecs:us-east-1:111122223333:service/${REF.cluster}/${REF.service}`,
    status: "ACTIVE",
    desiredCount: 4,
    runningCount: 4,
    pendingCount: 0,
    taskDefinition: td(42),
    launchType: undefined,
    capacityProviderStrategy: [{ capacityProvider: "FARGATE", base: 0, weight: 1 }],
    circuitBreaker: undefined,
    deploymentController: "ECS",
    deploymentStrategy: "ROLLING",
    deploymentAlarms: undefined,
    deployments: [],
    tags: {},
    taskSize: { cpu: 256, memory: 512 },
    ...patch,
  };
}

export type RolloutSpec = {
  /** Failures of the new revision recorded so far (the triggering event included). */
  failures?: Partial<Record<FailureClass, number>>;
  /** Patches the record of the deployment being rolled out (ecs-svc/2, web:42). */
  current?: Partial<DeploymentRecord>;
  /** ECS's rollout state of ecs-svc/2; "COMPLETED" also needs `current.completedAt` for the bake window. */
  rolloutState?: string;
  desiredCount?: number;
  circuitBreaker?: ServiceDescription["circuitBreaker"];
  /** Older deployments, newest first; by default web:41 (ecs-svc/1) completed at T0+60s. */
  previous?: DeploymentRecord[];
  state?: Partial<ServiceState>;
};

/** The known-good revision web:41, completed as ecs-svc/1 at T0+60s. */
export const knownGood = (): DeploymentRecord =>
  deploymentRecord("ecs-svc/1", { taskDefinitionArn: td(41), startedAt: at(0), completedAt: at(60) });

/**
 * prod/web rolling out web:42 as ecs-svc/2 since T0+100s, replacing web:41 (ecs-svc/1), with
 * ECS listing ecs-svc/2 as PRIMARY.
 */
export function rollout(spec: RolloutSpec = {}): Snapshot {
  const current = deploymentRecord("ecs-svc/2", {
    taskDefinitionArn: td(42),
    startedAt: at(100),
    failures: spec.failures ?? {},
    ...spec.current,
  });
  const previous = spec.previous ?? [knownGood()];
  return {
    ref: REF,
    recent: [],
    state: serviceState({
      currentDeploymentId: "ecs-svc/2",
      lastKnownGoodTaskDefinition: td(41),
      lastKnownGoodDeploymentId: "ecs-svc/1",
      ...spec.state,
    }),
    deployments: [current, ...previous],
    service: serviceDescription({
      desiredCount: spec.desiredCount ?? 4,
      circuitBreaker: spec.circuitBreaker,
      deployments: [
        ecsDeployment("ecs-svc/2", {
          status: "PRIMARY",
          taskDefinition: td(42),
          rolloutState: spec.rolloutState ?? "IN_PROGRESS",
          createdAt: at(100),
        }),
        // ECS still lists the deployment being replaced while its tasks drain.
        ...previous
          .slice(0, 1)
          .map((d) => ecsDeployment(d.deploymentId, { taskDefinition: d.taskDefinitionArn ?? td(41) })),
      ],
    }),
  };
}

function sum(failures: Partial<Record<FailureClass, number>>): number {
  return Object.values(failures).reduce((total, n) => total + (n ?? 0), 0);
}

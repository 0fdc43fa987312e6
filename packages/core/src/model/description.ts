import type { ServiceRef } from "./service-ref.ts";

export type CapacityProviderItem = { capacityProvider: string; base: number; weight: number };

/** The service as ECS describes it now (DescribeServices + ListTagsForResource). */
export type ServiceDescription = ServiceRef & {
  serviceArn: string;
  status: string;
  desiredCount: number;
  runningCount: number;
  pendingCount: number;
  taskDefinition: string;
  launchType: string | undefined;
  capacityProviderStrategy: CapacityProviderItem[];
  /**
   * `deploymentConfiguration.deploymentCircuitBreaker`; `thresholdConfiguration` and
   * `resetOnHealthyTask` are absent when ECS applies its defaults (model/circuit-breaker.ts).
   */
  circuitBreaker:
    | {
        enable: boolean;
        rollback: boolean;
        thresholdConfiguration?: { type: string; value: number } | undefined;
        resetOnHealthyTask?: boolean | undefined;
      }
    | undefined;
  /**
   * Who runs the service's deployments (docs/design/aws-facts.md#deployment-controllers-and-strategies): `ECS` (also when DescribeServices names
   * none), `CODE_DEPLOY` or `EXTERNAL`. Only with ECS may the guardrails change the task
   * definition or the capacity provider strategy.
   */
  deploymentController: string;
  /** With controller ECS: `ROLLING` (also when unset), `BLUE_GREEN`, `LINEAR` or `CANARY`. */
  deploymentStrategy: string;
  /** ECS deployment alarms (`deploymentConfiguration.alarms`): with `rollback`, ECS rolls back itself. */
  deploymentAlarms: { alarmNames: string[]; enable: boolean; rollback: boolean } | undefined;
  deployments: {
    id: string;
    status: string;
    taskDefinition: string;
    rolloutState: string | undefined;
    createdAt: string | undefined;
    /** When ECS last changed it: for a COMPLETED deployment, about when it completed. */
    updatedAt?: string | undefined;
    desiredCount: number;
    runningCount: number;
    failedTasks: number;
  }[];
  tags: Record<string, string>;
  /**
   * DescribeServices' `resourceManagementType`: `ECS` for a service Express Mode created and
   * manages (its canary deployments roll back on alarms by themselves), `CUSTOMER` otherwise
   * (docs/design/aws-facts.md#new-ecs-shapes-202526); undefined when ECS names none.
   */
  managedBy?: string | undefined;
  /** The PRIMARY task definition's size (CPU units, MiB), when ECS could tell. */
  taskSize: { cpu: number; memory: number } | undefined;
};

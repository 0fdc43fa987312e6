import type { DeploymentEvent, ServiceActionEventModel, ServiceRef, TaskEvent } from "./events/model.ts";
import type { FailureClass } from "./events/stop-class.ts";
import type { DeploymentRecord, FailureEntry, Page, RecordOutcome, ServiceState, TimelineEntry } from "./history/model.ts";

// The ports the use cases depend on; adapters in packages/aws (and fakes in tests) implement them.

export interface HistoryWriter {
  recordTask(event: TaskEvent): Promise<RecordOutcome>;
  recordDeployment(event: DeploymentEvent, taskDefinitionArn: string | undefined): Promise<RecordOutcome>;
  recordServiceAction(event: ServiceActionEventModel): Promise<RecordOutcome>;
}

export interface HistoryReader {
  getServiceState(ref: ServiceRef): Promise<ServiceState | undefined>;
  getDeployment(ref: ServiceRef, deploymentId: string): Promise<DeploymentRecord | undefined>;
  listDeployments(ref: ServiceRef): Promise<DeploymentRecord[]>;
  timeline(ref: ServiceRef, options?: { limit?: number; cursor?: string }): Promise<Page<TimelineEntry>>;
  clusterTimeline(cluster: string, options: { since: string; until?: string; limit?: number }): Promise<TimelineEntry[]>;
  deploymentFailures(ref: ServiceRef, deploymentId: string, failureClass?: FailureClass): Promise<FailureEntry[]>;
}

export type HistoryStore = HistoryWriter & HistoryReader;

/** Deployment events do not carry the task definition; ECS's DescribeServices does. */
export interface DeploymentResolver {
  taskDefinitionOf(ref: ServiceRef, deploymentId: string): Promise<string | undefined>;
}

export type Clock = { now(): Date };
export const systemClock: Clock = { now: () => new Date() };

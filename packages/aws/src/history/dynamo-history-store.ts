import type { ServiceRef } from "@ecs-guardrails/core/events/model";
import type { FailureClass } from "@ecs-guardrails/core/events/stop-class";
import type { DeploymentRecord, FailureEntry, Page, TimelineEntry } from "@ecs-guardrails/core/history/model";
import type { HistoryStore } from "@ecs-guardrails/core/engine/ports";
import { marshall } from "@aws-sdk/util-dynamodb";
import { DynamoHistoryWrites } from "./history-writes.ts";
import { clusterDayPk, deploymentSk, failurePrefix, GSI1, servicePk } from "./keys.ts";
import { toDeployment, toFailure, toTimelineEntry } from "./mapping.ts";
import { type TimelineOptions, timelineOfKinds } from "./timeline-kinds.ts";

export { DynamoHistoryWrites };
export type { DynamoHistoryOptions } from "./history-writes.ts";

const DAY_MS = 86_400_000;

/**
 * The whole service history: the functions' writes and reads (history-writes.ts), and the
 * reads of the console, the CLI, the deploy stage and right-sizing — one deployment, a
 * cluster's timeline, a deployment's failures, a service's timeline filtered by kind.
 */
export class DynamoHistoryStore extends DynamoHistoryWrites implements HistoryStore {
  /** Newest first, a page at a time; with `types`, full pages of those kinds only (timeline-kinds.ts). */
  override async timeline(ref: ServiceRef, options: TimelineOptions = {}): Promise<Page<TimelineEntry>> {
    const { types } = options;
    if (!types?.length) return super.timeline(ref, options);
    return timelineOfKinds((command) => this.read(command), this.table, ref, { ...options, types });
  }

  async getDeployment(ref: ServiceRef, deploymentId: string): Promise<DeploymentRecord | undefined> {
    const item = await this.get(servicePk(ref), deploymentSk(deploymentId));
    return item && toDeployment(item);
  }

  /** Entries of every service of a cluster between two times, newest first (one query per day). */
  async clusterTimeline(
    cluster: string,
    options: { since: string; until?: string; limit?: number },
  ): Promise<TimelineEntry[]> {
    const until = options.until ?? new Date().toISOString();
    const limit = options.limit ?? 200;
    const out: TimelineEntry[] = [];
    for (
      let day = Date.parse(until);
      day >= Date.parse(options.since.slice(0, 10)) && out.length < limit;
      day -= DAY_MS
    ) {
      const items = await this.queryAll(
        {
          IndexName: GSI1,
          KeyConditionExpression: "gsi1pk = :pk AND gsi1sk BETWEEN :from AND :to",
          ExpressionAttributeValues: marshall({
            ":pk": clusterDayPk(cluster, new Date(day).toISOString()),
            ":from": options.since,
            ":to": `${until}~`,
          }),
          ScanIndexForward: false,
        },
        limit - out.length,
      );
      out.push(...items.map(toTimelineEntry));
    }
    return out;
  }

  async deploymentFailures(
    ref: ServiceRef,
    deploymentId: string,
    failureClass?: FailureClass,
  ): Promise<FailureEntry[]> {
    const items = await this.queryAll({
      KeyConditionExpression: "pk = :pk AND begins_with(sk, :p)",
      ExpressionAttributeValues: marshall({ ":pk": servicePk(ref), ":p": failurePrefix(deploymentId, failureClass) }),
    });
    return items.map(toFailure);
  }
}

import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoHistoryStore } from "../../packages/aws/src/history/dynamo-history-store.ts";
import type { ServiceRef } from "../../packages/core/src/events/model.ts";
import type { DeploymentResolver } from "../../packages/core/src/engine/ports.ts";
import type { Retention } from "../../packages/aws/src/history/retention.ts";
import { freshHistoryTable } from "./dynamodb.ts";

/** A resolver answering from a fixed map, counting the calls it gets. */
export function fixedResolver(taskDefinitions: Record<string, string>): DeploymentResolver & { calls: number } {
  return {
    calls: 0,
    async taskDefinitionOf(_ref: ServiceRef, deploymentId: string) {
      this.calls += 1;
      return taskDefinitions[deploymentId];
    },
  };
}

export async function freshStore(
  retention?: Partial<Retention>,
): Promise<{ store: DynamoHistoryStore; client: DynamoDBClient; tableName: string }> {
  const { client, tableName } = await freshHistoryTable();
  return {
    store: new DynamoHistoryStore({ client, tableName, ...(retention ? { retention } : {}) }),
    client,
    tableName,
  };
}

/** Everything the history says about one service, for comparing two histories. */
export async function snapshotOf(store: DynamoHistoryStore, ref: ServiceRef) {
  const timeline = [];
  let cursor: string | undefined;
  do {
    const page = await store.timeline(ref, { limit: 100, ...(cursor ? { cursor } : {}) });
    timeline.push(...page.items);
    cursor = page.cursor;
  } while (cursor);
  const deployments = await store.listDeployments(ref);
  const failures = (await Promise.all(deployments.map((d) => store.deploymentFailures(ref, d.deploymentId)))).flat();
  return { state: await store.getServiceState(ref), deployments, timeline, failures };
}

import type { ServiceRef } from "../../events/model.ts";
import type { DeploymentRecord } from "../../history/model.ts";
import type { HistoryReader } from "../../engine/ports.ts";

// OOM kills of the service's current revision, from the history: the failures recorded per
// deployment (class out-of-memory, docs/how-it-works.md "Stop classification"). Only the deployments of that
// revision are read, and only kills inside the lookback count: a kill of an older revision
// says nothing about the one running now.

export type OomHistory = Pick<HistoryReader, "listDeployments" | "deploymentFailures">;

/** `listed`: the service's deployments when the caller has read them already. */
export async function oomKillsOf(
  history: OomHistory,
  ref: ServiceRef,
  revision: string,
  since: string,
  listed?: readonly DeploymentRecord[],
): Promise<number> {
  const name = revisionName(revision);
  const deployments = (listed ?? (await history.listDeployments(ref))).filter(
    (d) => d.taskDefinitionArn === undefined || revisionName(d.taskDefinitionArn) === name,
  );
  let kills = 0;
  for (const d of deployments) {
    const failures = await history.deploymentFailures(ref, d.deploymentId, "out-of-memory");
    kills += failures.filter(
      (f) => f.time >= since && revisionName(f.taskDefinitionArn ?? d.taskDefinitionArn ?? revision) === name,
    ).length;
  }
  return kills;
}

/** "family:revision", from an ARN or from the short form. */
export function revisionName(taskDefinition: string): string {
  return taskDefinition.slice(taskDefinition.lastIndexOf("/") + 1);
}

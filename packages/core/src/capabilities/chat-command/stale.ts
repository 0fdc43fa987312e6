import { currentDeploymentId, deploymentRecord } from "../../model/deployments.ts";
import type { Snapshot } from "../../model/snapshot.ts";
import type { RecordedDecision } from "../../engine/policy.ts";

// Whether a button still answers the service as it is (pure). A button pressed an hour later
// acts on nothing once the service moved on: the deployment its notice was about was rolled
// back, completed since, or replaced by another. Each refusal says why, in one line.

/** Why "roll back now" on this recorded decision is stale; undefined when it still applies. */
export function staleRollback(recorded: RecordedDecision, snapshot: Snapshot): string | undefined {
  const id = recorded.deploymentId;
  if (!id) return "the notice names no deployment to roll back";
  const record = deploymentRecord(snapshot, id);
  if (record?.outcome === "rolled-back")
    return `${id} was already rolled back${record.rolledBackBy ? ` (by ${record.rolledBackBy})` : ""}`;
  if (record?.outcome === "failed") return `${id} has already failed and ECS replaced it`;
  // A release that completed after the notice was sent recovered: the notice's evidence is old.
  if (record?.completedAt && Date.parse(record.completedAt) > Date.parse(recorded.time))
    return `${id} completed at ${record.completedAt}, after the notice`;
  const current = currentDeploymentId(snapshot);
  if (current && current !== id) return `${id} was replaced: the service is on ${current} now`;
  return undefined;
}

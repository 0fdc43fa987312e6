import { currentDeploymentId, deploymentRecord } from "../../model/deployments.ts";
import type { Snapshot } from "../../model/snapshot.ts";
import { deployHolds } from "../../roles.ts";
import { snoozeHolds } from "./snooze.ts";

// `guardrails-status <cluster>/<service>`: the service's current state in a few lines (pure).

export function statusLines(snapshot: Snapshot, chatState: Record<string, unknown> | undefined, now: Date): string[] {
  const s = snapshot.service;
  if (!s) return ["ECS does not know the service (deleted, or not in this account and Region)"];
  const id = currentDeploymentId(snapshot);
  const record = id ? deploymentRecord(snapshot, id) : undefined;
  const revision = s.taskDefinition.slice(s.taskDefinition.lastIndexOf("/") + 1);
  const lines = [
    `running ${s.runningCount} of ${s.desiredCount} task(s) of ${revision}`,
    `deployment ${id ?? "unknown"}: ${record?.outcome ?? s.deployments.find((d) => d.id === id)?.rolloutState ?? "unknown"}`,
  ];
  const known = snapshot.state?.lastKnownGoodTaskDefinition;
  if (known) lines.push(`last known good: ${known.slice(known.lastIndexOf("/") + 1)}`);
  const alarms = Object.entries(snapshot.state?.alarms ?? {}).filter(([, a]) => a.state === "ALARM");
  if (alarms.length) lines.push(`in alarm: ${alarms.map(([name]) => name).join(", ")}`);
  for (const hold of deployHolds(snapshot.state)) lines.push(`deploys held (${hold.by}): ${hold.text}`);
  lines.push(snoozeHolds(chatState, now) ?? "guardrails active (not snoozed)");
  return lines;
}

import type { DeploymentRecord, TimelineEntry } from "@ecs-guardrails/core/history/model";

// The guardrails' own deployments (a rollback, a capacity change), completed from the decision
// that started them. The history marks such a deployment when the decision is recorded, with
// no time and no task definition: ECS's deployment events name neither the task definition nor
// always arrive (a replayed stream has none for them). Without this they would read "unknown
// revision" and, having no start, never be drawn.

type StartData = {
  verdict?: string;
  policy?: string;
  startedDeployment?: string;
  action?: { taskDefinition?: unknown };
};

/** `decisions`: any timeline decisions (those that started no deployment are ignored). Pure. */
export function withOwnStarts(
  deployments: readonly DeploymentRecord[],
  decisions: readonly TimelineEntry[],
): DeploymentRecord[] {
  const starts = new Map<string, { time: string; data: StartData }>();
  for (const e of decisions) {
    const data = (e.data ?? {}) as StartData;
    if (e.type === "decision" && data.verdict === "acted" && data.startedDeployment)
      starts.set(data.startedDeployment, { time: e.time, data });
  }
  if (starts.size === 0) return [...deployments];
  const completed = deployments.map((d) => {
    const start = starts.get(d.deploymentId);
    if (!start) return d;
    const target = start.data.action?.taskDefinition;
    return {
      ...d,
      startedAt: d.startedAt ?? start.time,
      initiatedBy: d.initiatedBy ?? (start.data.policy ? `guardrails:${start.data.policy}` : undefined),
      taskDefinitionArn: d.taskDefinitionArn ?? (typeof target === "string" ? target : undefined),
    };
  });
  // A change that names no revision (a capacity change) redeploys the revision running before it.
  return completed.map((d) =>
    d.taskDefinitionArn || !starts.has(d.deploymentId) ? d : { ...d, taskDefinitionArn: revisionBefore(completed, d) },
  );
}

function revisionBefore(all: readonly DeploymentRecord[], d: DeploymentRecord): string | undefined {
  const at = d.startedAt ?? "";
  return all
    .filter((o) => o !== d && o.taskDefinitionArn && (o.startedAt ?? o.completedAt ?? "") < at)
    .sort((a, b) => (b.startedAt ?? b.completedAt ?? "").localeCompare(a.startedAt ?? a.completedAt ?? ""))[0]
    ?.taskDefinitionArn;
}

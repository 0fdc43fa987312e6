// A person's "let this execution through" (docs/capabilities/deploy-stage.md): kept in the
// deploy stage's state for the service, by pipeline execution id, so that the gate honours it
// for that execution only — when CodePipeline retries the job or the stage is retried — and
// never for a later one. Read by the gate (run-job.ts); written by the chat command (person.ts).

/** The deploy stage's id: its state for a service is kept under it. */
export const DEPLOY_STAGE = "deploy-stage";

export type LetThrough = { by: string; reason: string; at: string };

/** The deploy stage's stored state for a service. */
export type DeployStageState = { letThrough?: Record<string, LetThrough> };

/** How many overrides are kept per service: older executions are long over. */
const KEPT = 20;

/** The override a person recorded for this execution; undefined for any other (or none named). */
export function letThroughFor(
  stored: Record<string, unknown> | undefined,
  executionId: string | undefined,
): LetThrough | undefined {
  if (!executionId) return undefined;
  const all = (stored as DeployStageState | undefined)?.letThrough;
  return all && Object.hasOwn(all, executionId) ? all[executionId] : undefined;
}

/** The state with this execution's override added (the oldest dropped past KEPT). */
export function withLetThrough(
  stored: Record<string, unknown> | undefined,
  executionId: string,
  override: LetThrough,
): DeployStageState {
  const all = { ...((stored as DeployStageState | undefined)?.letThrough ?? {}), [executionId]: override };
  const newest = Object.entries(all)
    .sort(([, a], [, b]) => b.at.localeCompare(a.at))
    .slice(0, KEPT);
  return { ...(stored ?? {}), letThrough: Object.fromEntries(newest) };
}

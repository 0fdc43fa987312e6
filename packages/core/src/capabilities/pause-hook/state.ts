import type { PolicyState } from "../../model/decision.ts";
import type { Snapshot } from "../../model/snapshot.ts";

// The paused hooks the capability is watching for a service, by hook id: kept until answered,
// moot, or left to their timeout, so the reconcile judges them again while they bake and retries
// an answer ECS did not take.

export type PausedHook = {
  hookId: string;
  serviceDeploymentArn: string;
  /** The deployment the history knows (ecs-svc/…), when the event names it. */
  deploymentId: string | undefined;
  stage: string;
  /** When ECS paused the deployment (the event's time): the bake counts from here. */
  since: string;
  expiresAt: string | undefined;
  timeoutAction: string | undefined;
};

export type PauseHookState = { hooks: Record<string, PausedHook> };

export function pauseStateOf(snapshot: Snapshot): PauseHookState {
  const stored = snapshot.state?.policies["pause-hook"] as Partial<PauseHookState> | undefined;
  return { hooks: { ...(stored?.hooks ?? {}) } };
}

/** The reconcile keeps looking at the service while a hook is watched. */
export const stateWith = (hooks: Record<string, PausedHook>): PolicyState => ({
  value: { hooks },
  attention: Object.keys(hooks).length > 0,
});

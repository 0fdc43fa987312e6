import { currentDeploymentId, inWatchWindow, isInProgress } from "../../model/deployments.ts";
import type { TickResult } from "../../engine/policy.ts";
import type { Decision } from "../../model/decision.ts";
import type { Snapshot } from "../../model/snapshot.ts";
import { converge, type DeploymentPhase } from "./converge.ts";
import { windowMaths } from "../../time/windows.ts";
import type { ScheduledScalingSettings } from "./settings.ts";
import { scheduleStateOf } from "./state.ts";
import type { ScalableTargetView } from "../../model/snapshot.ts";
import { windowsOf } from "./windows-of.ts";

// One service's tick, assembled from what the reconcile has: the snapshot, the settings, the
// scalable target (DescribeScalableTargets; undefined when there is none) and the bake window.

export type ScheduledTickInput = {
  snapshot: Snapshot;
  settings: ScheduledScalingSettings;
  now: Date;
  scalableTarget: ScalableTargetView | undefined;
  /** How long after a deployment completes it still counts (auto-rollback's bakeMinutes). */
  bakeMinutes: number;
};

export function scheduledScalingTick(input: ScheduledTickInput): TickResult {
  const { snapshot, settings, now } = input;
  if (!snapshot.service || settings.mode === "off") return { decisions: [] };
  return converge({
    ref: snapshot.ref,
    mode: settings.mode,
    now,
    target: windowMaths().targetAt(windowsOf(settings), now),
    view: { desiredCount: snapshot.service.desiredCount, scalableTarget: input.scalableTarget },
    deployment: deploymentPhaseOf(snapshot, input.bakeMinutes, now),
    state: scheduleStateOf(snapshot),
  });
}

/**
 * For the reconcile's retry of a blocked or failed decision: it still applies when the tick
 * computed now decides the same thing under the same key (the window still holds, or still
 * ended, and the service still needs the change).
 */
export function scheduledStillApplies(decision: Decision, input: ScheduledTickInput): boolean {
  const now = scheduledScalingTick(input).decisions.find((d) => d.key === decision.key);
  return now !== undefined && JSON.stringify(now.action) === JSON.stringify(decision.action);
}

/** In progress when ECS lists more than one deployment or one rolling out; baking until bakeMinutes after it completed. */
export function deploymentPhaseOf(s: Snapshot, bakeMinutes: number, now: Date): DeploymentPhase {
  const listed = s.service?.deployments ?? [];
  if (listed.length > 1 || listed.some((d) => d.rolloutState === "IN_PROGRESS")) return "in-progress";
  const id = currentDeploymentId(s);
  if (!id) return "none";
  if (isInProgress(s, id)) return "in-progress";
  return inWatchWindow(s, id, bakeMinutes, now) ? "baking" : "none";
}

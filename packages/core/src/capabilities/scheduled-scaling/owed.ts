import type { ServiceRef } from "../../events/model.ts";
import type { Owed } from "../../engine/policy.ts";
import { describeView } from "./plan.ts";
import { IDLE, type SavedCapacity, type ScheduleState } from "./state.ts";

// What a window held in enforce mode owes the service (engine/owed.ts): the values saved at its
// start, while nothing has put them back. After drift a person's values stand, so nothing is owed.

export function scheduleOwed(stored: Record<string, unknown>, ref: ServiceRef): Owed | undefined {
  const state = { ...IDLE, ...(stored as Partial<ScheduleState>) };
  if (!state.holding || !state.saved || state.mode !== "enforce" || state.drifted || !state.applied) return undefined;
  return {
    incident: state.holding,
    saved: `${describeView(state.saved)} (saved when window "${state.windowName ?? state.holding}" started)`,
    restore: restoreCommand(ref, state.saved),
    settled: IDLE as unknown as Record<string, unknown>,
  };
}

/** The AWS CLI command that puts the saved values back (the scalable target's range, else the desired count). */
export function restoreCommand(ref: ServiceRef, saved: SavedCapacity): string {
  const t = saved.scalableTarget;
  if (!t)
    return `aws ecs update-service --cluster ${ref.cluster} --service ${ref.service} --desired-count ${saved.desiredCount}`;
  const s = t.suspended;
  return [
    "aws application-autoscaling register-scalable-target --service-namespace ecs --scalable-dimension ecs:service:DesiredCount",
    `--resource-id service/${ref.cluster}/${ref.service} --min-capacity ${t.minCapacity} --max-capacity ${t.maxCapacity}`,
    `--suspended-state DynamicScalingInSuspended=${s.dynamicScalingInSuspended},DynamicScalingOutSuspended=${s.dynamicScalingOutSuspended},ScheduledScalingSuspended=${s.scheduledScalingSuspended}`,
  ].join(" ");
}

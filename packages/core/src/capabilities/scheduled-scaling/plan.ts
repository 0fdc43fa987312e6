import type { AppliedCapacity, SavedCapacity } from "./state.ts";
import type { ScalableTargetView, SuspendedState } from "../../model/snapshot.ts";
import type { Capacity } from "../../time/windows.ts";

// What one change does to a service. With an Application Auto Scaling scalable target the
// change goes through its MinCapacity/MaxCapacity (RegisterScalableTarget) and the desired
// count is left to the scaler: setting desiredCount under target tracking would be undone by
// it (docs/design/aws-facts.md#ecs-deployments-and-capacity). Without one, the change is UpdateService desiredCount.

/** The `scale` action, plus the suspended state to put back at a restore (for RegisterScalableTarget). */
export type ScheduledScale = ScaleAction & { suspendedState?: SuspendedState };

/** Scheduled scaling's action: a desired count, or a scalable target's min/max. */
export type ScaleAction = { type: "scale"; desiredCount?: number; minCapacity?: number; maxCapacity?: number };

export type ServiceView = { desiredCount: number; scalableTarget: ScalableTargetView | undefined };

export type Plan = {
  action: ScheduledScale;
  applied: AppliedCapacity /** The desired count ECS ends up with right away. */;
  resultingDesired: number;
};

export function planFor(capacity: Capacity, view: ServiceView, saved: SavedCapacity): Plan {
  if (view.scalableTarget) {
    const [min, max] =
      capacity.kind === "stopped"
        ? [0, 0]
        : capacity.kind === "desired"
          ? [capacity.desiredCount, capacity.desiredCount]
          : [capacity.min, capacity.max];
    return rangePlan(min, max, view.desiredCount);
  }
  const desired =
    capacity.kind === "stopped"
      ? 0
      : capacity.kind === "desired"
        ? capacity.desiredCount
        : clamp(saved.desiredCount, capacity.min, capacity.max);
  return {
    action: { type: "scale", desiredCount: desired },
    applied: { desiredCount: desired },
    resultingDesired: desired,
  };
}

/** Puts back exactly what was saved, or says why it cannot. */
export function restorePlan(saved: SavedCapacity, view: ServiceView): Plan | string {
  if (Boolean(saved.scalableTarget) !== Boolean(view.scalableTarget)) {
    return view.scalableTarget
      ? "a scalable target was registered while the window held"
      : "the scalable target was deregistered while the window held";
  }
  if (saved.scalableTarget) {
    const plan = rangePlan(saved.scalableTarget.minCapacity, saved.scalableTarget.maxCapacity, view.desiredCount);
    return { ...plan, action: { ...plan.action, suspendedState: saved.scalableTarget.suspended } };
  }
  return {
    action: { type: "scale", desiredCount: saved.desiredCount },
    applied: { desiredCount: saved.desiredCount },
    resultingDesired: saved.desiredCount,
  };
}

function rangePlan(min: number, max: number, desired: number): Plan {
  // Application Auto Scaling moves the desired count only when it lies outside the new range.
  return {
    action: { type: "scale", minCapacity: min, maxCapacity: max },
    applied: { minCapacity: min, maxCapacity: max },
    resultingDesired: clamp(desired, min, max),
  };
}

/** Whether the service shows what we applied (min/max with a scalable target, else the desired count). */
export function showsApplied(applied: AppliedCapacity, view: ServiceView): boolean {
  if ("desiredCount" in applied) return !view.scalableTarget && view.desiredCount === applied.desiredCount;
  return (
    view.scalableTarget !== undefined &&
    view.scalableTarget.minCapacity === applied.minCapacity &&
    view.scalableTarget.maxCapacity === applied.maxCapacity
  );
}

export function sameSuspended(a: SuspendedState, b: SuspendedState): boolean {
  return (
    a.dynamicScalingInSuspended === b.dynamicScalingInSuspended &&
    a.dynamicScalingOutSuspended === b.dynamicScalingOutSuspended &&
    a.scheduledScalingSuspended === b.scheduledScalingSuspended
  );
}

export function describeView(view: ServiceView): string {
  const t = view.scalableTarget;
  return t
    ? `desired ${view.desiredCount}, min ${t.minCapacity}, max ${t.maxCapacity}`
    : `desired ${view.desiredCount}`;
}

export function describePlan(plan: Plan): string {
  const a = plan.action;
  return a.desiredCount !== undefined
    ? `desired count ${a.desiredCount}`
    : `min ${a.minCapacity}, max ${a.maxCapacity} (desired ${plan.resultingDesired}, then as the scaler decides)`;
}

const clamp = (n: number, min: number, max: number) => Math.min(Math.max(n, min), max);

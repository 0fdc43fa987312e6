import type { ActionExecutor } from "../../engine/actions.ts";
import type { ScaleAction, ScheduledScale } from "./plan.ts";

// Scheduled scaling's `scale` action: min/max through the scalable target
// (RegisterScalableTarget), else the desired count through UpdateService. A function without
// Application Auto Scaling (the ingest) fails a min/max action (engine/executors.ts), which
// parks it for the reconcile's retry, where the port is given.

type Scale = ScaleAction;

const scale: ActionExecutor<Scale> = {
  inPlace(action, service) {
    // The scalable target is not part of ECS's view; setting the min/max it already has
    // changes nothing, so a min/max action is always sent.
    if (isRange(action)) return undefined;
    return action.desiredCount !== undefined && service?.desiredCount === action.desiredCount
      ? { deploymentId: undefined }
      : undefined;
  },
  change(action) {
    const a = action as ScheduledScale;
    if (isRange(a))
      return {
        scalableTarget: {
          minCapacity: a.minCapacity!,
          maxCapacity: a.maxCapacity!,
          ...(a.suspendedState ? { suspendedState: a.suspendedState } : {}),
        },
      };
    // A new desired count starts no deployment of the action's.
    return a.desiredCount !== undefined
      ? { service: { desiredCount: a.desiredCount }, startsDeployment: false }
      : undefined;
  },
};

const isRange = (a: Scale) => a.minCapacity !== undefined && a.maxCapacity !== undefined;

/** The registry's entry: the `scale` executor. */
export const scaleExecutors = { scale };

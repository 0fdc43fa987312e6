import type { ActionExecutor, ServiceGateway } from "../../ports.ts";
import type { ActionRequest } from "../types.ts";
import type { ScheduledScale } from "./plan.ts";
import type { ScalableTargets } from "./ports.ts";

// The `scale` action as scheduled scaling means it: min/max through the scalable target
// (RegisterScalableTarget), else the desired count through UpdateService. Meant to replace the
// ECS-only `scale` executor, whose "already done" check treats an action without a desired
// count as done.

type Scale = Extract<ActionRequest, { type: "scale" }>;

export function scaleExecutor(ecs: ServiceGateway, targets: ScalableTargets): ActionExecutor<Scale> {
  return {
    inPlace(action, service) {
      // The scalable target is not part of ECS's view; setting the min/max it already has
      // changes nothing, so a min/max action is always sent.
      if (isRange(action)) return undefined;
      return action.desiredCount !== undefined && service?.desiredCount === action.desiredCount ? { deploymentId: undefined } : undefined;
    },
    async apply(ref, action) {
      const a = action as ScheduledScale;
      if (isRange(a)) await targets.setRange(ref, { minCapacity: a.minCapacity!, maxCapacity: a.maxCapacity!, ...(a.suspendedState ? { suspendedState: a.suspendedState } : {}) });
      else if (a.desiredCount !== undefined) await ecs.updateService(ref, { desiredCount: a.desiredCount });
      return { deploymentId: undefined };
    },
  };
}

const isRange = (a: Scale) => a.minCapacity !== undefined && a.maxCapacity !== undefined;

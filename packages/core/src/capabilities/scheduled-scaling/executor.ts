import type { ActionExecutor, ExecutorPorts, ServiceGateway } from "../../engine/ports.ts";
import type { ScaleAction, ScheduledScale } from "./plan.ts";
import type { ScalableTargets } from "./ports.ts";

// Scheduled scaling's `scale` action: min/max through the scalable target
// (RegisterScalableTarget), else the desired count through UpdateService. A function without
// Application Auto Scaling (`targets` undefined: the ingest) fails a min/max action, which
// parks it for the reconcile's retry, where the port is given.

type Scale = ScaleAction;

export function scaleExecutor(ecs: ServiceGateway, targets: ScalableTargets | undefined): ActionExecutor<Scale> {
  return {
    inPlace(action, service) {
      // The scalable target is not part of ECS's view; setting the min/max it already has
      // changes nothing, so a min/max action is always sent.
      if (isRange(action)) return undefined;
      return action.desiredCount !== undefined && service?.desiredCount === action.desiredCount ? { deploymentId: undefined } : undefined;
    },
    async apply(ref, action) {
      const a = action as ScheduledScale;
      if (isRange(a) && !targets) throw new Error(`${ref.cluster}/${ref.service}: setting min/max needs Application Auto Scaling, which this function is not given`);
      if (isRange(a)) await targets!.setRange(ref, { minCapacity: a.minCapacity!, maxCapacity: a.maxCapacity!, ...(a.suspendedState ? { suspendedState: a.suspendedState } : {}) });
      else if (a.desiredCount !== undefined) await ecs.updateService(ref, { desiredCount: a.desiredCount });
      return { deploymentId: undefined };
    },
  };
}

const isRange = (a: Scale) => a.minCapacity !== undefined && a.maxCapacity !== undefined;

/** The registry's entry: the `scale` executor, with Application Auto Scaling when the function has it. */
export const scaleExecutors = ({ ecs, scalableTargets }: ExecutorPorts) => ({ scale: scaleExecutor(ecs, scalableTargets) });

import { AutoScalingApiError, type AppAutoScalingSimulator } from "../app-autoscaling.ts";
import type { JsonService, Operation } from "./json-service.ts";
import { AwsError, JSON_1_1 } from "./protocol.ts";

// Application Auto Scaling (JSON 1.1, target prefix AnyScaleFrontendService), backed by the
// simulator (sim/app-autoscaling.ts), which speaks the API's shapes; this maps its errors.

export const APPLICATION_AUTOSCALING_TARGET_PREFIX = "AnyScaleFrontendService";

export function applicationAutoScalingService(sim: AppAutoScalingSimulator): JsonService {
  const op =
    (run: (input: Record<string, unknown>) => unknown): Operation =>
    (input) => {
      try {
        return run(input);
      } catch (error) {
        if (error instanceof AutoScalingApiError) throw new AwsError(error.name, error.message);
        throw error;
      }
    };
  return {
    name: "Application Auto Scaling",
    targetPrefix: APPLICATION_AUTOSCALING_TARGET_PREFIX,
    contentType: JSON_1_1,
    operations: {
      RegisterScalableTarget: op(sim.registerScalableTarget),
      DescribeScalableTargets: op(sim.describeScalableTargets),
      DeregisterScalableTarget: op(sim.deregisterScalableTarget),
      PutScalingPolicy: op(sim.putScalingPolicy),
      DescribeScalingPolicies: op(sim.describeScalingPolicies),
    },
  };
}

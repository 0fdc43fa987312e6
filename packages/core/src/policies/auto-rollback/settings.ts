import { z } from "zod";
import { defineSettings, mode } from "../../config/policy-settings.ts";
import { FAILURE_CLASSES } from "../../events/stop-class.ts";

// Auto-rollback's settings (README "Configuration"), their defaults and the service tags that
// override them.

export const autoRollbackSettings = defineSettings(
  {
    mode,
    /** Failures of the new revision that trigger a rollback. */
    failureThreshold: z.number().int().min(1),
    /** If set, the threshold is this percentage of the desired count (at least 1). */
    failurePercent: z.number().gt(0).max(100).optional(),
    failureClasses: z.array(z.enum(FAILURE_CLASSES)).min(1),
    /** After a deployment completes, failures still count for this long. */
    bakeMinutes: z.number().min(0),
    onDeploymentFailed: z.boolean(),
    onTaskStartImpaired: z.boolean(),
    /** CloudWatch alarm names that mean "this service is unhealthy". */
    alarms: z.array(z.string().min(1)),
    /** Also roll back for a mapped alarm already in ALARM when the deployment started (ECS ignores those). */
    includeAlarmsAlreadyFiring: z.boolean(),
  },
  {
    mode: "observe",
    failureThreshold: 3,
    failureClasses: [...FAILURE_CLASSES],
    bakeMinutes: 10,
    onDeploymentFailed: true,
    onTaskStartImpaired: true,
    alarms: [],
    includeAlarmsAlreadyFiring: false,
  },
);

/** `guardrails:auto-rollback:<tag>` → a numeric setting. */
export const autoRollbackTags = {
  "failure-threshold": "failureThreshold",
  "failure-percent": "failurePercent",
  "bake-minutes": "bakeMinutes",
} as const;

export type AutoRollbackSettings = z.output<typeof autoRollbackSettings.full>;

import * as z from "../../zod.ts";
import { count, defineSettings, mode } from "../../config/policy-settings.ts";
import { FAILURE_CLASSES } from "../../events/stop-class.ts";

// Auto-rollback's settings (docs/configuration.md), their defaults and the service tags that
// override them.

export const autoRollbackSettings = defineSettings(
  {
    mode,
    /** Failures of the new revision that trigger a rollback. */
    failureThreshold: count(1),
    /** If set, the threshold is this percentage of the desired count (at least 1). */
    failurePercent: z.optional(z.number().check(z.gt(0), z.lte(100))),
    failureClasses: z.array(z.enum(FAILURE_CLASSES)).check(z.minLength(1)),
    /** After a deployment completes, failures still count for this long. */
    bakeMinutes: z.number().check(z.minimum(0)),
    onDeploymentFailed: z.boolean(),
    onTaskStartImpaired: z.boolean(),
    /** CloudWatch alarm names that mean "this service is unhealthy". */
    alarms: z.array(z.string().check(z.minLength(1))),
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

export type AutoRollbackSettings = z.output<typeof autoRollbackSettings.full>;

export { autoRollbackTags } from "./tags.ts";

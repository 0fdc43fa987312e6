import * as z from "../../zod.ts";
import { count, defineSettings, minutes, mode } from "../../config/policy-settings.ts";

// Spot fallback's settings (docs/configuration.md), their defaults and the service tags that
// override them.

export const spotFallbackSettings = defineSettings(
  {
    mode,
    onPlacementFailure: z.boolean(),
    interruptionStorm: z.strictObject({ count: count(1), windowMinutes: minutes }),
    /** Below desired count this long while depending on Spot → fall back (checked by the reconcile). */
    belowDesiredGraceMinutes: minutes,
    cooldownMinutes: minutes,
    maxBackoffMinutes: minutes,
    /** Tasks kept on FARGATE when returning, before the full Spot strategy is restored. */
    stagedReturnBase: count(0),
    /**
     * Spot capacity provider → its on-demand counterpart, for ECS Managed Instances providers
     * (FARGATE_SPOT's is always FARGATE). Only a named pair is ever fallen back.
     */
    counterparts: z.record(z.string().check(z.minLength(1)), z.string().check(z.minLength(1))),
  },
  {
    mode: "observe",
    onPlacementFailure: true,
    interruptionStorm: { count: 3, windowMinutes: 10 },
    belowDesiredGraceMinutes: 10,
    cooldownMinutes: 30,
    maxBackoffMinutes: 240,
    stagedReturnBase: 0,
    counterparts: {},
  },
);

export type SpotFallbackSettings = z.output<typeof spotFallbackSettings.full>;

export { spotFallbackTags } from "./tags.ts";

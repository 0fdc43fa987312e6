import type { PolicyDefinition } from "../types.ts";
import { type ScheduledScalingSettings, scheduledScalingSettings } from "./settings.ts";

// The registry entry. `policy` stays undefined until the engine hands a tick the service's
// scalable target and bake window (tick.ts scheduledScalingTick takes both); the settings
// schema can be registered already, so configuration is validated from now on.
// The schedule tag is a name, not a number, so it is not a parameter tag: see tags.ts.

export const scheduledScalingDefinition = {
  id: "scheduled-scaling",
  settings: scheduledScalingSettings,
  tags: {},
  policy: undefined,
} as const satisfies PolicyDefinition<ScheduledScalingSettings>;

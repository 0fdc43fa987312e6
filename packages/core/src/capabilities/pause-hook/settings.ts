import * as z from "../../zod.ts";
import { count, defineSettings, mode } from "../../config/policy-settings.ts";

// The pause hook's settings (docs/capabilities/pause-hook.md). What makes a revision bad —
// failure classes, threshold, mapped alarms — is the revision judge's (auto-rollback's
// settings), handed over by the engine: a paused deployment is judged as the Lambda hook and
// the event-driven rollback judge one.

export const pauseHookSettings = defineSettings(
  {
    mode,
    /** How long the paused revision must stay clean before the answer is CONTINUE. */
    bakeMinutes: z.number().check(z.minimum(0), z.maximum(1440)),
    /** Never answer closer than this to the hook's expiry: ECS's own timeout action then stands. */
    marginSeconds: count(0),
  },
  { mode: "observe", bakeMinutes: 5, marginSeconds: 30 },
);

export type PauseHookSettings = z.output<typeof pauseHookSettings.full>;

export { pauseHookTags } from "./tags.ts";

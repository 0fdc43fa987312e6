import * as z from "../../zod.ts";
import { mode } from "../../config/policy-settings.ts";
import { freezeWindow } from "./freeze-window.ts";

// The deploy stage's settings: the top-level `pipeline` key of guardrails.config.json, kept apart
// from the policies (the stage is not an event-driven policy: CodePipeline asks, we answer).
//
// The gate's default mode is observe, like every policy's: a fresh install's history is only as
// good as the events it has seen (an alarm that cleared before the install still reads ALARM
// until its next change), and blocking releases on history nobody has looked at yet is worse
// than letting through what the pipeline let through before the gate existed. "Would have
// blocked" is recorded and announced, so switching to enforce is a decision made on evidence.

export const pipelineSettingsSchema = z._default(
  z.strictObject({
    gate: z._default(z.strictObject({ mode: z._default(mode, "observe") }), { mode: "observe" }),
    verify: z._default(
      z.strictObject({
        /** Default for UserParameters.timeoutMinutes: the ECS deploy action's own default is 60. */
        timeoutMinutes: z._default(z.number().check(z.positive(), z.lte(1440)), 60),
      }),
      { timeoutMinutes: 60 },
    ),
    /** Change freezes: no release through the gate while one holds for the service. */
    freezes: z._default(z.array(freezeWindow), []),
  }),
  { gate: { mode: "observe" }, verify: { timeoutMinutes: 60 }, freezes: [] },
);

export type PipelineSettings = z.infer<typeof pipelineSettingsSchema>;

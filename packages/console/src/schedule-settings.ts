import {
  scheduledScalingSettings,
  type ScheduledScalingSettings,
} from "@ecs-guardrails/core/capabilities/scheduled-scaling/settings";

// The scheduled-scaling settings as resolved for a service. Until the policy's full settings
// join the config schema (the registry has its mode only), the resolved object holds just the
// mode and this gives settings without windows: no preview, no badge. Once they join, the same
// call reads the schedules as they are, with nothing to change here.

export function scheduleSettingsOf(resolved: unknown): ScheduledScalingSettings | undefined {
  const parsed = scheduledScalingSettings.full.safeParse(resolved);
  return parsed.success ? (parsed.data as ScheduledScalingSettings) : undefined;
}

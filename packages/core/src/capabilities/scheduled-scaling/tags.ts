import type { NameTag } from "../../engine/policy.ts";
import { listed } from "../../util/listed.ts";
import type { ScheduledScalingSettings } from "./settings.ts";

// The service tag that picks a schedule: `guardrails:scheduled-scaling:schedule = <name>`,
// naming one of the schedules defined in config. The tag sits next to the service and its
// owners, so it wins over an override's `schedule`, like every guardrails tag.

export const SCHEDULE_TAG = "guardrails:scheduled-scaling:schedule";

export type TaggedSettings = { settings: ScheduledScalingSettings; warning: string | undefined };

export function applyScheduleTag(settings: ScheduledScalingSettings, tags: Record<string, string>): TaggedSettings {
  const raw = tags[SCHEDULE_TAG];
  if (raw === undefined) return { settings, warning: undefined };
  const name = raw.trim().toLowerCase();
  if (name === "" || name === "none") return { settings: { ...settings, schedule: undefined }, warning: undefined };
  if (!Object.hasOwn(settings.schedules, name)) {
    const known = Object.keys(settings.schedules).join(", ") || "none defined";
    return { settings, warning: `tag ${SCHEDULE_TAG}=${raw} ignored: no schedule of that name in config (${known})` };
  }
  return { settings: { ...settings, schedule: name }, warning: undefined };
}

/** The tag as the registry gives it to settings resolution (config/resolve.ts). */
export const scheduleNameTag: NameTag<ScheduledScalingSettings> = {
  tag: SCHEDULE_TAG,
  apply(settings, raw) {
    const tagged = applyScheduleTag(settings, { [SCHEDULE_TAG]: raw });
    if (!tagged.warning) return { settings: tagged.settings };
    return {
      problem: "no schedule of that name in the configuration",
      allowed: listed([...Object.keys(settings.schedules), "none"]),
      setting: "schedule",
    };
  },
};

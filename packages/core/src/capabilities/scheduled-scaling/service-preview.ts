import { placeOf } from "../../model/service-ref.ts";
import type { ServiceRef } from "../../events/model.ts";
import { previewTransitions } from "./preview.ts";
import type { ServicePreview } from "./preview-format.ts";
import type { ScheduledScalingSettings } from "./settings.ts";
import { applyScheduleTag } from "./tags.ts";
import { windowsOf } from "./windows-of.ts";

/** One service's preview for `guardrails schedule`: its settings with its tag applied, then the transitions. */
export function previewService(
  ref: ServiceRef,
  settings: ScheduledScalingSettings,
  tags: Record<string, string>,
  from: Date,
  days: number,
): ServicePreview | undefined {
  const tagged = applyScheduleTag(settings, tags);
  const windows = windowsOf(tagged.settings);
  if (windows.length === 0 && !tagged.warning) return undefined;
  const warnings = [
    ...(tagged.warning ? [tagged.warning] : []),
    ...(settings.mode === "off" ? ["the policy is off for this service: nothing will change"] : []),
    ...(settings.mode === "observe" ? ["observe mode: transitions are recorded, not carried out"] : []),
  ];
  return {
    ...placeOf(ref),
    cluster: ref.cluster,
    service: ref.service,
    schedule: tagged.settings.schedule,
    transitions: previewTransitions(windows, from, days),
    warnings,
  };
}

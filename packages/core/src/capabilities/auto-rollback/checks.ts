import { isGlob } from "../../config/glob.ts";
import type { ConfigCheckView } from "../../engine/policy.ts";
import type { AutoRollbackSettings } from "./settings.ts";

// Auto-rollback's rules across keys (config/checks.ts runs them with every capability's).

/** Alarms map to services only in overrides naming one cluster and one service exactly. */
export function alarmProblems(view: ConfigCheckView<AutoRollbackSettings>): string[] {
  const problems: string[] = [];
  if (view.settings.alarms.length > 0) {
    problems.push(
      "policies.auto-rollback.alarms: an alarm belongs to one service: map it in an override naming one cluster and one service exactly (a global alarm would never be matched)",
    );
  }
  view.overrides.forEach((o, i) => {
    if ((o.settings?.alarms?.length ?? 0) > 0 && (isGlob(o.cluster) || isGlob(o.service))) {
      problems.push(
        `overrides.${i}.policies.auto-rollback.alarms: alarms need an override naming one cluster and one service exactly, not the globs ${o.cluster}/${o.service}`,
      );
    }
  });
  return problems;
}

/** An alarm concerns the service of every exact override whose auto-rollback settings name it. */
export const routesAlarm = (alarmName: string, override: Partial<AutoRollbackSettings> | undefined) =>
  override?.alarms?.includes(alarmName) ?? false;

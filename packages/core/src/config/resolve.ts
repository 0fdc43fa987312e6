import type { ServiceRef } from "../events/model.ts";
import { MODES, POLICY_IDS, type Mode, type PolicyId } from "../policies/ids.ts";
import { POLICIES } from "../policies/registry.ts";
import { applyScheduleTag, SCHEDULE_TAG } from "../policies/scheduled-scaling/tags.ts";
import { anyGlob, globMatch } from "./glob.ts";
import { policiesSettings, type GuardrailsConfig, type PolicySettings } from "./schema.ts";

// The settings that apply to one service: defaults ← matching overrides (in order) ← the
// service's own tags. Tags win because they sit next to the service and its owners.

export const TAG_PREFIX = "guardrails:";

/** Parameter tags: `guardrails:<policy>:<tag>` → a numeric setting of that policy (from each policy's folder). */
export const PARAMETER_TAGS: Record<string, { policy: PolicyId; key: string }> = Object.fromEntries(
  Object.values(POLICIES).flatMap((d) => Object.entries(d.tags).map(([tag, key]) => [`${d.id}:${tag}`, { policy: d.id, key }])),
);

export type ResolvedSettings = { inScope: boolean; policies: PolicySettings; warnings: string[] };

export function inScope(config: GuardrailsConfig, ref: ServiceRef): boolean {
  const { clusters, services, exclude } = config.scope;
  return anyGlob(clusters, ref.cluster) && anyGlob(services, ref.service) && !anyGlob(exclude, `${ref.cluster}/${ref.service}`);
}

export function resolveSettings(config: GuardrailsConfig, ref: ServiceRef, tags: Record<string, string> = {}): ResolvedSettings {
  const merged: Record<string, Record<string, unknown>> = structuredClone(config.policies);
  for (const o of config.overrides) {
    if (!globMatch(o.cluster, ref.cluster) || !globMatch(o.service, ref.service)) continue;
    for (const [policy, settings] of Object.entries(o.policies)) Object.assign(merged[policy]!, settings);
  }
  const warnings = applyTags(merged, tags);
  const parsed = policiesSettings.safeParse(merged);
  if (!parsed.success) {
    // Tags are validated one by one, so only a config that skipped parseConfig gets here: ignore all tags.
    warnings.push(`service tags ignored: ${parsed.error.issues.map((i) => i.path.join(".")).join(", ")}`);
    return { inScope: inScope(config, ref), policies: resolveSettings(config, ref).policies, warnings };
  }
  // The schedule tag names a schedule, so it is checked against the merged settings' schedules.
  const scheduled = applyScheduleTag(parsed.data["scheduled-scaling"], tags);
  if (scheduled.warning) warnings.push(scheduled.warning);
  // (defineSettings types every key as defaulted; `schedule` may be unset.)
  return { inScope: inScope(config, ref), policies: { ...parsed.data, "scheduled-scaling": scheduled.settings as PolicySettings["scheduled-scaling"] }, warnings };
}

function applyTags(merged: Record<string, Record<string, unknown>>, tags: Record<string, string>): string[] {
  const warnings: string[] = [];
  for (const [key, raw] of Object.entries(tags)) {
    if (!key.startsWith(TAG_PREFIX)) continue;
    const problem = applyTag(merged, key.slice(TAG_PREFIX.length), raw.trim().toLowerCase());
    if (problem) warnings.push(`tag ${key}=${raw} ignored: ${problem}`);
  }
  return warnings;
}

/**
 * Applies one tag, or says why not. Each value is validated on its own, so one bad tag (a
 * threshold of 0) is dropped alone and the service's other tags still apply.
 */
function applyTag(merged: Record<string, Record<string, unknown>>, name: string, value: string): string | undefined {
  if ((POLICY_IDS as readonly string[]).includes(name)) {
    if (!(MODES as readonly string[]).includes(value)) return "expected off, observe or enforce";
    merged[name]!["mode"] = value as Mode;
    return undefined;
  }
  if (`${TAG_PREFIX}${name}` === SCHEDULE_TAG) return undefined; // applied after parsing (resolveSettings)
  const parameter = PARAMETER_TAGS[name];
  if (!parameter) return "unknown guardrails tag";
  const n = Number(value);
  if (value === "" || !Number.isFinite(n)) return "not a number";
  const candidate = { ...merged, [parameter.policy]: { ...merged[parameter.policy], [parameter.key]: n } };
  const parsed = policiesSettings.safeParse(candidate);
  if (!parsed.success) return parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
  merged[parameter.policy]![parameter.key] = n;
  return undefined;
}

import type { ServiceRef } from "../events/model.ts";
import { MODES, POLICY_IDS, type Mode, type PolicyId } from "../policies/ids.ts";
import { anyGlob, globMatch } from "./glob.ts";
import { policiesSettings, type GuardrailsConfig, type PolicySettings } from "./schema.ts";

// The settings that apply to one service: defaults ← matching overrides (in order) ← the
// service's own tags. Tags win because they sit next to the service and its owners.

export const TAG_PREFIX = "guardrails:";

/** Parameter tags: `guardrails:<policy>:<tag>` → a numeric setting of that policy. */
export const PARAMETER_TAGS: Record<string, { policy: PolicyId; key: string }> = {
  "auto-rollback:failure-threshold": { policy: "auto-rollback", key: "failureThreshold" },
  "auto-rollback:failure-percent": { policy: "auto-rollback", key: "failurePercent" },
  "auto-rollback:bake-minutes": { policy: "auto-rollback", key: "bakeMinutes" },
  "spot-fallback:cooldown-minutes": { policy: "spot-fallback", key: "cooldownMinutes" },
  "spot-fallback:grace-minutes": { policy: "spot-fallback", key: "belowDesiredGraceMinutes" },
};

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
    // Only tags can make it invalid here (config was validated at load): ignore them all.
    warnings.push(`service tags ignored: ${parsed.error.issues.map((i) => i.path.join(".")).join(", ")}`);
    return { inScope: inScope(config, ref), policies: resolveSettings(config, ref).policies, warnings };
  }
  return { inScope: inScope(config, ref), policies: parsed.data, warnings };
}

function applyTags(merged: Record<string, Record<string, unknown>>, tags: Record<string, string>): string[] {
  const warnings: string[] = [];
  for (const [key, raw] of Object.entries(tags)) {
    if (!key.startsWith(TAG_PREFIX)) continue;
    const name = key.slice(TAG_PREFIX.length);
    const value = raw.trim().toLowerCase();
    if ((POLICY_IDS as readonly string[]).includes(name)) {
      if ((MODES as readonly string[]).includes(value)) merged[name]!["mode"] = value as Mode;
      else warnings.push(`tag ${key}=${raw} ignored: expected off, observe or enforce`);
      continue;
    }
    const parameter = PARAMETER_TAGS[name];
    const n = Number(value);
    if (parameter && value !== "" && Number.isFinite(n)) merged[parameter.policy]![parameter.key] = n;
    else warnings.push(`tag ${key}=${raw} ignored: ${parameter ? "not a number" : "unknown guardrails tag"}`);
  }
  return warnings;
}

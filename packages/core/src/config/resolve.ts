import type { ServiceRef } from "../events/model.ts";
import { POLICY_IDS, type PolicyId, POLICIES } from "../registry.ts";
import type { PolicyDefinition } from "../engine/policy.ts";
import { listed } from "../util/listed.ts";
import { anyGlob, globMatch } from "./glob.ts";
import { MODES } from "./modes.ts";
import { holdUnsettled, inPlaces, unsettled } from "./ou-scopes.ts";
import type { GuardrailsConfig, PolicySettings } from "./schema.ts";
import { type ModeRule, parameterProblems, type TagParameter } from "./tag-rules.ts";
import { serviceKey } from "../model/service-ref.ts";

// The settings that apply to one service: defaults ← matching overrides (in order) ← the
// service's own tags. Tags win because they sit next to the service and its owners. No zod
// here: the configuration was validated where it was parsed (the deploy step, the CLI), and
// each tag is checked against its declared rule (tag-rules.ts), with the schemas' own words.

/** The modes a capability's mode tag takes when it gives no list of its own. */
const ALL_MODES: ModeRule = { allowed: MODES, refused: () => "not a mode" };

export const TAG_PREFIX = "guardrails:";

/** Parameter tags: `guardrails:<policy>:<tag>` → a numeric setting of that policy and its checks (from each policy's folder). */
export const PARAMETER_TAGS: Record<string, TagParameter & { policy: PolicyId }> = Object.fromEntries(
  Object.values(POLICIES).flatMap((d: PolicyDefinition<never>) =>
    Object.entries(d.tags).map(([tag, rule]) => [`${d.id}:${tag}`, { ...rule, policy: d.id as PolicyId }]),
  ),
);

/**
 * A `guardrails:*` tag the settings cannot take: it is ignored, the service's other tags still
 * apply, and the setting it names keeps its configured value. A value, never thrown: the engine
 * records and announces each one once (engine/tag-notices.ts).
 */
/** The capabilities' tags that name something in their settings (a schedule), by capability. */
const NAME_TAGS = Object.values(POLICIES).flatMap((d: PolicyDefinition<never>) =>
  d.nameTag ? [{ id: d.id as PolicyId, nameTag: d.nameTag }] : [],
);

export type TagProblem = {
  tag: string;
  value: string;
  /** The policy the tag's name is about; undefined for a name that names none. */
  policy: PolicyId | undefined;
  /** Why it is ignored. */
  problem: string;
  /** What the tag takes instead. */
  allowed: string;
  /** The setting the tag would have changed, and the value it keeps (from the configuration). */
  setting: string | undefined;
  kept: string | undefined;
};

export type ResolvedSettings = { inScope: boolean; policies: PolicySettings; problems: TagProblem[] };

/** One line for logs, previews and the console. */
export function tagProblemText(p: TagProblem): string {
  const kept = p.setting ? `; ${p.policy} ${p.setting} stays ${p.kept} (from the configuration)` : "";
  return `tag ${p.tag}=${p.value} ignored: ${p.problem}; allowed: ${p.allowed}${kept}`;
}

export function inScope(config: GuardrailsConfig, ref: ServiceRef): boolean {
  const { clusters, services, exclude } = config.scope;
  return (
    inPlace(config, ref) &&
    anyGlob(clusters, ref.cluster) &&
    anyGlob(services, ref.service) &&
    !anyGlob(exclude, serviceKey(ref))
  );
}

/** Whether the service's account, Region and OUs are in scope (ou-scopes.ts: unknown OUs are out). */
function inPlace(config: GuardrailsConfig, ref: ServiceRef): boolean {
  return inPlaces(config.scope, ref) && !unsettled(config.scope);
}

export function resolveSettings(
  config: GuardrailsConfig,
  ref: ServiceRef,
  tags: Record<string, string> = {},
): ResolvedSettings {
  return withServiceTags(config, ref, undefined, tags);
}

/**
 * The service's settings with its tags on top of `configured` (its settings from the
 * configuration alone, resolved earlier in the invocation): a service without a guardrails tag
 * gets `configured` itself, nothing merged or parsed again.
 */
export function withServiceTags(
  config: GuardrailsConfig,
  ref: ServiceRef,
  configured: ResolvedSettings | undefined,
  tags: Record<string, string> = {},
): ResolvedSettings {
  if (!Object.keys(tags).some((k) => k.startsWith(TAG_PREFIX))) return configured ?? withTags(config, ref, {});
  return withTags(config, ref, tags);
}

function withTags(config: GuardrailsConfig, ref: ServiceRef, tags: Record<string, string>): ResolvedSettings {
  const merged: Record<string, Record<string, unknown>> = structuredClone(config.policies);
  const held: GuardrailsConfig["overrides"] = [];
  for (const o of config.overrides) {
    if (!globMatch(o.cluster, ref.cluster) || !globMatch(o.service, ref.service) || !inPlaces(o, ref)) continue;
    if (unsettled(o)) held.push(o);
    else for (const [policy, settings] of Object.entries(o.policies)) Object.assign(merged[policy]!, settings);
  }
  // After every override, so a later one cannot lift the hold; before tags, which still win.
  holdUnsettled(merged, held);
  const problems = applyTags(merged, tags);
  // A tag that names something (a schedule) is checked against the merged settings.
  const policies = merged as PolicySettings;
  for (const { id, nameTag } of NAME_TAGS) {
    const raw = tags[nameTag.tag];
    if (raw === undefined) continue;
    const applied = nameTag.apply(policies[id] as never, raw);
    if ("settings" in applied) Object.assign(policies, { [id]: applied.settings });
    else
      problems.push({
        tag: nameTag.tag,
        value: raw,
        policy: id,
        problem: applied.problem,
        allowed: applied.allowed,
        setting: applied.setting,
        kept: undefined,
      });
  }
  return { inScope: inScope(config, ref), policies, problems: problems.map((p) => withKept(p, policies)) };
}

type Rejection = Pick<TagProblem, "policy" | "problem" | "allowed" | "setting">;

function applyTags(merged: Record<string, Record<string, unknown>>, tags: Record<string, string>): TagProblem[] {
  const problems: TagProblem[] = [];
  for (const [key, raw] of Object.entries(tags)) {
    if (!key.startsWith(TAG_PREFIX)) continue;
    const rejected = applyTag(merged, key.slice(TAG_PREFIX.length), raw.trim().toLowerCase());
    if (rejected) problems.push({ tag: key, value: raw, ...rejected, kept: undefined });
  }
  return problems;
}

/**
 * Applies one tag, or says why not. Each value is validated on its own, so one bad tag (a
 * threshold of 0) is dropped alone and the service's other tags still apply.
 */
function applyTag(merged: Record<string, Record<string, unknown>>, name: string, value: string): Rejection | undefined {
  if ((POLICY_IDS as readonly string[]).includes(name)) {
    const policy = name as PolicyId;
    const modes = (POLICIES[policy] as PolicyDefinition<never>).modes ?? ALL_MODES;
    const allowed = listed(modes.allowed);
    if (!(MODES as readonly string[]).includes(value))
      return { policy, problem: "not a mode", allowed, setting: "mode" };
    if (!modes.allowed.includes(value))
      return { policy, problem: `${policy}.mode: ${modes.refused(value)}`, allowed, setting: "mode" };
    merged[policy]!["mode"] = value;
    return undefined;
  }
  if (NAME_TAGS.some((t) => t.nameTag.tag === `${TAG_PREFIX}${name}`)) return undefined; // applied after parsing (resolveSettings)
  const parameter = PARAMETER_TAGS[name];
  if (!parameter) return unknownTag(name);
  const { policy, key } = parameter;
  const n = Number(value);
  if (value === "" || !Number.isFinite(n))
    return { policy, problem: "not a number", allowed: "a number", setting: key };
  const problems = parameterProblems(parameter, n);
  if (problems.length > 0)
    return {
      policy,
      problem: problems.map((p) => `${policy}.${key}: ${p}`).join("; "),
      allowed: "a number",
      setting: key,
    };
  merged[policy]![key] = n;
  return undefined;
}

/** A name no policy defines: the tags its policy (or, naming none, every policy) takes. */
function unknownTag(name: string): Rejection {
  const policy = POLICY_IDS.find((id) => name.startsWith(`${id}:`));
  const names = [
    ...POLICY_IDS.filter((id) => !policy || id === policy),
    ...Object.keys(PARAMETER_TAGS).filter((t) => !policy || PARAMETER_TAGS[t]!.policy === policy),
  ];
  for (const t of NAME_TAGS) if (!policy || t.id === policy) names.push(t.nameTag.tag.slice(TAG_PREFIX.length));
  return {
    policy,
    problem: "unknown guardrails tag",
    allowed: listed(names.map((n) => `${TAG_PREFIX}${n}`)),
    setting: undefined,
  };
}

/** The value the ignored tag's setting keeps, as resolved without it. */
function withKept(p: TagProblem, policies: PolicySettings): TagProblem {
  if (!p.policy || !p.setting) return p;
  const value = (policies[p.policy] as Record<string, unknown>)[p.setting];
  return { ...p, kept: value === undefined ? "unset" : typeof value === "string" ? value : JSON.stringify(value) };
}

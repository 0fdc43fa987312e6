import type { TagProblem } from "../config/resolve.ts";
import type { PolicySettings } from "../config/schema.ts";
import type { ServiceRef } from "../events/model.ts";
import type { CapabilityId } from "./policy.ts";
import type { Decision } from "../model/decision.ts";
import type { Snapshot } from "../model/snapshot.ts";
import { noteOnce, type EngineResult } from "./carry-out.ts";
import type { EngineDeps } from "./deps.ts";
import { serviceKey } from "../model/service-ref.ts";

// A guardrails tag the settings cannot take leaves the setting at its configured value: its
// owners meant something else, so they are told — once per service, tag and value. The key
// claims it once, so redeliveries, later events and every reconcile tick stay quiet; another
// invalid value is a new key, a new notice. Fixing the tag is silent.

export type PolicyTagProblem = TagProblem & { policy: CapabilityId };

/** The decision announcing an ignored tag. Pure. */
export function tagNotice(ref: ServiceRef, p: PolicyTagProblem): Decision {
  const kept = p.setting ? `, so ${p.policy}'s ${p.setting} stays ${p.kept}, its configured value` : "";
  return {
    policy: p.policy,
    key: `tag#${p.tag}=${p.value}`,
    action: undefined,
    severity: "warning",
    title: `Ignored the tag ${p.tag}=${p.value} on ${ref.cluster}/${ref.service}`,
    reason: `the tag ${p.tag} has the value "${p.value}" (${p.problem}); allowed: ${p.allowed}. The guardrails ignore it${kept}`,
    threadId: `${serviceKey(ref)}/tags`,
    deploymentId: undefined,
    facts: {
      tag: p.tag,
      value: p.value,
      allowed: p.allowed,
      ...(p.setting ? { setting: p.setting, kept: p.kept ?? "unset" } : {}),
    },
    nextSteps: [
      `Set the tag ${p.tag} to ${p.allowed}, or remove it`,
      'README "Configuration" lists the service tags and their values',
    ],
  };
}

/** Records and announces each ignored tag of the service that names a policy, once. */
export async function noteTagProblems(
  ref: ServiceRef,
  problems: readonly TagProblem[],
  settings: PolicySettings,
  snapshot: Snapshot,
  deps: EngineDeps,
): Promise<EngineResult[]> {
  const results: EngineResult[] = [];
  for (const p of problems)
    if (p.policy)
      results.push(await noteOnce(ref, tagNotice(ref, p as PolicyTagProblem), settings[p.policy].mode, snapshot, deps));
  return results;
}

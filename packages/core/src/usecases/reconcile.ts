import { inScope } from "../config/resolve.ts";
import { tickPolicies, type EngineDeps, type EngineResult } from "../engine/run.ts";
import type { ServiceRef } from "../events/model.ts";
import { eventPolicies } from "../policies/registry.ts";
import type { ServiceDescription } from "../policies/types.ts";

export type ReconcileDeps = EngineDeps;
export type ReconcileResult = { services: number; results: EngineResult[] };

/**
 * The periodic, level-triggered pass: every service a policy asked to watch (e.g. in Spot
 * fallback) and every service in scope a policy wants to look at, judged from the stored
 * state and ECS as it is now. A missed or doubled tick changes nothing: decisions are claimed
 * once, and a state that did not change decides nothing new.
 */
export async function reconcileServices(deps: ReconcileDeps): Promise<ReconcileResult> {
  const policies = deps.policies ?? eventPolicies;
  const watched = (await Promise.all(policies.filter((p) => p.policy.tick).map((p) => deps.store.servicesNeedingAttention(p.policy.id)))).flat();
  const listed = await deps.ecs.listServices(deps.config.scope.clusters);
  const wanted = listed.filter((s) => policies.some((p) => p.policy.wantsTick?.(s, undefined)));
  const targets = new Map<string, { ref: ServiceRef; known: ServiceDescription | undefined }>();
  for (const s of wanted) targets.set(key(s), { ref: { cluster: s.cluster, service: s.service }, known: s });
  for (const ref of watched) if (!targets.has(key(ref))) targets.set(key(ref), { ref, known: listed.find((s) => key(s) === key(ref)) });
  const results: EngineResult[] = [];
  for (const { ref, known } of targets.values()) {
    if (!inScope(deps.config, ref)) continue;
    results.push(...(await tickPolicies(ref, deps, known)));
  }
  return { services: targets.size, results };
}

const key = (r: ServiceRef) => `${r.cluster}/${r.service}`;

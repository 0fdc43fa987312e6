import { resolveSettings, withServiceTags, type ResolvedSettings } from "../config/resolve.ts";
import type { GuardrailsEvent, ServiceRef } from "../events/model.ts";
import type { EngineDeps } from "./deps.ts";
import { eventPolicies, stateOf, tickingPolicies, type RegisteredPolicy } from "../registry.ts";
import type { ServiceDescription } from "../model/description.ts";
import type { Snapshot } from "../model/snapshot.ts";
import type { EngineResult } from "./carry-out.ts";
import { due } from "./cadence.ts";
import { drainOutbox } from "./deliver.ts";
import { loadSnapshot, needsOf, withStateNeeds } from "./observe.ts";
import { settleOpenIntent } from "./open-intent.ts";
import { handOverAll, runPass, type Decide } from "./policy-pass.ts";
import { noteTagProblems } from "./tag-notices.ts";
import { gone, serviceGone } from "../model/service-gone.ts";
import { importOnFirstSight } from "./first-sight.ts";

// The one pipeline every policy runs through: observe → decide → guard → act → record → notify.
// Events drive `runPolicies`; the periodic reconcile drives `tickPolicies`. The steps are their
// own modules: observe.ts (the snapshot), open-intent.ts (a dead invocation's action finished
// first), policy-pass.ts (each policy's decisions, guarded, carried out and recorded by
// carry-out.ts), tag-notices.ts (a tag's problem, told last).

export type { EngineDeps, EngineResult };
export { due, RECONCILE_MINUTES } from "./cadence.ts";

/**
 * The service's settings for this invocation: `configured` from the configuration alone (what
 * the snapshot's needs are judged from, before the service's tags are known), and optionally
 * `tagged`, already resolved with the tags of `known` (the reconcile's listing).
 */
export type Resolution = {
  configured: ResolvedSettings;
  tagged?: { tags: Record<string, string>; settings: ResolvedSettings };
};

export async function runPolicies(event: GuardrailsEvent, ref: ServiceRef, deps: EngineDeps): Promise<EngineResult[]> {
  // The service's settings from the configuration, resolved once for the whole invocation.
  const configured = resolveSettings(deps.config, ref);
  const candidates = (deps.policies ?? eventPolicies).filter(
    (p) => p.policy.interestedIn(event) && p.policy.relevant?.(event, configured.policies[p.id]) !== false,
  );
  if (candidates.length === 0) return [];
  return evaluate(ref, deps, candidates, { configured }, ({ entry, settings, revision }, snapshot, now) => ({
    decisions: entry.policy.decide({ event, snapshot, settings, now, stateOf: stateOf(snapshot), revision }),
  }));
}

/**
 * The reconcile's pass over one service: each policy's `tick`, level-triggered. `settings`: the
 * service's settings the reconcile resolved already (from the configuration, and with the tags
 * of `known`), so they are resolved once per service and tick.
 */
export async function tickPolicies(
  ref: ServiceRef,
  deps: EngineDeps,
  known?: ServiceDescription,
  onSnapshot?: (s: Snapshot) => void,
  settings?: Resolution,
): Promise<EngineResult[]> {
  const candidates = tickCandidates(deps, deps.clock.now());
  const resolution = { ...(settings ?? { configured: resolveSettings(deps.config, ref) }), known };
  // Always set on a tick: evaluate tells a tick from an event by it.
  return evaluate(ref, deps, candidates, resolution, tick, onSnapshot ?? (() => undefined));
}

/** The policies a tick at `now` runs: those with a tick that is due. */
export function tickCandidates(deps: EngineDeps, now: Date): RegisteredPolicy[] {
  return (deps.policies ?? tickingPolicies).filter((p) => p.policy.tick && due(p.policy.cadence, now));
}

/** A policy's tick, as the pipeline decides it (a service ECS no longer has ends the policy's state). */
export const tick: Decide = ({ entry, settings, settingOf, revision }, snapshot, now) =>
  gone(snapshot)
    ? serviceGone(entry.id, snapshot)
    : entry.policy.tick!({ snapshot, settings, now, settingOf, revision });

/** Decisions run through `decide` against a fresh snapshot of the service (the reconcile's retry of parked ones). */
export async function evaluateWith(
  ref: ServiceRef,
  deps: EngineDeps,
  candidates: RegisteredPolicy[],
  decide: Decide,
  settings?: Resolution,
): Promise<EngineResult[]> {
  return evaluate(ref, deps, candidates, settings ?? { configured: resolveSettings(deps.config, ref) }, decide);
}

/** The pipeline, as a script. */
async function evaluate(
  ref: ServiceRef,
  deps: EngineDeps,
  candidates: RegisteredPolicy[],
  resolution: Resolution & { known?: ServiceDescription | undefined },
  decide: Decide,
  onSnapshot?: (s: Snapshot) => void,
): Promise<EngineResult[]> {
  const first = deps.clock.now();
  const needs = needsOf(candidates, resolution.configured.policies, Boolean(onSnapshot));
  const loaded = await loadSnapshot(ref, deps, resolution.known, needs, first);
  // The first sight of a service imports ECS's own deployment history (first-sight.ts).
  const observed = await importOnFirstSight(loaded, deps, needs.service && !loaded.service);
  onSnapshot?.(observed);
  const { inScope, policies: settings, problems } = settingsWithTags(ref, deps, resolution, observed);
  if (!inScope) return handOverAll(ref, deps, candidates, observed, settings);
  await drainOutbox(ref, observed.state?.outbox, first, deps);
  const settled = await settleOpenIntent(ref, observed, first, deps, {
    tick: Boolean(onSnapshot),
    reload: (now) => loadSnapshot(ref, deps, undefined, needs, now),
  });
  if (!settled) return [];
  const snapshot = await withStateNeeds(settled.snapshot, candidates, settings, deps);
  const pass = { ref, deps, settings, now: settled.now, decide, snapshot, known: resolution.known };
  const decided = await runPass(pass, candidates);
  // After the policies: a notice about a tag never holds up a rollback.
  const told = await noteTagProblems(ref, problems, settings, pass.snapshot, deps);
  return [...settled.results, ...decided, ...told];
}

/** Resolved once: the configured settings with the service's tags on top (the same object without a guardrails tag). */
export function settingsWithTags(ref: ServiceRef, deps: EngineDeps, resolution: Resolution, snapshot: Snapshot) {
  const tags = snapshot.service?.tags ?? {};
  const { configured, tagged } = resolution;
  return tagged && tagged.tags === tags ? tagged.settings : withServiceTags(deps.config, ref, configured, tags);
}

/** Whether the reconcile's tick of this service reads its scalable target (from config alone, as needsOf). */
export function tickNeedsScalableTarget(configured: ResolvedSettings, deps: EngineDeps): boolean {
  const candidates = (deps.policies ?? tickingPolicies).filter((p) => p.policy.tick);
  return needsOf(candidates, configured.policies, true).scalableTarget;
}

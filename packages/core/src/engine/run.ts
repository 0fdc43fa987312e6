import type { PolicySettings } from "../config/schema.ts";
import { resolveSettings, withServiceTags, type ResolvedSettings } from "../config/resolve.ts";
import type { GuardrailsEvent, ServiceRef } from "../events/model.ts";
import type { EngineDeps } from "./deps.ts";
import { eventPolicies, tickingPolicies, type PolicyId, type RegisteredPolicy } from "../registry.ts";
import type { Cadence, SettingOf } from "./policy.ts";
import type { Decision } from "../model/decision.ts";
import type { ServiceDescription } from "../model/description.ts";
import type { Snapshot, SnapshotNeeds } from "../model/snapshot.ts";
import { advanceRevision, carryOut, resumeIntent, seenBy, type EngineResult } from "./carry-out.ts";
import { drainOutbox } from "./deliver.ts";
import { handOver, owedBy, underOwed } from "./owed.ts";
import { noteTagProblems } from "./tag-notices.ts";
import { ServiceBusyError } from "../errors.ts";
import type { DeploymentRecord } from "../history/model.ts";
import { knownGoodSighted, observedRecord } from "../history/observed.ts";
import { serviceKey } from "../model/service-ref.ts";
import { gone, serviceGone } from "../model/service-gone.ts";
import { importOnFirstSight } from "./first-sight.ts";

// The one pipeline every policy runs through: load → decide → guard → act → record → notify.
// Events drive `runPolicies`; the periodic reconcile drives `tickPolicies`.

export type { EngineDeps };

export type { EngineResult };

/** `settingOf`: another capability's setting for the service, by name (a tick may respect another's window). */
type Chosen = { entry: RegisteredPolicy; settings: PolicySettings[PolicyId]; settingOf: SettingOf };

/**
 * The service's settings for this invocation: `configured` from the configuration alone (what
 * the snapshot's needs are judged from, before the service's tags are known), and optionally
 * `tagged`, already resolved with the tags of `known` (the reconcile's listing).
 */
export type Resolution = {
  configured: ResolvedSettings;
  tagged?: { tags: Record<string, string>; settings: ResolvedSettings };
};
type Decide = (chosen: Chosen, snapshot: Snapshot, now: Date) => { decisions: Decision[]; state?: Decision["state"] };

export async function runPolicies(event: GuardrailsEvent, ref: ServiceRef, deps: EngineDeps): Promise<EngineResult[]> {
  // The service's settings from the configuration, resolved once for the whole invocation.
  const configured = resolveSettings(deps.config, ref);
  const candidates = (deps.policies ?? eventPolicies).filter(
    (p) => p.policy.interestedIn(event) && p.policy.relevant?.(event, configured.policies[p.id]) !== false,
  );
  if (candidates.length === 0) return [];
  return evaluate(ref, deps, candidates, { configured }, ({ entry, settings }, snapshot, now) => ({
    decisions: entry.policy.decide({ event, snapshot, settings, now }),
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
  const now = deps.clock.now();
  const candidates = (deps.policies ?? tickingPolicies).filter((p) => p.policy.tick && due(p.policy.cadence, now));
  return evaluate(
    ref,
    deps,
    candidates,
    { ...(settings ?? { configured: resolveSettings(deps.config, ref) }), known },
    ({ entry, settings, settingOf }, snapshot, now) => {
      if (gone(snapshot)) return serviceGone(entry.id, snapshot);
      return entry.policy.tick!({ snapshot, settings, now, settingOf });
    },
    // Always set on a tick: evaluate tells a tick from an event by it.
    onSnapshot ?? (() => undefined),
  );
}

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

async function evaluate(
  ref: ServiceRef,
  deps: EngineDeps,
  candidates: RegisteredPolicy[],
  resolution: Resolution & { known?: ServiceDescription | undefined },
  decide: Decide,
  onSnapshot?: (s: Snapshot) => void,
): Promise<EngineResult[]> {
  let now = deps.clock.now();
  const { configured, tagged, known } = resolution;
  const needs = needsOf(candidates, configured.policies, Boolean(onSnapshot));
  let snapshot = await loadSnapshot(ref, deps, known, needs, now);
  snapshot = await importOnFirstSight(snapshot, deps, needs.service && !snapshot.service);
  onSnapshot?.(snapshot);
  const tags = snapshot.service?.tags ?? {};
  // Resolved once: the configured settings with the service's tags on top (the same object without a guardrails tag).
  const {
    inScope,
    policies: settings,
    problems,
  } = tagged && tagged.tags === tags ? tagged.settings : withServiceTags(deps.config, ref, configured, tags);
  if (!inScope) return handOverAll(ref, deps, candidates, snapshot, settings);
  const results: EngineResult[] = [];
  await drainOutbox(ref, snapshot.state?.outbox, now, deps);
  const intent = snapshot.state?.intent;
  if (intent && Date.parse(intent.until) < now.getTime()) {
    // An invocation died between acting and recording: finish its decision first, from what
    // ECS shows now (described even if no candidate reads ECS), then look again.
    const service = snapshot.service ?? (await deps.ecs.describeService(ref));
    results.push(await resumeIntent(ref, intent, { ...snapshot, service }, deps));
    now = deps.clock.now();
    snapshot = await loadSnapshot(ref, deps, undefined, needs, now);
  } else if (intent) {
    // Another invocation is acting on the service, or died doing so moments ago: deciding now
    // would judge a half-done action as the service's state. An event is retried (Lambda does,
    // after the intent has gone stale); a tick leaves the service to the next one.
    if (onSnapshot) return results;
    throw new ServiceBusyError(`another invocation is acting on ${ref.cluster}/${ref.service}`, {
      ...ref,
      key: intent.key,
    });
  }
  snapshot = await withStateNeeds(snapshot, candidates, settings, deps);
  const settingOf: SettingOf = (id, key) =>
    (settings as Record<string, Record<string, unknown> | undefined>)[id]?.[key];
  let refreshed = false;
  for (const entry of candidates) {
    const policySettings = settings[entry.id];
    const owed = owedBy(entry, snapshot);
    if (policySettings.mode === "off") {
      if (owed)
        results.push(await carryOut(ref, handOver(entry.id, ref, owed, { mode: "off" }), "off", snapshot, deps));
      continue;
    }
    const chosen = { entry, settings: policySettings, settingOf };
    let outcome = decide(chosen, snapshot, now);
    if (known && !refreshed && outcome.decisions.length > 0) {
      // The reconcile's bulk listing is a few seconds old (read before the stored state) and
      // carries no task size: decide only on a fresh description of the service, again.
      refreshed = true;
      snapshot = { ...snapshot, service: await deps.ecs.describeService(ref) };
      outcome = decide(chosen, snapshot, now);
    }
    // An observation never overwrites what enforce wrote and still owes (owed.ts).
    const quiet = owed && policySettings.mode === "observe" ? undefined : outcome.state;
    if (
      quiet &&
      outcome.decisions.length === 0 &&
      (await deps.store.savePolicyState(ref, entry.policy.id, quiet, seenBy(snapshot, entry.policy.id, now)))
    )
      advanceRevision(snapshot, entry.policy.id);
    for (const decided of outcome.decisions) {
      const { decision, mode } = owed
        ? underOwed(decided, policySettings.mode)
        : { decision: decided, mode: policySettings.mode };
      results.push(await carryOut(ref, decision, mode, snapshot, deps));
    }
  }
  // After the policies: a notice about a tag never holds up a rollback.
  results.push(...(await noteTagProblems(ref, problems, settings, snapshot, deps)));
  return results;
}

/**
 * Out of the scope: nothing is decided, but what enforce changed and still owes is handed over
 * (owed.ts). The reconcile still visits such a service while it is on the attention list.
 */
async function handOverAll(
  ref: ServiceRef,
  deps: EngineDeps,
  candidates: RegisteredPolicy[],
  snapshot: Snapshot,
  settings: PolicySettings,
): Promise<EngineResult[]> {
  const results: EngineResult[] = [];
  for (const entry of candidates) {
    const owed = owedBy(entry, snapshot);
    if (owed)
      results.push(
        await carryOut(
          ref,
          handOver(entry.id, ref, owed, { outOfScope: true }),
          settings[entry.id].mode,
          snapshot,
          deps,
        ),
      );
  }
  return results;
}

/** A stored state may need more than the settings alone said (a window held, then removed from the config): load it now. */
async function withStateNeeds(
  snapshot: Snapshot,
  candidates: RegisteredPolicy[],
  settings: PolicySettings,
  deps: EngineDeps,
): Promise<Snapshot> {
  if (snapshot.autoScaling) return snapshot;
  const needs = (c: RegisteredPolicy) =>
    c.policy.needs?.(settings[c.id], snapshot.state?.policies[c.id] as Record<string, unknown> | undefined);
  if (!candidates.some((c) => needs(c)?.scalableTarget)) return snapshot;
  return { ...snapshot, autoScaling: await scalableTargetOf(snapshot.ref, deps) };
}

/** What the candidates read; from config alone, since the service's tags come with the snapshot. */
function needsOf(candidates: RegisteredPolicy[], settings: PolicySettings, tick: boolean): SnapshotNeeds {
  const all = candidates.map((c) => {
    const s = settings[c.id];
    const declared = c.policy.needs?.(s) ?? {};
    const lookback = c.policy.lookbackMinutes?.(s) ?? 0;
    return {
      service: declared.service ?? true,
      deployments: declared.deployments ?? true,
      timelineMinutes: Math.max(declared.timelineMinutes ?? 0, lookback),
      scalableTarget: declared.scalableTarget ?? false,
    };
  });
  return {
    scalableTarget: all.some((n) => n.scalableTarget),
    // A tick always needs ECS's view: it is how a deleted service is told apart.
    service: tick || all.some((n) => n.service),
    deployments: all.some((n) => n.deployments),
    timelineMinutes: Math.max(0, ...all.map((n) => n.timelineMinutes)),
  };
}

/** Whether a policy's tick is due at this reconcile (ticks run every RECONCILE_MINUTES). */
export function due(cadence: Cadence | undefined, now: Date): boolean {
  if (!cadence || cadence.everyMinutes <= RECONCILE_MINUTES) return true;
  // Level-triggered policies tolerate a late tick: run in the first tick of each period.
  return now.getTime() % (cadence.everyMinutes * 60_000) < RECONCILE_MINUTES * 60_000;
}

/** How often the reconcile runs (the schedule in packages/infra and the local runtime). */
export const RECONCILE_MINUTES = 5;

async function loadSnapshot(
  ref: ServiceRef,
  deps: EngineDeps,
  known: ServiceDescription | undefined,
  needs: SnapshotNeeds,
  now: Date,
): Promise<Snapshot> {
  // The stored state first, then ECS: what ECS shows is then never older than the state. Read
  // together, a concurrent invocation's action could land between the two reads the other way
  // round — its recorded state beside ECS from before its change — and this one would take its
  // own change for someone else's (the fault matrix's "twice at the same moment" cells).
  const history = await deps.store.loadHistory(ref, { deployments: needs.deployments });
  const [service, recent, autoScaling] = await Promise.all([
    known ? Promise.resolve(known) : needs.service ? deps.ecs.describeService(ref) : Promise.resolve(undefined),
    needs.timelineMinutes > 0
      ? recentTimeline(ref, deps, new Date(now.getTime() - needs.timelineMinutes * 60_000).toISOString())
      : Promise.resolve([]),
    needs.scalableTarget ? scalableTargetOf(ref, deps) : Promise.resolve(undefined),
  ]);
  const deployments = needs.deployments
    ? await withSighted(ref, deps, history.deployments, service, now)
    : history.deployments;
  return {
    ref,
    ...history,
    deployments,
    service,
    recent,
    ...(autoScaling ? { autoScaling } : {}),
    ...(history.state?.revisions ? { revisions: { ...history.state.revisions } } : {}),
  };
}

/**
 * A known-good deployment ECS lists and the history lacks is recorded the first time a snapshot
 * sees it (history/observed.ts), and counts in this snapshot already. No extra ECS call: only
 * a snapshot that described the service anyway; once recorded, later snapshots write nothing.
 */
async function withSighted(
  ref: ServiceRef,
  deps: EngineDeps,
  deployments: DeploymentRecord[],
  service: ServiceDescription | undefined,
  now: Date,
): Promise<DeploymentRecord[]> {
  const sighted = knownGoodSighted(
    service?.deployments ?? [],
    new Set(deployments.map((d) => d.deploymentId)),
    now.toISOString(),
  );
  if (sighted.length === 0 || !deps.history.recordObserved) return deployments;
  await deps.history.recordObserved(ref, sighted, now.toISOString());
  return [...deployments, ...sighted.map((d) => observedRecord(ref, d))];
}

async function scalableTargetOf(ref: ServiceRef, deps: EngineDeps): Promise<NonNullable<Snapshot["autoScaling"]>> {
  if (!deps.scalableTargets)
    throw new Error(
      `${ref.cluster}/${ref.service}: scheduled scaling needs Application Auto Scaling, which this function is not given`,
    );
  return { target: (await deps.scalableTargets.describe([ref])).get(serviceKey(ref)) };
}

/** Whether the reconcile's tick of this service reads its scalable target (from config alone, as needsOf). */
export function tickNeedsScalableTarget(configured: ResolvedSettings, deps: EngineDeps): boolean {
  const candidates = (deps.policies ?? tickingPolicies).filter((p) => p.policy.tick);
  return needsOf(candidates, configured.policies, true).scalableTarget;
}

async function recentTimeline(ref: ServiceRef, deps: EngineDeps, since: string) {
  const items = [];
  let cursor: string | undefined;
  do {
    const page = await deps.history.timeline(ref, { since, limit: 200, ...(cursor ? { cursor } : {}) });
    items.push(...page.items);
    cursor = page.cursor;
  } while (cursor);
  return items;
}

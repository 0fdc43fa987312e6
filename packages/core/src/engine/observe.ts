import type { PolicySettings } from "../config/schema.ts";
import type { ServiceRef } from "../events/model.ts";
import type { DeploymentRecord } from "../history/model.ts";
import { knownGoodSighted, observedRecord } from "../history/observed.ts";
import type { ServiceDescription } from "../model/description.ts";
import { serviceKey } from "../model/service-ref.ts";
import type { Snapshot, SnapshotNeeds } from "../model/snapshot.ts";
import type { RegisteredPolicy } from "../registry.ts";
import type { EngineDeps } from "./deps.ts";

// The pipeline's observe step: what the candidates read (from the configuration alone, since the
// service's tags come with the snapshot), and the snapshot of the service loaded to match.

/** What the candidates read; from config alone, since the service's tags come with the snapshot. */
export function needsOf(candidates: RegisteredPolicy[], settings: PolicySettings, tick: boolean): SnapshotNeeds {
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

export async function loadSnapshot(
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

/** A stored state may need more than the settings alone said (a window held, then removed from the config): load it now. */
export async function withStateNeeds(
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

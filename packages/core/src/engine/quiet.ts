import { knownGoodSighted } from "../history/observed.ts";
import type { ServiceRef } from "../events/model.ts";
import type { ServiceDescription } from "../model/description.ts";
import { goneFromEcs } from "../model/service-gone.ts";
import type { Snapshot } from "../model/snapshot.ts";
import type { EngineDeps } from "./deps.ts";
import { needsOf } from "./observe.ts";
import { owedBy } from "./owed.ts";
import { chosenFor } from "./policy-pass.ts";
import type { PeekedService } from "./ports.ts";
import { settingsWithTags, tick, tickCandidates, type Resolution } from "./run.ts";

// The organization-scale tick (issue 23): most services have nothing due at most ticks — no
// open incident, no window, no parked decision. Their stored states are read a page at a time
// (DecisionStore.peekServices), and a service whose tick, judged from that state and the
// listing, would decide nothing, save nothing and settle nothing is not looked at again. Anything
// else goes through the whole pipeline, which reads the service afresh. Skipping is the same as
// ticking the service at the moment of the page's read: the reconcile is level-triggered, so
// what changes after that read is seen by the next tick.

/** What the quiet check reads lazily: a policy that touches one of these is looked at in full. */
const UNREAD = ["deployments", "recent"] as const;

/**
 * Whether the tick of `known` would do nothing at all, from its stored state as peeked. Pure:
 * every policy's tick runs on a snapshot of the peeked state and the listing, and must decide
 * nothing and save nothing without reading what the peek did not load (its deployments, its
 * recent timeline). Anything the pipeline would do before or after the policies (an open
 * intent, a message in the outbox, a problem to clear, a first-sight import, a completed
 * deployment to record, an ignored tag, a parked decision) makes the service not quiet.
 */
export function quietOnTick(input: {
  ref: ServiceRef;
  known: ServiceDescription;
  peeked: PeekedService;
  parked: boolean;
  resolution: Resolution;
  deps: EngineDeps;
  now: Date;
}): boolean {
  const { ref, known, peeked, resolution, deps, now } = input;
  const state = peeked.state;
  if (input.parked || goneFromEcs(known)) return false;
  if (state?.intent || state?.tickProblem || Object.keys(state?.outbox ?? {}).length > 0) return false;
  if (deps.imports && !state?.imported) return false;
  const candidates = tickCandidates(deps, now);
  const needs = needsOf(candidates, resolution.configured.policies, true);
  if (needs.deployments && knownGoodSighted(known.deployments, peeked.recorded, now.toISOString()).length > 0)
    return false;
  const touched = new Set<string>();
  const snapshot = lazySnapshot({ ref, state, service: known }, touched);
  const { inScope, policies: settings, problems } = settingsWithTags(ref, deps, resolution, snapshot);
  if (!inScope || problems.length > 0) return false;
  for (const entry of candidates) {
    // A scalable target is read (the settings' windows, or a window the stored state still holds: observe.ts).
    const stored = state?.policies[entry.id] as Record<string, unknown> | undefined;
    if (entry.policy.needs?.(settings[entry.id], stored)?.scalableTarget) return false;
    // Off, a policy only hands over what enforce changed and still owes (policy-pass.ts).
    if (settings[entry.id].mode === "off") {
      if (owedBy(entry, snapshot)) return false;
      continue;
    }
    try {
      const outcome = tick(chosenFor(entry, settings), snapshot, now);
      if (outcome.decisions.length > 0 || outcome.state !== undefined || touched.size > 0) return false;
    } catch {
      // The pipeline reports what throws.
      return false;
    }
  }
  return true;
}

/** A snapshot whose unread parts note who reads them. */
function lazySnapshot(base: Pick<Snapshot, "ref" | "state" | "service">, touched: Set<string>): Snapshot {
  const snapshot = {
    ...base,
    ...(base.state?.revisions ? { revisions: { ...base.state.revisions } } : {}),
  } as Snapshot;
  for (const field of UNREAD)
    Object.defineProperty(snapshot, field, {
      enumerable: true,
      get: () => {
        touched.add(field);
        return [];
      },
    });
  return snapshot;
}

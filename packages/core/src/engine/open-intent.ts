import { ServiceBusyError } from "../errors.ts";
import type { ServiceRef } from "../events/model.ts";
import type { Snapshot } from "../model/snapshot.ts";
import { resumeIntent, type EngineResult } from "./carry-out.ts";
import type { EngineDeps } from "./deps.ts";

// Before deciding: an intent left open on the service. One whose lock has passed belonged to an
// invocation that died between acting and recording; a live one is another invocation acting.

/** What deciding goes on from: the snapshot (fresh after a resume), its time, and the resumed decision's result. */
export type Settled = { snapshot: Snapshot; now: Date; results: EngineResult[] };

/**
 * Finishes a dead invocation's intent and looks again (`reload`), or — the intent is live — leaves
 * the service: a tick to the next one (undefined), an event to Lambda's retry (ServiceBusyError).
 */
export async function settleOpenIntent(
  ref: ServiceRef,
  snapshot: Snapshot,
  now: Date,
  deps: EngineDeps,
  options: { tick: boolean; reload: (now: Date) => Promise<Snapshot> },
): Promise<Settled | undefined> {
  const intent = snapshot.state?.intent;
  if (!intent) return { snapshot, now, results: [] };
  if (Date.parse(intent.until) < now.getTime()) {
    // Finish its decision first, from what ECS shows now (described even if no candidate reads
    // ECS), then look again.
    const service = snapshot.service ?? (await deps.ecs.describeService(ref));
    const resumed = await resumeIntent(ref, intent, { ...snapshot, service }, deps);
    const later = deps.clock.now();
    return { snapshot: await options.reload(later), now: later, results: [resumed] };
  }
  // Another invocation is acting on the service, or died doing so moments ago: deciding now
  // would judge a half-done action as the service's state. An event is retried (Lambda does,
  // after the intent has gone stale); a tick leaves the service to the next one.
  if (options.tick) return undefined;
  throw new ServiceBusyError(`another invocation is acting on ${ref.cluster}/${ref.service}`, {
    ...ref,
    key: intent.key,
  });
}

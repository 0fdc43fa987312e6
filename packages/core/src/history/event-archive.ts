import type { GuardrailsEvent, ServiceRef } from "../events/model.ts";

// The envelopes as EventBridge delivered them, kept so that `guardrails export` can hand a
// replay the very stream live decided on (docs/replay.md). The history's other items are what
// the policies need to decide now; they are not enough to decide again: a running task event
// only moves a version number, and its revision and capacity provider are what replay infers
// the service from.

export interface EventArchive {
  /** Keeps one delivered envelope under its event id; keeping it again changes nothing. */
  keep(envelope: unknown, at: ArchivedAt): Promise<void>;
}

/** Where an envelope is filed: its time and id, and the service it names (none for an alarm). */
export type ArchivedAt = { time: string; eventId: string; ref: ServiceRef | undefined };

export function archivedAt(event: GuardrailsEvent): ArchivedAt {
  // Task, deployment, service-action and hook events name their service (a standalone task
  // none); alarms, pipeline, container-instance and unknown kinds are filed without one (an
  // export keeps them whatever service it narrows to).
  const ref = "service" in event && event.service ? { cluster: event.cluster, service: event.service } : undefined;
  return { time: event.time, eventId: event.eventId, ref };
}

/**
 * The times the scheduled reconcile ran, kept beside the envelopes: live's schedule runs on a
 * grid of its own (from when it was created) that no event records, and replay ticks at these
 * times to decide as live did (docs/replay.md#exported-streams).
 */
export interface TickArchive {
  /** Keeps one run's time (ISO-8601); keeping it again changes nothing. */
  keepTick(time: string): Promise<void>;
}

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
  return { time: event.time, eventId: event.eventId, ref: refOf(event) };
}

function refOf(event: GuardrailsEvent): ServiceRef | undefined {
  switch (event.kind) {
    case "task":
      return event.service ? { cluster: event.cluster, service: event.service } : undefined;
    case "deployment":
    case "service-action":
    case "hook":
      return { cluster: event.cluster, service: event.service };
    case "unknown":
      return event.ref;
    default:
      return undefined;
  }
}

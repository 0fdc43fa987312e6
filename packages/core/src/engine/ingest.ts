import { parseEvent } from "../events/parse.ts";
import type { GuardrailsEvent, HookEvent, UnknownEvent } from "../events/model.ts";
import type { Ledger } from "./ledger.ts";
import type { RecordOutcome, TimelineEntry } from "../history/model.ts";
import { type Home, placeOf, type ServiceRef } from "../model/service-ref.ts";
import { knownGoodSighted, type ListedDeployment } from "../history/observed.ts";
import type { DeploymentResolver, HistoryWriter } from "./ports.ts";
import type { ProvenanceStore } from "../history/provenance.ts";
import type { EventArchive } from "../history/event-archive.ts";

export type IngestDeps = {
  history: HistoryWriter;
  deployments: DeploymentResolver;
  /** Pipeline, stage and action execution events (provenance); without it they are ignored. */
  pipelines?: Pick<ProvenanceStore, "recordExecutionEvent">;
  /** Where events without a history of their own (hook state changes, unknown kinds) are kept, once per event id. */
  timeline?: Pick<Ledger, "recordOnce">;
  /** Where every delivered envelope is kept as it came, for `guardrails export`; without it none is. */
  archive?: EventArchive;
  /** The account and Region the guardrails run in: events from others are a member's (model/service-ref.ts). */
  home?: Home | undefined;
};
export type IngestResult = { event: GuardrailsEvent; outcome: RecordOutcome };

/**
 * Observe and record: validate the envelope, then write it into the service's history.
 * Throws InvalidEventError for an event that does not match its schema, so the caller's retry
 * and dead-letter path keeps it; a duplicate or late event is an outcome, not an error.
 */
export async function ingestEvent(raw: unknown, deps: IngestDeps): Promise<IngestResult> {
  const event = parseEvent(raw, deps.home);
  return { event, outcome: await recordEvent(event, deps) };
}

export async function recordEvent(event: GuardrailsEvent, deps: IngestDeps): Promise<RecordOutcome> {
  switch (event.kind) {
    case "task":
      return deps.history.recordTask(event);
    case "deployment": {
      let listed: ListedDeployment[] = [];
      const td = await deps.deployments.taskDefinitionOf(event, event.deploymentId, (l) => (listed = l));
      const outcome = await deps.history.recordDeployment(event, td);
      // The answer that resolved the task definition also lists the deployment this one
      // replaces: at a service's first release it is the only sight of its known-good revision.
      const sighted = knownGoodSighted(listed, new Set([event.deploymentId]), event.updatedAt);
      if (sighted.length > 0) await deps.history.recordObserved(event, sighted, event.updatedAt);
      return outcome;
    }
    case "service-action":
      return deps.history.recordServiceAction(event);
    case "pipeline":
      return deps.pipelines
        ? deps.pipelines.recordExecutionEvent(event)
        : { status: "ignored", reason: "no pipeline store configured" };
    case "hook":
      return keep(deps, event, hookEntry(event));
    case "unknown":
      if (!event.ref) return { status: "ignored", reason: `unknown event kind "${event.detailType}" names no service` };
      return keep(deps, event, unknownEntry(event, event.ref));
    default:
      return { status: "ignored", reason: `no history is kept for ${event.kind} events` };
  }
}

async function keep(deps: IngestDeps, event: GuardrailsEvent, entry: TimelineEntry): Promise<RecordOutcome> {
  if (!deps.timeline) return { status: "ignored", reason: `no timeline writer for ${event.kind} events` };
  await deps.timeline.recordOnce(entry, entry);
  return { status: "recorded" };
}

function hookEntry(e: HookEvent): TimelineEntry {
  const expiry = e.expiresAt ? `, until ${e.expiresAt} (then ${e.timeoutAction ?? "its timeout action"})` : "";
  return {
    cluster: e.cluster,
    service: e.service,
    ...placeOf(e),
    type: "hook",
    time: e.time,
    eventId: e.eventId,
    summary: `${e.targetType ?? "lifecycle"} hook ${e.eventName} at ${e.stage ?? "an unnamed stage"}${expiry}`,
    deploymentId: e.deploymentId,
    eventName: e.eventName,
    data: { hookId: e.hookId, serviceDeploymentArn: e.serviceDeploymentArn, status: e.status, stage: e.stage },
  };
}

/** Kept for people to read; no policy acts on a kind it does not know. */
function unknownEntry(e: UnknownEvent, ref: ServiceRef): TimelineEntry {
  return {
    ...ref,
    type: "unknown",
    time: e.time,
    eventId: e.eventId,
    summary: `unknown event kind "${e.detailType}"${e.eventName ? ` ${e.eventName}` : ""} from ${e.source}`,
    eventName: e.eventName,
    data: { source: e.source, detailType: e.detailType },
  };
}

import { parseEvent } from "../events/parse.ts";
import type { GuardrailsEvent } from "../events/model.ts";
import type { RecordOutcome } from "../history/model.ts";
import { knownGoodSighted, type ListedDeployment } from "../history/observed.ts";
import type { DeploymentResolver, HistoryWriter } from "./ports.ts";
import type { ProvenanceStore } from "../history/provenance.ts";

export type IngestDeps = {
  history: HistoryWriter;
  deployments: DeploymentResolver;
  /** Pipeline, stage and action execution events (provenance); without it they are ignored. */
  pipelines?: Pick<ProvenanceStore, "recordExecutionEvent">;
};
export type IngestResult = { event: GuardrailsEvent; outcome: RecordOutcome };

/**
 * Observe and record: validate the envelope, then write it into the service's history.
 * Throws InvalidEventError for an event that does not match its schema, so the caller's retry
 * and dead-letter path keeps it; a duplicate or late event is an outcome, not an error.
 */
export async function ingestEvent(raw: unknown, deps: IngestDeps): Promise<IngestResult> {
  const event = parseEvent(raw);
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
    default:
      return { status: "ignored", reason: `no history is kept for ${event.kind} events` };
  }
}

import type { Log } from "../lib/log.ts";
import { processEvent, type EventDeps } from "@ecs-guardrails/core/engine/process-event";

// EventBridge → ECS and alarm events. A thrown error makes Lambda retry (2×) and then hand the
// event to the on-failure destination (the dead-letter queue), where it can be inspected and
// replayed; the log line says why.

export function makeIngest(deps: EventDeps, log: Pick<Log, "info" | "error">) {
  return async (raw: unknown) => {
    try {
      const result = await processEvent(raw, deps);
      const { event, outcome, results } = result;
      const decisions = results
        .filter((r) => !r.duplicate)
        .map((r) => ({ policy: r.decision.policy, verdict: r.record.verdict, title: r.decision.title }));
      log.info("event processed", { kind: event.kind, eventId: event.eventId, outcome: outcome.status, decisions });
      return result;
    } catch (error) {
      log.error("event not processed: it will be retried, then sent to the dead-letter queue", {
        error,
        eventId: idOf(raw),
      });
      throw error;
    }
  };
}

function idOf(raw: unknown): unknown {
  return typeof raw === "object" && raw !== null ? (raw as Record<string, unknown>)["id"] : undefined;
}

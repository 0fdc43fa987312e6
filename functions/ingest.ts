import { Logger } from "@aws-lambda-powertools/logger";
import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import middy from "@middy/core";
import { ingestEvent, type IngestDeps } from "@ecs-guardrails/core/usecases/ingest";
import { ingestDeps } from "./lib/deps.ts";

// EventBridge → ECS and alarm events. A thrown error makes Lambda retry (2×) and then hand the
// event to the on-failure destination (the dead-letter queue), where it can be inspected and
// replayed; the log line says why.

const logger = new Logger({ serviceName: "ecs-guardrails" });

export function makeIngest(deps: IngestDeps, log: Pick<Logger, "info" | "error"> = logger) {
  return async (raw: unknown) => {
    try {
      const { event, outcome } = await ingestEvent(raw, deps);
      log.info("event ingested", { kind: event.kind, eventId: event.eventId, outcome: outcome.status });
      return outcome;
    } catch (error) {
      log.error("event not processed: it will be retried, then sent to the dead-letter queue", { error, eventId: idOf(raw) });
      throw error;
    }
  };
}

function idOf(raw: unknown): unknown {
  return typeof raw === "object" && raw !== null ? (raw as Record<string, unknown>)["id"] : undefined;
}

export const handler = middy(makeIngest(ingestDeps())).use(injectLambdaContext(logger));

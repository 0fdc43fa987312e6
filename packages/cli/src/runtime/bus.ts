import { subscriptions, type EventPattern } from "@ecs-guardrails/core/events/patterns";

// The local event bus routes with the same patterns the SST app subscribes with.

export type Envelope = { source?: unknown; "detail-type"?: unknown };

export function matches(pattern: EventPattern, event: Envelope): boolean {
  return pattern.source.includes(String(event.source)) && pattern["detail-type"].includes(String(event["detail-type"]));
}

/** The functions (by subscription name) an event is delivered to. */
export function routesFor(event: Envelope): (keyof typeof subscriptions)[] {
  return (Object.keys(subscriptions) as (keyof typeof subscriptions)[]).filter((name) =>
    subscriptions[name].some((p) => matches(p, event)),
  );
}

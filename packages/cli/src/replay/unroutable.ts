import { parseEvent } from "@ecs-guardrails/core/events/parse";

/** Why no function consumes an event: its kind, or what makes it invalid. */
export function unroutable(event: unknown): string {
  try {
    const parsed = parseEvent(event);
    return `no function consumes ${parsed.kind} events`;
  } catch (error) {
    return `${(error as Error).name}: ${(error as Error).message}`;
  }
}

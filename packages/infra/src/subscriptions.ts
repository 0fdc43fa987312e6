/// <reference path="../../../.sst/platform/config.d.ts" />
import type { EventPattern } from "@ecs-guardrails/core/events/patterns";

/**
 * Subscribes a function to the default bus once per pattern, so every rule matches exactly
 * one source and its detail-types (never a catch-all). Rule names derive from the source
 * (`aws.ecs` gives "IngestEcs"), which keeps them stable when patterns are reordered.
 */
export function subscribeToDefaultBus(
  busArn: $util.Input<string>,
  name: string,
  subscriber: sst.aws.Function,
  patterns: readonly EventPattern[],
): void {
  const names = new Set<string>();
  for (const pattern of patterns) {
    const subscription = `${name}${sourceName(pattern)}`;
    if (names.has(subscription)) {
      throw new Error(`Two "${name}" patterns share the source ${pattern.source.join(", ")}: merge them.`);
    }
    names.add(subscription);
    sst.aws.Bus.subscribe(subscription, busArn, subscriber, {
      pattern: { source: [...pattern.source], detailType: [...pattern["detail-type"]] },
    });
  }
}

function sourceName(pattern: EventPattern): string {
  return pattern.source
    .map((source) => source.replace(/^aws\./, ""))
    .map((part) => part.replace(/[^a-zA-Z0-9]/g, ""))
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join("");
}

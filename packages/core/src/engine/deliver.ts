import type { GuardrailsConfig } from "../config/schema.ts";
import type { ServiceRef } from "../events/model.ts";
import { type Notice, type Notifier, severityAtLeast } from "../notifications/notice.ts";
import type { DecisionRecord } from "./ports.ts";
import type { Decision } from "../model/decision.ts";
import type { Ledger } from "./ledger.ts";
import { noticeFor } from "./notices.ts";

// The outbox's far side: a decision's message is stored with the decision (on the service's
// state item), published, and only then marked delivered. A failed publish fails the
// invocation; its retry — or any later invocation for the service — finds the message still
// pending and publishes it. A crash in the instant between SNS accepting the message and
// the mark can repeat it once: SNS standard topics take no idempotency key, and losing a
// message is worse than repeating one.

/** The decision's message, unless the configured minimum severity drops it. */
export function noticeWanted(
  ref: ServiceRef,
  decision: Decision,
  record: DecisionRecord,
  config: GuardrailsConfig,
): Notice | undefined {
  const notice = noticeFor(ref, decision, record);
  return severityAtLeast(notice.severity, config.notifications.minSeverity) ? notice : undefined;
}

/** What delivering needs: a notifier and the ledger's outbox (the engine's, the deploy stage's, the hook's: one). */
export type OutboxDeps = { notifier: Notifier; store: Pick<Ledger, "delivered"> };

export async function deliver(
  ref: ServiceRef,
  key: string,
  notice: Notice | undefined,
  deps: OutboxDeps,
): Promise<void> {
  if (!notice) return;
  await deps.notifier.publish(notice);
  await deps.store.delivered(ref, key);
}

/**
 * A message is left to the invocation that recorded it for this long: it publishes right after
 * recording, and a concurrent invocation (a duplicate event racing it) must not send it again.
 * Lambda's first retry of a dead invocation comes a minute later, past this.
 */
export const OUTBOX_GRACE_MS = 30_000;

/** Sends what an earlier invocation recorded but could not deliver (SNS failed, or it died). */
export async function drainOutbox(
  ref: ServiceRef,
  outbox: Record<string, { at: string; notice: Notice }> | undefined,
  now: Date,
  deps: OutboxDeps,
): Promise<void> {
  for (const [key, entry] of Object.entries(outbox ?? {})) {
    if (Date.parse(entry.at) <= now.getTime() - OUTBOX_GRACE_MS) await deliver(ref, key, entry.notice, deps);
  }
}

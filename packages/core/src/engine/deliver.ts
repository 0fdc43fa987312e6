import type { GuardrailsConfig } from "../config/schema.ts";
import type { ServiceRef } from "../events/model.ts";
import { type Notice, severityAtLeast } from "../notifications/notice.ts";
import type { DecisionRecord } from "../ports.ts";
import type { Decision } from "../policies/types.ts";
import { noticeFor } from "./notices.ts";
import type { EngineDeps } from "./run.ts";

// The outbox's far side: a decision's message is stored with the decision, published, and only
// then marked delivered. A failed publish fails the invocation, and its retry finds the message
// still pending and publishes it. A crash in the instant between SNS accepting the message and
// the mark can repeat it once: SNS standard topics take no idempotency key, and losing a
// message is worse than repeating one.

/** The decision's message, unless the configured minimum severity drops it. */
export function noticeWanted(ref: ServiceRef, decision: Decision, record: DecisionRecord, config: GuardrailsConfig): Notice | undefined {
  const notice = noticeFor(ref, decision, record);
  return severityAtLeast(notice.severity, config.notifications.minSeverity) ? notice : undefined;
}

export async function deliver(ref: ServiceRef, key: string, notice: Notice | undefined, deps: Pick<EngineDeps, "notifier" | "store">): Promise<void> {
  if (!notice) return;
  await deps.notifier.publish(notice);
  await deps.store.delivered(ref, key);
}

/** A finished decision found again (a redelivery): its message may still be waiting. */
export const deliverPending = deliver;

import type { DecisionRecord } from "./ports.ts";
import type { Notice } from "../notifications/notice.ts";
import type { Decision } from "../model/decision.ts";
import type { ServiceRef } from "../events/model.ts";
import { chatContext } from "../notifications/chat-fields.ts";
import { offerOf } from "../registry.ts";
import { placeOf, placeText } from "../model/service-ref.ts";

const PREFIX: Record<DecisionRecord["verdict"], string> = {
  acted: "",
  noted: "",
  observed: "[observe] Would ",
  blocked: "[blocked] Would ",
  failed: "[failed] Could not ",
};

const DEFAULT_NEXT_STEPS = ["Check the service's events in the ECS console or with `guardrails history`"];

/** The chat notice for a recorded decision: what happened, why, and what to do next. */
export function noticeFor(ref: ServiceRef, decision: Decision, record: DecisionRecord): Notice {
  // An action noted instead of done: the target moved on before it (carry-out.ts, a moot action).
  const moot = record.verdict === "noted" && decision.action !== undefined && record.guard !== undefined;
  const prefix = moot ? "[moot] Would " : PREFIX[record.verdict];
  const title = prefix ? `${prefix}${lowerFirst(decision.title)}` : decision.title;
  // A decision recorded without a reason still says what it is about (its title): never an empty body.
  const reason = decision.reason.trim() || decision.title;
  const why = record.guard ? `${reason}. Not acted on: ${record.guard}.` : `${reason}.`;
  return {
    severity:
      record.verdict === "failed" ? "critical" : moot && decision.severity === "info" ? "warning" : decision.severity,
    policy: decision.policy,
    cluster: ref.cluster,
    service: ref.service,
    ...placeOf(ref),
    title,
    description: `**${ref.cluster}/${ref.service}**${placeText(ref)}: ${why}`,
    nextSteps: decision.nextSteps ?? DEFAULT_NEXT_STEPS,
    threadId: decision.threadId,
    eventType: `${decision.policy}.${decision.action?.type ?? "notice"}.${record.verdict}`,
    dedupeKey: decision.key,
    keywords: [decision.policy, ref.cluster, ref.service, record.verdict],
    relatedResources: [],
    context: {
      ...decision.facts,
      mode: record.mode,
      verdict: record.verdict,
      // What a chat button on this notice carries (capabilities/chat-command's catalog).
      ...(decision.buttons === false
        ? {}
        : chatContext(ref, decision.key, decision.threadId, offerOf(decision, record.verdict))),
    },
  };
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}

import { presentedSeverity } from "@ecs-guardrails/core/registry";
import { noticeFor } from "@ecs-guardrails/core/engine/notices";
import type { ServiceRef } from "@ecs-guardrails/core/events/model";
import type { TimelineEntry } from "@ecs-guardrails/core/history/model";
import { toCustomNotification } from "@ecs-guardrails/core/notifications/chat-message";
import { SEVERITIES, type Severity } from "@ecs-guardrails/core/notifications/notice";
import type { PolicyId, ActionRequest } from "@ecs-guardrails/core/registry";
import type { Mode } from "@ecs-guardrails/core/config/policy-settings";
import type { Decision } from "@ecs-guardrails/core/model/decision";
import type { DecisionRecord } from "@ecs-guardrails/core/engine/ports";
import type { ChatSettings } from "@ecs-guardrails/core/capabilities/chat-command/settings";
import { chatButtons } from "./chat.ts";

// A decision as the timeline keeps it, read back for people: its verdict and reason, and the
// chat message it made, rebuilt with the same formatter the notifier uses.

export type ConsoleDecision = {
  time: string;
  key: string;
  policy: string;
  verdict: DecisionRecord["verdict"];
  mode: string;
  title: string;
  reason: string;
  guard: string | undefined;
  severity: Severity;
  deploymentId: string | undefined;
  facts: Record<string, string>;
  action: ActionRequest | undefined;
  chat: { title: string; description: string };
  /** The buttons a chat user gets on its message (read-only here): the configured channels' custom actions whose criteria it meets. */
  buttons: string[];
};

type DecisionData = {
  policy?: string;
  mode?: string;
  verdict?: DecisionRecord["verdict"];
  guard?: string;
  action?: ActionRequest;
  facts?: Record<string, string>;
  severity?: string;
};

export function toConsoleDecision(entry: TimelineEntry, chatSettings?: ChatSettings): ConsoleDecision {
  const data = (entry.data ?? {}) as DecisionData;
  const policy = data.policy ?? entry.summary.split(" ")[0] ?? "guardrails";
  const verdict = data.verdict ?? "noted";
  // The summary is "<policy> <verdict>: <title>" (decision-writes.ts).
  const title = entry.summary.slice(entry.summary.indexOf(": ") + 2);
  const facts = data.facts ?? {};
  const decision: Decision = {
    policy: policy as PolicyId,
    // An observation's record is keyed apart ("@observe"); its message names the enforced key.
    key: entry.eventId.replace(/@observe$/, ""),
    action: data.action,
    severity: decidedSeverity(data, policy),
    title,
    reason: entry.reason ?? "",
    threadId: `${entry.cluster}/${entry.service}`,
    deploymentId: entry.deploymentId,
    facts,
  };
  const record = { verdict, mode: (data.mode ?? "observe") as Mode, guard: data.guard } as DecisionRecord;
  const notice = noticeFor(entry as ServiceRef, decision, record);
  const message = toCustomNotification(notice);
  const chat = message.content;
  return {
    time: entry.time,
    key: entry.eventId,
    policy,
    verdict,
    mode: data.mode ?? "",
    title,
    reason: entry.reason ?? "",
    guard: data.guard,
    // The message's severity (a failed or moot action raises it), so the badge says what chat said.
    severity: notice.severity,
    deploymentId: entry.deploymentId,
    facts,
    action: data.action,
    chat: { title: chat.title, description: chat.description },
    buttons: chatSettings ? chatButtons(message.metadata.additionalContext, chatSettings) : [],
  };
}

/**
 * The decision's own severity, before its message adjusts it for the verdict (noticeFor). A
 * stored one wins (data.severity); entries written before it was kept get what the capability
 * gives that kind of decision (registry.ts): a rollback critical, leaving Spot a warning, the rest info.
 */
function decidedSeverity(data: DecisionData, policy: string): Severity {
  if (data.severity && (SEVERITIES as readonly string[]).includes(data.severity)) return data.severity as Severity;
  return presentedSeverity(policy, data.action);
}

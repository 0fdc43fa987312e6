import type { PersonCommand, RecordedDecision } from "../../engine/policy.ts";
import type { Decision } from "../../model/decision.ts";
import type { Snapshot } from "../../model/snapshot.ts";
import type { TimelineEntry } from "../../history/model.ts";
import { serviceKey } from "../../model/service-ref.ts";
import { SNOOZE_MS } from "./catalog.ts";
import type { ParsedCommand } from "./parse.ts";
import { resumedState, snoozedState, snoozeHolds } from "./snooze.ts";
import { staleRollback } from "./stale.ts";
import { statusLines } from "./status.ts";

// What a chat command decides, pure: a decision the engine carries out as a person's (its
// guards and claim as any decision's), or an answer (status, a refusal) recorded and replied.

export const CHAT_POLICY = "chat-command";

/** `press`: this invocation's own key (Lambda's request id): a retry of it answers once. */
export type Ask = {
  command: ParsedCommand;
  snapshot: Snapshot;
  recorded: RecordedDecision | undefined;
  now: Date;
  by: string;
  press: string;
  /** The capability that answers the command, found by the command's name (registry.ts personCommand). */
  lent: { command: PersonCommand; settings: unknown } | undefined;
  /** The timeline entry recorded under the command's key, and what was recorded after it (newest first). */
  entry?: TimelineEntry | undefined;
  later?: readonly TimelineEntry[];
  /** The kind of notice the recorded decision is (registry.ts offerOf). */
  offerOfRecorded: string | undefined;
};

/** `done`: the decision was carried out before (another press, a retry): nothing to record or reply. */
export type Outcome = { decision: Decision } | { answer: string; refused: boolean } | { done: string };

export function decideCommand(ask: Ask): Outcome {
  const { command, snapshot, now, by } = ask;
  const thread = threadOf(ask);
  const chat = snapshot.state?.policies[CHAT_POLICY] as Record<string, unknown> | undefined;
  switch (command.name) {
    case "status":
      return { answer: statusLines(snapshot, chat, now).join("\n"), refused: false };
    case "snooze": {
      const until = new Date(now.getTime() + SNOOZE_MS).toISOString();
      return {
        decision: own(
          ask,
          "snooze",
          `Snoozed ${serviceKey(snapshot.ref)}'s guardrails until ${until}`,
          snoozedState(until, by),
          thread,
        ),
      };
    }
    case "resume":
      if (!snoozeHolds(chat, now)) return { answer: "the service's guardrails are not snoozed", refused: true };
      return {
        decision: own(ask, "resume", `Resumed ${serviceKey(snapshot.ref)}'s guardrails`, resumedState(), thread),
      };
    case "rollback-now":
      return rollbackNow(ask, thread);
    default:
      return lent(ask, thread);
  }
}

/** The recorded rollback the guardrails only observed (or were blocked from), carried out now. */
function rollbackNow(ask: Ask, thread: string): Outcome {
  const r = ask.recorded;
  if (!r?.action) return { answer: `no rollback was recorded under ${ask.command.key}`, refused: true };
  if (r.verdict === "acted") return { done: `already rolled back at ${r.time}` };
  if (ask.offerOfRecorded !== "observed-rollback")
    return { answer: "that notice is not a rollback the guardrails only observed", refused: true };
  const stale = staleRollback(r, ask.snapshot);
  if (stale) return { answer: `not rolled back: ${stale}`, refused: true };
  return {
    decision: {
      policy: r.policy,
      key: ask.command.key!,
      action: r.action,
      severity: "critical",
      title: r.title,
      reason: `${ask.by} asked for it from chat; ${r.reason ?? "the guardrails observed it"}`,
      threadId: thread,
      deploymentId: r.deploymentId,
      facts: { ...r.facts, by: ask.by },
      by: ask.by,
    },
  };
}

/** A command a capability answers (a paused deployment's, the Spot fallback's). */
function lent(ask: Ask, thread: string): Outcome {
  if (!ask.lent) return { answer: `${ask.command.name} is not available in this version`, refused: true };
  const out = ask.lent.command({
    settings: ask.lent.settings,
    snapshot: ask.snapshot,
    key: ask.command.key!,
    recorded: ask.recorded,
    entry: ask.entry,
    later: ask.later ?? [],
    now: ask.now,
    by: ask.by,
    thread,
    reason: ask.command.reason,
  });
  if ("refused" in out) return { answer: out.refused, refused: true };
  return { decision: { ...out.decision, by: ask.by, facts: { ...out.decision.facts, by: ask.by } } };
}

/** The section's own decision (a snooze, a resume): no action, its state, recorded once per button. */
function own(ask: Ask, what: string, title: string, state: Decision["state"], thread: string): Decision {
  return {
    policy: CHAT_POLICY,
    // One per notice's button (two people pressing it: one snooze); from an alias, one per press.
    key: `${CHAT_POLICY}#${what}#${ask.command.key ?? ask.press}`,
    action: undefined,
    severity: "info",
    title,
    reason: `${ask.by} asked for it from chat`,
    threadId: thread,
    deploymentId: undefined,
    facts: { by: ask.by, command: ask.command.name },
    state,
    by: ask.by,
    buttons: false,
  };
}

/** The reply to a command that changes nothing (status, a refusal): recorded once per press. */
export function answerDecision(ask: Ask, answer: string, refused: boolean): Decision {
  const ref = serviceKey(ask.snapshot.ref);
  return {
    policy: CHAT_POLICY,
    key: `${CHAT_POLICY}#${ask.press}`,
    action: undefined,
    severity: refused ? "warning" : "info",
    title: refused ? `${ask.command.name} on ${ref} refused` : `${ref}: ${ask.command.name}`,
    reason: answer,
    threadId: threadOf(ask),
    deploymentId: undefined,
    facts: { by: ask.by, command: ask.command.name, ...(refused ? { refused: "yes" } : {}) },
    nextSteps: refused ? ["Look at the service's latest notices: the button may be from before they changed"] : [],
    by: ask.by,
    buttons: false,
  };
}

const threadOf = (ask: Ask) => ask.command.thread ?? `${serviceKey(ask.snapshot.ref)}/chat`;

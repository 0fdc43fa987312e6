import { resolveSettings } from "../../config/resolve.ts";
import { carryOut, noteOnce } from "../../engine/carry-out.ts";
import { drainOutbox } from "../../engine/deliver.ts";
import type { EngineDeps } from "../../engine/deps.ts";
import { loadSnapshot } from "../../engine/observe.ts";
import { settleOpenIntent } from "../../engine/open-intent.ts";
import type { RecordedDecision } from "../../engine/policy.ts";
import type { ServiceRef } from "../../events/model.ts";
import type { TimelineEntry } from "../../history/model.ts";
import { offerOf, personCommand } from "../../registry.ts";
import { type Ask, answerDecision, decideCommand } from "./decide.ts";
import { parseCommand } from "./parse.ts";
import { allowedCommands } from "./settings.ts";
import { placed, type PlacedDeps } from "./place.ts";

// The command function's use case (docs/capabilities/chat-command.md): validate → allow-list →
// observe the service → decide (pure, decide.ts) → carry out through the engine (the same
// guards and claim as any decision) → reply in the notice's thread. Everything is recorded in
// the service's history; the reply is the record's own message, through its outbox.

/**
 * One invocation: `payload` as the custom action sent it; `channel`, the chat channel it came
 * from (the Lambda alias it invoked: the channel's role may invoke that alias only); `press`,
 * the invocation's own id (Lambda's request id), so a retry of it is answered once; `by`, who
 * is recorded: the chat user when the invocation carries one, else the channel.
 */
export type ChatInvocation = { payload: unknown; channel: string; press: string; by?: string };

/** What the invoker sees (the custom action's output in chat): one line, the reply sent to the thread. */
export type ChatReply = { ok: boolean; text: string };

/** The engine's ports, a hub's member ports (place.ts); the allow-list is the configuration's `chat` section. */
export type ChatDeps = PlacedDeps;

/** How far back a button's decision is looked for: a notice older than this acts on nothing. */
const LOOKBACK_MS = 7 * 24 * 60 * 60_000;

export async function runChatCommand(inv: ChatInvocation, given: ChatDeps): Promise<ChatReply> {
  const parsed = parseCommand(inv.payload);
  if ("error" in parsed) return { ok: false, text: parsed.error };
  const where = await placed(parsed.ref, given);
  if ("error" in where) return { ok: false, text: where.error };
  const { ref, deps } = where;
  const command = { ...parsed, ref };
  const by = inv.by ?? `channel ${inv.channel}`;
  const now = deps.clock.now();
  const needs = { service: true, deployments: true, timelineMinutes: 0, scalableTarget: false };
  const loaded = await loadSnapshot(ref, deps, undefined, needs, now);
  await drainOutbox(ref, loaded.state?.outbox, now, deps);
  // A press whose invocation died acting (its intent open): finished first, from what ECS shows,
  // so that its retry finds the action done instead of judging the half-done change as stale.
  const settled = await settleOpenIntent(ref, loaded, now, deps, {
    tick: false,
    reload: (later) => loadSnapshot(ref, deps, undefined, needs, later),
  });
  const snapshot = settled!.snapshot;
  const found = command.key ? await findRecorded(ref, command.key, deps, now) : undefined;
  const recorded = found?.recorded;
  const ask: Ask = {
    command,
    snapshot,
    recorded,
    now,
    by,
    press: inv.press,
    entry: found?.entry,
    later: found?.later ?? [],
    lent: lentCommand(command.name, deps, ref),
    offerOfRecorded: recorded ? offerOf(asDecision(recorded), recorded.verdict) : undefined,
  };
  if (!allowedCommands(deps.config.chat, inv.channel).includes(command.name))
    return answer(
      ask,
      deps,
      `${command.name} is not allowed in channel ${inv.channel} (chat.channels in the configuration)`,
      true,
    );
  const outcome = decideCommand(ask);
  if ("done" in outcome) return { ok: false, text: outcome.done };
  if ("answer" in outcome) return answer(ask, deps, outcome.answer, outcome.refused);
  const result = await carryOut(ref, outcome.decision, "enforce", snapshot, deps);
  // Two people pressing the same button (or a retry): the second finds the first's claim done.
  // Nothing happened, so nothing is recorded or sent to the thread: the first press's message
  // is the one reply there; the presser sees this line as the command's output.
  if (result.duplicate) return { ok: false, text: `already done: "${outcome.decision.title}" was decided before` };
  const { verdict, guard } = result.record;
  const ok = verdict === "acted" || verdict === "noted";
  return { ok, text: `${outcome.decision.title}: ${verdict}${guard ? ` (${guard})` : ""}` };
}

/** Status and refusals: recorded once per press and replied in the thread through the outbox. */
async function answer(ask: Ask, deps: ChatDeps, text: string, refused: boolean): Promise<ChatReply> {
  await noteOnce(ask.snapshot.ref, answerDecision(ask, text, refused), "enforce", ask.snapshot, deps);
  return { ok: !refused, text };
}

/**
 * What the button's notice was about, as the timeline recorded it (its latest record: a
 * decision, or another capability's result such as a pipeline gate's), with everything the
 * timeline recorded after it (newest first), from which a capability tells a stale button.
 */
async function findRecorded(
  ref: ServiceRef,
  key: string,
  deps: EngineDeps,
  now: Date,
): Promise<{ recorded: RecordedDecision; entry: TimelineEntry; later: TimelineEntry[] } | undefined> {
  const since = new Date(now.getTime() - LOOKBACK_MS).toISOString();
  const later: TimelineEntry[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.history.timeline(ref, { since, limit: 100, ...(cursor ? { cursor } : {}) });
    const at = page.items.findIndex(
      (e) => e.eventId === key || (e.type === "decision" && e.eventId === `${key}@observe`),
    );
    if (at >= 0) {
      const entry = page.items[at]!;
      return { recorded: recordedOf(entry, key), entry, later: [...later, ...page.items.slice(0, at)] };
    }
    later.push(...page.items);
    cursor = page.cursor;
  } while (cursor);
  return undefined;
}

function recordedOf(e: TimelineEntry, key: string): RecordedDecision {
  const d = (e.data ?? {}) as Record<string, unknown>;
  return {
    key,
    policy: String(d["policy"] ?? ""),
    time: e.time,
    verdict: d["verdict"] as RecordedDecision["verdict"],
    action: d["action"] as RecordedDecision["action"],
    title: e.summary.replace(/^\S+ \S+: /, ""),
    reason: e.reason,
    deploymentId: e.deploymentId,
    facts: (d["facts"] as Record<string, string> | undefined) ?? {},
  };
}

/** The capability that answers the command, with its settings for the service (tags aside). */
function lentCommand(name: string, deps: EngineDeps, ref: ServiceRef) {
  const found = personCommand(name);
  const policies: Record<string, unknown> = resolveSettings(deps.config, ref).policies;
  return found && { command: found.command, settings: policies[found.id] };
}

const asDecision = (r: RecordedDecision) => ({
  policy: r.policy,
  key: r.key,
  action: r.action,
  severity: "info" as const,
  title: r.title,
  reason: r.reason ?? "",
  threadId: "",
  deploymentId: r.deploymentId,
  facts: r.facts,
});

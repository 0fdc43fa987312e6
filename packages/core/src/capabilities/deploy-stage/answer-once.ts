import { deliver, drainOutbox } from "../../engine/deliver.ts";
import { bounded } from "./answer.ts";
import type { OutboxNotice, Reply, PipelineResultEntry } from "./ports.ts";
import type { PipelineJobDeps, PipelineJobResult } from "./job-deps.ts";
import type { TimelineEntry } from "../../history/model.ts";

// Answered once, decided once, through the engine's ledger (engine/ledger.ts): the job's key
// (`pipeline#<job id>`) is claimed before anything is decided, so a retry
// (CodePipeline invokes asynchronously; Lambda retries a failed attempt about a minute later)
// or a duplicate delivery never decides again — by then the deploy action may have started, and
// a second gate would look at the release as if it were the service's state before it. The
// reply is the claim's intent, stored before it is sent and replayed as it is; the claim is
// done once CodePipeline took the answer.
//
// Notices go through the engine's outbox: written with the result (same transaction), published
// after the answer, then marked delivered. An attempt that answered and died, or whose publish
// failed, leaves the notice in the outbox; the retry (or any later invocation for the service,
// the reconcile included) delivers it, past the grace left to the attempt that wrote it.

export async function answerOnce(
  jobId: string,
  decide: () => Promise<Reply>,
  mode: string | undefined,
  deps: PipelineJobDeps,
): Promise<PipelineJobResult> {
  const at = deps.clock.now().toISOString();
  let claimed = true;
  let reply: Reply | undefined;
  try {
    const claim = await deps.history.claimOnce<Reply>(noticeKey(jobId), at);
    if (claim.status === "claimed-before") {
      if (claim.done) {
        deps.log.info("pipeline job already answered: duplicate invocation", { jobId });
        if (claim.intent) await drainPending(claim.intent, deps);
        return { jobId, status: "duplicate", answer: claim.intent?.answer, mode };
      }
      reply = claim.intent;
    }
  } catch (error) {
    claimed = false;
    deps.log.error("pipeline job claim failed: answering without it", { jobId, error: (error as Error).message });
  }
  if (reply) return send(jobId, reply, claimed, mode, deps);
  const decided = await decideAndStore(jobId, decide, claimed, deps);
  return send(jobId, decided.reply, decided.stored, mode, deps);
}

/** Decides, and stores the reply on the claim; a racing attempt's stored reply wins. Without the table, the answer goes out anyway. */
async function decideAndStore(
  jobId: string,
  decide: () => Promise<Reply>,
  claimed: boolean,
  deps: PipelineJobDeps,
): Promise<{ reply: Reply; stored: boolean }> {
  const decided = await decide();
  const reply = { ...decided, answer: bounded(decided.answer) };
  if (!claimed) return { reply, stored: false };
  try {
    return { reply: await deps.history.saveIntent(noticeKey(jobId), reply), stored: true };
  } catch (error) {
    deps.log.error("pipeline job reply not stored: answering without it", { jobId, error: (error as Error).message });
    return { reply, stored: false };
  }
}

async function send(
  jobId: string,
  reply: Reply,
  claimed: boolean,
  mode: string | undefined,
  deps: PipelineJobDeps,
): Promise<PipelineJobResult> {
  const outbox: OutboxNotice | undefined =
    reply.notice && reply.entry ? { key: noticeKey(jobId), at: reply.entry.time, notice: reply.notice } : undefined;
  let recorded = false;
  if (reply.ref && reply.entry) {
    // With a claim, a failed record throws: Lambda's retry finds the claim unsent and replays it all.
    const entry = timelineEntryOf(reply.ref, reply.entry);
    if (claimed) {
      await deps.history.recordOnce(reply.ref, entry, outbox);
      recorded = true;
    } else {
      // Without a claim the table is in trouble: try to record, but answer whatever happens.
      recorded = await deps.history.recordOnce(reply.ref, entry, outbox).then(
        () => true,
        (error: unknown) => {
          deps.log.error("pipeline result not recorded", { jobId, error: (error as Error).message });
          return false;
        },
      );
    }
  }
  const answer = reply.answer;
  const sent = await deps.results.send(jobId, answer);
  if (claimed) await deps.history.markDone(noticeKey(jobId), deps.clock.now().toISOString());
  deps.log.info("pipeline job answered", {
    jobId,
    mode,
    outcome: answer.outcome,
    ...(answer.outcome === "failure"
      ? { type: answer.type, message: answer.message }
      : { summary: answer.summary, continues: Boolean(answer.continuationToken) }),
    sent,
  });
  if (reply.ref && outbox) {
    if (!claimed) await bestEffort(jobId, reply.ref, outbox, recorded, deps);
    // This attempt's own answer went out: its notice is its own to deliver. A failed publish
    // fails the invocation, and the retry delivers it from the outbox.
    else if (sent === "answered")
      await deliver(reply.ref, outbox.key, outbox.notice, { notifier: deps.notifier, store: deps.history });
    // Answered by an earlier attempt that died: its notice may still wait in the outbox.
    else await drainPending(reply, deps);
  }
  return { jobId, status: sent, answer, mode, afterFault: sent === "answered" && reply.afterFault === true };
}

/** The table is in trouble: publish once, never fail the invocation for it (nothing would retry it usefully). */
async function bestEffort(
  jobId: string,
  ref: NonNullable<Reply["ref"]>,
  outbox: OutboxNotice,
  recorded: boolean,
  deps: PipelineJobDeps,
): Promise<void> {
  try {
    await deps.notifier.publish(outbox.notice);
    if (recorded) await deps.history.delivered(ref, outbox.key);
  } catch (error) {
    deps.log.error(recorded ? "pipeline notice left in the outbox" : "pipeline notice not sent", {
      jobId,
      error: (error as Error).message,
    });
  }
}

/** Delivers what the service's outbox still holds, past the grace left to the attempts that wrote it. */
async function drainPending(reply: Reply, deps: PipelineJobDeps): Promise<void> {
  if (!reply.ref || !reply.notice) return;
  const history = await deps.history.loadHistory(reply.ref);
  await drainOutbox(reply.ref, history.state?.outbox, deps.clock.now(), {
    notifier: deps.notifier,
    store: deps.history,
  });
}

/** The job's key in the ledger: its claim, and its notice in the service's outbox. */
export const noticeKey = (jobId: string) => `pipeline#${jobId}`;

/** The result as the service's timeline keeps it (type "pipeline"), once per job. */
export function timelineEntryOf(ref: NonNullable<Reply["ref"]>, e: PipelineResultEntry): TimelineEntry {
  const data = Object.fromEntries(
    Object.entries({ jobId: e.jobId, mode: e.mode, verdict: e.verdict, executionId: e.executionId, ...e.data }).filter(
      ([, v]) => v !== undefined,
    ),
  );
  return {
    ...ref,
    type: "pipeline",
    time: e.time,
    eventId: `pipeline-job-${e.jobId}`,
    summary: e.summary,
    deploymentId: e.deploymentId,
    eventName: `${e.mode}-${e.verdict}`,
    data,
  };
}

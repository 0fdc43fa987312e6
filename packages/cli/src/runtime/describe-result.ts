import { accountLabel } from "./demo-accounts.ts";
import type { JobResult } from "@ecs-guardrails/sim/endpoints/codepipeline";
import type { PublishedMessage } from "@ecs-guardrails/sim/endpoints/sns";
import type { ProcessResult } from "@ecs-guardrails/core/engine/process-event";
import type { DeadLetter } from "./invoker.ts";

// One readable line per processed event, decision and chat message, for the terminal.

export function eventLine(r: ProcessResult): string | undefined {
  const e = r.event;
  const status = r.outcome.status === "recorded" ? "" : `  (${r.outcome.status})`;
  const line = eventText(r, status);
  return line && e.kind !== "alarm" ? `${accountLabel(e)}${line}` : line;
}

function eventText(r: ProcessResult, status: string): string | undefined {
  const e = r.event;
  switch (e.kind) {
    case "task":
      if (!e.stop || e.lastStatus !== "STOPPED") return undefined;
      return `${e.cluster}/${e.service ?? "-"}  task ${e.taskId.slice(0, 8)} stopped: ${e.stop.class} (${e.stop.explanation})${status}`;
    case "deployment":
      return `${e.cluster}/${e.service}  ${e.eventName} ${e.deploymentId}${e.reason ? ` — ${e.reason}` : ""}${status}`;
    case "service-action":
      return `${e.cluster}/${e.service}  ${e.eventType} ${e.eventName}${e.reason ? ` ${e.reason}` : ""}${status}`;
    case "alarm":
      return `alarm ${e.alarmName} → ${e.state}${status}`;
    default:
      return undefined;
  }
}

/**
 * The demo's quiet story leaves out what only shows the machinery turning: task state changes,
 * INFO service events (steady state) and the verify step's repeated "continues" answers.
 * Decisions, notices, deployment stages, alarms and ECS's warnings and errors stay.
 */
export function inStory(r: ProcessResult): boolean {
  const e = r.event;
  return e.kind !== "task" && !(e.kind === "service-action" && e.eventType === "INFO");
}

export function jobResultInStory(result: JobResult): boolean {
  return result.outcome !== "success" || !result.continuationToken;
}

export function decisionLines(r: ProcessResult): string[] {
  return r.results
    .filter((d) => !d.duplicate)
    .map(
      (d) =>
        `${accountLabel(d.ref)}${d.ref.cluster}/${d.ref.service}  ▶ ${d.decision.policy} ${d.record.verdict.toUpperCase()}: ${d.decision.title} — ${d.decision.reason}${d.record.guard ? ` [${d.record.guard}]` : ""}`,
    );
}

/** A chat message as Slack or Teams would show it: title, then the description. */
export function chatLines(message: PublishedMessage): string[] {
  try {
    const body = JSON.parse(message.message) as { content?: { title?: string; description?: string } };
    return [
      `💬 ${body.content?.title ?? message.subject ?? ""}`,
      ...(body.content?.description ?? "")
        .split("\n")
        .filter(Boolean)
        .map((l) => `   ${l}`),
    ];
  } catch {
    return [`💬 ${message.subject ?? message.message.slice(0, 200)}`];
  }
}

export function clockLabel(startMs: number, nowMs: number): string {
  const s = Math.max(0, Math.round((nowMs - startMs) / 1000));
  const pad = (n: number) => String(n).padStart(2, "0");
  return `+${pad(Math.floor(s / 3600))}:${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}`;
}

/** A dead-lettered event: what it was, why it failed, where it is kept. */
export function deadLetterLine(letter: DeadLetter, file: string | undefined): string {
  const e = (letter.event ?? {}) as { "detail-type"?: unknown; id?: unknown; source?: unknown };
  const what =
    [e.source, e["detail-type"], e.id].filter((v) => typeof v === "string" && v !== "").join(" ") || "an event";
  const attempts = letter.attempts === 1 ? "1 attempt" : `${letter.attempts} attempts`;
  return `✖ dead letter: ${letter.function} gave up on ${what} after ${attempts} — ${letter.errorName}: ${letter.error}${file ? ` (kept in ${file})` : ""}`;
}

/** A message someone other than the guardrails published: credited to its client and topic. */
export function outsidePublishLines(message: PublishedMessage): string[] {
  const client = message.userAgent?.split(" ")[0] ?? "an unnamed client";
  const topic = message.topicArn.split(":").pop();
  return [
    `💬 published by ${client} (not the guardrails) to ${topic}: ${message.subject ?? message.message.split("\n")[0]!.slice(0, 200)}`,
  ];
}

export function jobResultLine(result: JobResult): string {
  return result.outcome === "success"
    ? `CodePipeline job ${result.jobId}: success${result.continuationToken ? " (continues)" : ""}`
    : `CodePipeline job ${result.jobId}: failure ${result.failureDetails.type} — ${result.failureDetails.message}`;
}

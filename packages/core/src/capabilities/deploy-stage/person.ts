import type { PersonCommand } from "../../engine/policy.ts";
import type { TimelineEntry } from "../../history/model.ts";
import { serviceKey } from "../../model/service-ref.ts";
import { DEPLOY_STAGE, withLetThrough } from "./let-through.ts";

// What a person may ask of the deploy stage from chat (docs/capabilities/chat-command.md): "Let
// this execution through" on a gate-blocked notice, with a reason. The override is the deploy
// stage's state, under one key per execution (`deploy-stage#let-through#<execution>`): two
// presses record it once. Refused when the notice is no blocked gate naming an execution, or
// when that execution moved on since (a later execution reached the gate, or this one is
// already past it). Pure.

const letThrough: PersonCommand = (ask) => {
  if (!ask.reason) return { refused: "let-through needs a reason: it is recorded with the override" };
  const gate = ask.entry && dataOf(ask.entry);
  const execution = gate?.["executionId"];
  if (gate?.["mode"] !== "gate" || gate["verdict"] !== "blocked" || typeof execution !== "string")
    return { refused: `no blocked gate was recorded under ${ask.key} for a pipeline execution` };
  const stale = movedOn(execution, ask.later ?? []);
  if (stale) return { refused: stale };
  const stored = ask.snapshot.state?.policies[DEPLOY_STAGE] as Record<string, unknown> | undefined;
  const at = ask.now.toISOString();
  return {
    decision: {
      policy: DEPLOY_STAGE,
      key: `${DEPLOY_STAGE}#let-through#${execution}`,
      action: undefined,
      severity: "warning",
      title: `Pipeline execution ${execution} let through the gate of ${serviceKey(ask.snapshot.ref)}`,
      reason: `${ask.by} let pipeline execution ${execution} through the gate: "${ask.reason}"`,
      threadId: ask.thread,
      deploymentId: undefined,
      facts: { execution, reason: ask.reason, job: String(gate["jobId"] ?? "") },
      nextSteps: ["Retry the stage (or wait for CodePipeline's retry): the gate lets this execution through"],
      state: { value: withLetThrough(stored, execution, { by: ask.by, reason: ask.reason, at }), attention: false },
      buttons: false,
    },
  };
};

/** Why the execution no longer needs (or may have) an override; undefined while it waits at the gate. */
function movedOn(execution: string, later: readonly TimelineEntry[]): string | undefined {
  for (const e of later) {
    const d = dataOf(e);
    if (e.type !== "pipeline") continue;
    if (d["mode"] === "gate" && d["executionId"] !== execution)
      return `execution ${execution} was superseded: execution ${String(d["executionId"] ?? "(unnamed)")} reached the gate since`;
    if (d["executionId"] === execution && (d["mode"] === "verify" || d["verdict"] !== "blocked"))
      return `execution ${execution} is already past the gate (${String(d["mode"])} ${String(d["verdict"])} at ${e.time})`;
  }
  return undefined;
}

const dataOf = (e: TimelineEntry) => (e.data ?? {}) as Record<string, unknown>;

export const deployStagePersonCommands = { "let-through": letThrough };

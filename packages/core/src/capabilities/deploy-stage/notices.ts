import type { ServiceRef } from "../../events/model.ts";
import { guardrailsNotice, type Notice, type Severity } from "../../notifications/notice.ts";
import type { GateDecision } from "./gate.ts";
import { placeText, serviceKey } from "../../model/service-ref.ts";
import { chatContext } from "../../notifications/chat-fields.ts";

// What people are told about the deploy stage: a gate that blocked (or would have), a verify
// that failed. A gate that passed and a verify that succeeded are in the history only.

function notice(
  ref: ServiceRef,
  severity: Severity,
  title: string,
  description: string,
  eventType: string,
  key: string,
  context: Record<string, string>,
  nextSteps: string[],
): Notice {
  return guardrailsNotice(ref, {
    severity,
    title,
    // A member's service: the account and Region lead the description (the subject names them too).
    description: placeText(ref) ? `**${ref.cluster}/${ref.service}**${placeText(ref)}: ${description}` : description,
    nextSteps,
    threadId: threadOf(ref, key, context["execution"]),
    eventType,
    dedupeKey: `pipeline#${key}`,
    keywords: ["codepipeline", eventType],
    context,
  });
}

const threadOf = (ref: ServiceRef, jobId: string, executionId: string | undefined) =>
  `${serviceKey(ref)}/pipeline/${executionId ?? jobId}`;

/**
 * A blocked gate of a named execution offers "Let this execution through" (person.ts): the
 * button's key is the gate's result in the timeline, which names the execution.
 */
const letThroughOffer = (ref: ServiceRef, jobId: string, executionId: string | undefined) =>
  executionId ? chatContext(ref, `pipeline-job-${jobId}`, threadOf(ref, jobId, executionId), "gate-blocked") : {};

export function gateNotice(
  ref: ServiceRef,
  gate: GateDecision,
  jobId: string,
  executionId: string | undefined,
): Notice | undefined {
  if (gate.verdict === "passed" && gate.historyEmpty) return emptyHistoryNotice(ref, gate, jobId, executionId);
  if (gate.verdict === "let-through") return letThroughNotice(ref, gate, jobId, executionId);
  if (gate.verdict !== "blocked" && gate.verdict !== "would-have-blocked") return undefined;
  const blocked = gate.verdict === "blocked";
  const title = blocked
    ? `Pipeline gate blocked a release of ${ref.cluster}/${ref.service}`
    : `Pipeline gate would have blocked a release of ${ref.cluster}/${ref.service} (observe mode)`;
  return notice(
    ref,
    blocked ? "warning" : "info",
    title,
    `${blocked ? "The gate failed the job" : "The gate let the release through, since pipeline.gate.mode is observe"}: ${gate.reason}.`,
    blocked ? "pipeline.gate.blocked" : "pipeline.gate.would-have-blocked",
    jobId,
    {
      job: jobId,
      ...(executionId ? { execution: executionId } : {}),
      reasons: gate.blockers.map((b) => b.reason).join(","),
      mode: blocked ? "enforce" : "observe",
      ...(blocked ? letThroughOffer(ref, jobId, executionId) : {}),
    },
    blocked
      ? ["Clear the reason (or wait for the freeze to end), then retry the stage"]
      : ["Set pipeline.gate.mode to enforce once the gate's verdicts look right"],
  );
}

/** A block a person overrode: said in the execution's thread, with who and why. */
function letThroughNotice(ref: ServiceRef, gate: GateDecision, jobId: string, executionId: string | undefined): Notice {
  return notice(
    ref,
    "warning",
    `Pipeline gate let a release of ${ref.cluster}/${ref.service} through, as a person asked`,
    `The gate passed the job: ${gate.reason}.`,
    "pipeline.gate.let-through",
    jobId,
    { job: jobId, ...(executionId ? { execution: executionId } : {}), letThroughBy: gate.letThrough?.by ?? "" },
    ["Watch the release: the gate's blockers still hold"],
  );
}

/** A pass that judged nothing from the history is said out loud, once per gate job. */
function emptyHistoryNotice(
  ref: ServiceRef,
  gate: GateDecision,
  jobId: string,
  executionId: string | undefined,
): Notice {
  return notice(
    ref,
    "info",
    `Pipeline gate passed a release of ${ref.cluster}/${ref.service} with an empty history`,
    `The gate let the release through: ${gate.reason}.`,
    "pipeline.gate.history-empty",
    jobId,
    { job: jobId, ...(executionId ? { execution: executionId } : {}), history: "empty" },
    ["Check that the ingest function receives the service's ECS events (guardrails history shows them)"],
  );
}

export function verifyNotice(
  ref: ServiceRef,
  message: string,
  jobId: string,
  executionId: string | undefined,
  deploymentId: string | undefined,
  source: string | undefined,
): Notice {
  return notice(
    ref,
    "warning",
    `Pipeline verify failed for ${ref.cluster}/${ref.service}`,
    `${message}.${source ? ` Released by ${source}.` : ""}`,
    "pipeline.verify.failed",
    jobId,
    {
      job: jobId,
      ...(executionId ? { execution: executionId } : {}),
      ...(deploymentId ? { deployment: deploymentId } : {}),
    },
    ["The pipeline execution failed at verify: fix the release and run the pipeline again"],
  );
}

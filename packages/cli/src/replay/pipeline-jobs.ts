import type { JobResult } from "@ecs-guardrails/sim/endpoints/codepipeline";
import type { PipelineJobResult } from "@ecs-guardrails/core/capabilities/deploy-stage/run-job";
import type { PipelineResultLine } from "./lines.ts";

// CodePipeline job events in a replayed stream (no EventBridge envelope: the Lambda invoke
// action's own event, with a `time` beside it to place it in the stream).

export function isPipelineJob(raw: unknown): raw is { "CodePipeline.job": Record<string, unknown> } {
  return (
    typeof raw === "object" && raw !== null && typeof (raw as Record<string, unknown>)["CodePipeline.job"] === "object"
  );
}

export function pipelineResultLine(
  jobId: string,
  at: string,
  result: PipelineJobResult | undefined,
  sent: JobResult | undefined,
  error: string | undefined,
): PipelineResultLine {
  const base = {
    type: "pipeline-result" as const,
    jobId,
    at,
    mode: result?.mode,
    status: result?.status ?? `not answered: ${error ?? "unknown"}`,
  };
  if (sent?.outcome === "success")
    return {
      ...base,
      outcome: "success",
      summary: String((sent.executionDetails as { summary?: unknown } | undefined)?.summary ?? ""),
      continues: Boolean(sent.continuationToken),
      ...(sent.outputVariables ? { outputVariables: sent.outputVariables } : {}),
    };
  if (sent?.outcome === "failure")
    return { ...base, outcome: "failure", failureType: sent.failureDetails.type, message: sent.failureDetails.message };
  return { ...base, outcome: "none" };
}

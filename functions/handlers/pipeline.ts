import { PIPELINE_FAULT_METRIC } from "@ecs-guardrails/core/capabilities/deploy-stage/metrics";
import { runPipelineJob, type PipelineJobDeps } from "@ecs-guardrails/core/capabilities/deploy-stage/run-job";

// CodePipeline's Lambda invoke action (gate before the deploy action, verify after it). The raw
// event is never logged — it carries live artifact credentials — so the logger's event logging
// is switched off (`logEvent: false`) and only the parsed job's id and answer are.
// An error escaping runPipelineJob is one sending the answer: Lambda retries the invocation and
// the retry replays the claimed answer.

// `count`: one metric count; an answer given after a fault of our own is alarmed on (docs/operations.md).

export function makePipelineHandler(deps: PipelineJobDeps, count: (metric: string) => void = () => undefined) {
  return async (raw: unknown) => {
    const result = await runPipelineJob(raw, deps);
    if (result.afterFault) count(PIPELINE_FAULT_METRIC);
    return result;
  };
}

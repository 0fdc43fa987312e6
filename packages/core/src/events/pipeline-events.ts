import * as z from "../zod.ts";
import { envelopeOf, eventFields, once } from "./envelope.ts";

// CodePipeline's execution events, built on the first one a container receives (envelope.ts once).
function schemas() {
  const { isoTime, nonEmpty } = eventFields();
  const text = z.optional(z.string());
  const anyObject = z.optional(z.looseObject({}));

  // `detail.version` is the pipeline *structure* version, printed as a float ("1.0"): a number,
  // never a sequence to order or de-duplicate by (docs/design/aws-facts.md#codepipeline).
  const executionDetail = {
    pipeline: nonEmpty,
    "execution-id": nonEmpty,
    state: nonEmpty,
    version: z.optional(z.number()),
    "start-time": z.optional(isoTime),
    "pipeline-execution-attempt": z.optional(z.number()),
    "execution-trigger": anyObject,
  };

  const pipelineExecutionDetail = z.looseObject(executionDetail);
  const stageExecutionDetail = z.looseObject({ ...executionDetail, stage: nonEmpty });
  const actionExecutionDetail = z.looseObject({
    ...executionDetail,
    stage: nonEmpty,
    action: nonEmpty,
    "action-execution-id": text,
    type: z.optional(z.looseObject({ category: text, provider: text })),
    "execution-result": anyObject,
  });

  return {
    pipelineExecutionStateChange: envelopeOf("CodePipeline Pipeline Execution State Change", pipelineExecutionDetail),
    stageExecutionStateChange: envelopeOf("CodePipeline Stage Execution State Change", stageExecutionDetail),
    actionExecutionStateChange: envelopeOf("CodePipeline Action Execution State Change", actionExecutionDetail),
  };
}

export const pipelineEventSchemas = once(schemas);

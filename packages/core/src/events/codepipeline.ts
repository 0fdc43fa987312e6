import { z } from "zod";
import { envelopeOf, isoTime } from "./envelope.ts";

// `detail.version` is the pipeline *structure* version, printed as a float ("1.0"): a number,
// never a sequence to order or de-duplicate by (reference §5).
const executionDetail = {
  pipeline: z.string().min(1),
  "execution-id": z.string().min(1),
  state: z.string().min(1),
  version: z.number().optional(),
  "start-time": isoTime.optional(),
  "pipeline-execution-attempt": z.number().optional(),
  "execution-trigger": z.looseObject({}).optional(),
};

export const pipelineExecutionDetail = z.looseObject(executionDetail);
export const stageExecutionDetail = z.looseObject({ ...executionDetail, stage: z.string().min(1) });
export const actionExecutionDetail = z.looseObject({
  ...executionDetail,
  stage: z.string().min(1),
  action: z.string().min(1),
  "action-execution-id": z.string().optional(),
  type: z.looseObject({ category: z.string().optional(), provider: z.string().optional() }).optional(),
  "execution-result": z.looseObject({}).optional(),
});

export const pipelineExecutionStateChange = envelopeOf("CodePipeline Pipeline Execution State Change", pipelineExecutionDetail);
export const stageExecutionStateChange = envelopeOf("CodePipeline Stage Execution State Change", stageExecutionDetail);
export const actionExecutionStateChange = envelopeOf("CodePipeline Action Execution State Change", actionExecutionDetail);

const artifact = z.looseObject({
  name: z.string(),
  revision: z.string().nullable().optional(),
  location: z.looseObject({
    type: z.string(),
    s3Location: z.looseObject({ bucketName: z.string(), objectKey: z.string() }).optional(),
  }),
});

/**
 * The Lambda invoke action's event: not an EventBridge envelope. `artifactCredentials` are live
 * STS credentials, so the parsed job never keeps them (see toPipelineJob) and nothing logs the raw event.
 */
export const codePipelineJobEvent = z.looseObject({
  "CodePipeline.job": z.looseObject({
    id: z.string().min(1),
    accountId: z.string().min(1),
    data: z.looseObject({
      actionConfiguration: z.looseObject({
        configuration: z.looseObject({
          FunctionName: z.string().min(1),
          UserParameters: z.string().optional(),
        }),
      }),
      inputArtifacts: z.array(artifact),
      outputArtifacts: z.array(artifact),
      artifactCredentials: z.looseObject({}).optional(),
      encryptionKey: z.looseObject({ id: z.string(), type: z.string() }).optional(),
      continuationToken: z.string().optional(),
    }),
  }),
});
export type CodePipelineJobEvent = z.infer<typeof codePipelineJobEvent>;

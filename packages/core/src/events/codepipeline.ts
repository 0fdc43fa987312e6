import * as z from "../zod.ts";
import { envelopeOf, isoTime, nonEmpty } from "./envelope.ts";

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

export const pipelineExecutionDetail = z.looseObject(executionDetail);
export const stageExecutionDetail = z.looseObject({ ...executionDetail, stage: nonEmpty });
export const actionExecutionDetail = z.looseObject({
  ...executionDetail,
  stage: nonEmpty,
  action: nonEmpty,
  "action-execution-id": text,
  type: z.optional(z.looseObject({ category: text, provider: text })),
  "execution-result": anyObject,
});

export const pipelineExecutionStateChange = envelopeOf(
  "CodePipeline Pipeline Execution State Change",
  pipelineExecutionDetail,
);
export const stageExecutionStateChange = envelopeOf("CodePipeline Stage Execution State Change", stageExecutionDetail);
export const actionExecutionStateChange = envelopeOf(
  "CodePipeline Action Execution State Change",
  actionExecutionDetail,
);

const artifact = z.looseObject({
  name: z.string(),
  revision: z.optional(z.nullable(z.string())),
  location: z.looseObject({
    type: z.string(),
    s3Location: z.optional(z.looseObject({ bucketName: z.string(), objectKey: z.string() })),
  }),
});

/**
 * The Lambda invoke action's event: not an EventBridge envelope. `artifactCredentials` are live
 * STS credentials, so the parsed job never keeps them (see toPipelineJob) and nothing logs the raw event.
 */
export const codePipelineJobEvent = z.looseObject({
  "CodePipeline.job": z.looseObject({
    id: nonEmpty,
    accountId: nonEmpty,
    data: z.looseObject({
      actionConfiguration: z.looseObject({
        configuration: z.looseObject({
          FunctionName: nonEmpty,
          UserParameters: text,
        }),
      }),
      inputArtifacts: z.array(artifact),
      outputArtifacts: z.array(artifact),
      artifactCredentials: anyObject,
      encryptionKey: z.optional(z.looseObject({ id: z.string(), type: z.string() })),
      continuationToken: text,
    }),
  }),
});
export type CodePipelineJobEvent = z.infer<typeof codePipelineJobEvent>;

/** What started a pipeline execution (`execution-trigger`), as far as CodePipeline tells. */
export type PipelineTrigger = {
  type: string | undefined;
  commitId: string | undefined;
  branch: string | undefined;
  tag: string | undefined;
  repository: string | undefined;
};

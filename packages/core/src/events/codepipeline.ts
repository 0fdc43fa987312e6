import * as z from "../zod.ts";
import { eventFields } from "./envelope.ts";

// The deploy stage's job event (the pipeline function's). The execution events the ingest
// records are read with pipeline-events.ts, built on the first one.

const { nonEmpty } = eventFields();
const text = z.optional(z.string());
const anyObject = z.optional(z.looseObject({}));

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

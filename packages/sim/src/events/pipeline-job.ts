import { createHash } from "node:crypto";

// CodePipeline's Lambda invoke job event, field for field as in the documented sample
// (test/fixtures/aws-events/codepipeline-job-lambda-invoke-with-output-artifact.json), for the
// local pipeline runner, the demo and replay. The artifact credentials are placeholders shaped
// like STS keys: the function must never log them, and the tests look for them in every line.

export const LOCAL_ARTIFACT_CREDENTIALS = {
  accessKeyId: "ASIALOCALARTIFACTKEY1",
  secretAccessKey: "local-artifact-secret-never-logged",
  sessionToken: "local-artifact-session-token-never-logged",
  expirationTime: 1575493418000,
} as const;

/** A CodePipeline-shaped job id (lower-case hex 8-4-4-4-12), derived from the seed. */
export function jobIdOf(...seed: unknown[]): string {
  const h = createHash("sha256").update(JSON.stringify(seed)).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

export type JobSpec = {
  jobId: string;
  userParameters: unknown;
  continuationToken?: string | undefined;
  functionName?: string;
  revision?: string;
  account?: string;
};

export function pipelineJobEvent(spec: JobSpec) {
  const account = spec.account ?? "111122223333";
  return {
    "CodePipeline.job": {
      id: spec.jobId,
      accountId: account,
      data: {
        actionConfiguration: {
          configuration: {
            FunctionName: spec.functionName ?? "ecs-guardrails-pipeline",
            UserParameters:
              typeof spec.userParameters === "string" ? spec.userParameters : JSON.stringify(spec.userParameters),
          },
        },
        inputArtifacts: [
          {
            name: "SourceArtifact",
            revision: spec.revision ?? null,
            location: {
              type: "S3",
              s3Location: { bucketName: `us-east-1-${account}-pipeline`, objectKey: "pipeline/SourceArti/local" },
            },
          },
        ],
        outputArtifacts: [],
        artifactCredentials: { ...LOCAL_ARTIFACT_CREDENTIALS },
        ...(spec.continuationToken ? { continuationToken: spec.continuationToken } : {}),
      },
    },
  };
}

export type ExecutionSpec = {
  pipeline: string;
  executionId: string;
  state: string;
  time: string;
  commitId?: string;
  branch?: string;
  account?: string;
  region?: string;
};

/** A "CodePipeline Pipeline Execution State Change" as in the samples, with a source-commit trigger. */
export function pipelineExecutionEvent(spec: ExecutionSpec) {
  const account = spec.account ?? "111122223333";
  const region = spec.region ?? "us-east-1";
  return {
    version: "0",
    id: jobIdOf("pipeline-event", spec.executionId, spec.state, spec.time),
    "detail-type": "CodePipeline Pipeline Execution State Change",
    source: "aws.codepipeline",
    account,
    time: spec.time,
    region,
    resources: [`arn:aws:codepipeline:${region}:${account}:${spec.pipeline}`],
    detail: {
      pipeline: spec.pipeline,
      "execution-id": spec.executionId,
      "start-time": spec.time,
      "execution-trigger": {
        "trigger-type": "CodeStarSourceConnection",
        ...(spec.commitId ? { "commit-id": spec.commitId } : {}),
        ...(spec.branch ? { "branch-name": spec.branch } : {}),
      },
      state: spec.state,
      version: 1.0,
      "pipeline-execution-attempt": 1.0,
    },
  };
}

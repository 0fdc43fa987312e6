import type { JsonService } from "./json-service.ts";
import { requiredString, validation } from "./json-service.ts";
import { AwsError, JSON_1_1 } from "./protocol.ts";

// CodePipeline's job-result calls (JSON 1.1, target prefix CodePipeline_20150709): what a Lambda
// invoke action must call before it times out. Results are captured; a job answers once, so a
// second result for the same job id is InvalidJobStateException, as in CodePipeline.

export type JobResult =
  | {
      jobId: string;
      outcome: "success";
      continuationToken: string | undefined;
      outputVariables: Record<string, string> | undefined;
      executionDetails: unknown;
      currentRevision: unknown;
      at: string;
    }
  | {
      jobId: string;
      outcome: "failure";
      failureDetails: { type: string; message: string; externalExecutionId?: string };
      at: string;
    };

export type JobResultIntake = { now: () => number; deliver: (result: JobResult) => Promise<void> };

const JOB_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const FAILURE_TYPES = [
  "JobFailed",
  "ConfigurationError",
  "PermissionError",
  "RevisionOutOfSync",
  "RevisionUnavailable",
  "SystemUnavailable",
];

export function codePipelineService(intake: JobResultIntake): JsonService {
  const answered = new Set<string>();
  const record = async (result: JobResult) => {
    if (answered.has(result.jobId))
      throw new AwsError("InvalidJobStateException", `Job ${result.jobId} has already been completed.`);
    answered.add(result.jobId);
    await intake.deliver(result);
    return {};
  };
  return {
    name: "CodePipeline",
    targetPrefix: "CodePipeline_20150709",
    contentType: JSON_1_1,
    operations: {
      PutJobSuccessResult: (input) => {
        const jobId = jobIdOf(input);
        const token = input.continuationToken;
        if (token !== undefined && (typeof token !== "string" || token.length < 1 || token.length > 2048))
          throw validation("continuationToken must be 1-2048 characters.");
        if (token !== undefined && input.outputVariables !== undefined)
          throw validation("outputVariables can be included only when there is no continuation token on the request.");
        const at = new Date(intake.now()).toISOString();
        return record({
          jobId,
          outcome: "success",
          continuationToken: token as string | undefined,
          outputVariables: input.outputVariables as Record<string, string> | undefined,
          executionDetails: input.executionDetails,
          currentRevision: input.currentRevision,
          at,
        });
      },
      PutJobFailureResult: (input) => {
        const jobId = jobIdOf(input);
        const details = input.failureDetails as
          | { type?: unknown; message?: unknown; externalExecutionId?: unknown }
          | undefined;
        if (!details || typeof details.type !== "string" || !FAILURE_TYPES.includes(details.type))
          throw validation(`failureDetails.type must be one of ${FAILURE_TYPES.join(", ")}.`);
        if (typeof details.message !== "string" || details.message.length < 1 || details.message.length > 5000)
          throw validation("failureDetails.message must be 1-5000 characters.");
        const failureDetails = {
          type: details.type,
          message: details.message,
          ...(typeof details.externalExecutionId === "string"
            ? { externalExecutionId: details.externalExecutionId }
            : {}),
        };
        return record({ jobId, outcome: "failure", failureDetails, at: new Date(intake.now()).toISOString() });
      },
    },
  };
}

function jobIdOf(input: Record<string, unknown>): string {
  const jobId = requiredString(input, "jobId");
  if (!JOB_ID.test(jobId))
    throw validation(
      `1 validation error detected: Value '${jobId}' at 'jobId' failed to satisfy constraint: Member must satisfy regular expression pattern: [0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`,
    );
  return jobId;
}

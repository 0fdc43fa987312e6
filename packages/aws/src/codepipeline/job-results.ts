import {
  type CodePipelineClient,
  InvalidJobStateException,
  PutJobFailureResultCommand,
  PutJobSuccessResultCommand,
  type PutJobSuccessResultCommandInput,
} from "@aws-sdk/client-codepipeline";
import type { JobAnswer } from "@ecs-guardrails/core/capabilities/deploy-stage/answer";
import type { JobResults } from "@ecs-guardrails/core/capabilities/deploy-stage/ports";
import { AwsAdapterError } from "../errors.ts";

/**
 * PutJobSuccessResult / PutJobFailureResult. InvalidJobStateException means the job is no longer
 * waiting for an answer (an earlier attempt got through, or the job timed out): not an error.
 * Anything else is thrown, so Lambda retries the invocation and it replays its claimed answer.
 */
export class CodePipelineJobResults implements JobResults {
  private readonly client: CodePipelineClient;

  constructor(client: CodePipelineClient) {
    this.client = client;
  }

  async send(jobId: string, answer: JobAnswer): Promise<"answered" | "already-answered"> {
    try {
      if (answer.outcome === "failure")
        await this.client.send(
          new PutJobFailureResultCommand({ jobId, failureDetails: { type: answer.type, message: answer.message } }),
        );
      else await this.client.send(new PutJobSuccessResultCommand(successInput(jobId, answer)));
      return "answered";
    } catch (error) {
      if (error instanceof InvalidJobStateException || (error as Error).name === "InvalidJobStateException")
        return "already-answered";
      throw new AwsAdapterError(
        `CodePipeline ${answer.outcome === "success" ? "PutJobSuccessResult" : "PutJobFailureResult"} failed for job ${jobId}: ${(error as Error).name}: ${(error as Error).message}`,
        { jobId },
        { cause: error },
      );
    }
  }
}

function successInput(
  jobId: string,
  answer: Extract<JobAnswer, { outcome: "success" }>,
): PutJobSuccessResultCommandInput {
  return {
    jobId,
    executionDetails: {
      summary: answer.summary,
      ...(answer.percentComplete !== undefined ? { percentComplete: answer.percentComplete } : {}),
    },
    ...(answer.continuationToken ? { continuationToken: answer.continuationToken } : {}),
    // CodePipeline accepts output variables only on a final answer (docs/design/aws-facts.md#codepipeline).
    ...(answer.outputVariables && !answer.continuationToken ? { outputVariables: answer.outputVariables } : {}),
  };
}

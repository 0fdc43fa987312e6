import type { PipelineEvent, ServiceRef } from "../events/model.ts";
import type { RecordOutcome } from "../history/model.ts";
import type { Notice } from "../notifications/notice.ts";
import type { JobAnswer } from "./answer.ts";
import type { DeploymentLink, PipelineExecution } from "./provenance.ts";
import type { Baseline } from "./verify.ts";

// The deploy stage's ports; adapters in packages/aws/src/codepipeline (and fakes in tests).

/** CodePipeline's PutJobSuccessResult / PutJobFailureResult. */
export interface JobResults {
  /** `already-answered`: CodePipeline says InvalidJobStateException (an earlier attempt got through). */
  send(jobId: string, answer: JobAnswer): Promise<"answered" | "already-answered">;
}

/**
 * A job's answer is decided once and claimed with the job id before it is sent: a retried or
 * duplicated invocation finds the claim and re-sends that same answer if it was not marked
 * sent (CodePipeline refuses a second answer), or does nothing if it was.
 */
export type JobClaim = { status: "claimed" } | { status: "claimed-before"; reply: Reply; answered: boolean };

/** A decided answer with what goes with it; stored with the claim so a retry replays exactly it. */
export type Reply = { answer: JobAnswer; ref?: ServiceRef | undefined; entry?: PipelineResultEntry | undefined; notice?: Notice | undefined };

/** One result of the deploy stage, in the service's timeline (type "pipeline"). */
export type PipelineResultEntry = {
  jobId: string;
  time: string;
  mode: "gate" | "verify";
  verdict: string;
  summary: string;
  executionId: string | undefined;
  deploymentId: string | undefined;
  data: Record<string, unknown>;
};

export interface PipelineStore {
  claimJob(jobId: string, reply: Reply, at: string): Promise<JobClaim>;
  markAnswered(jobId: string, at: string): Promise<void>;
  /** Idempotent per job id. */
  recordResult(ref: ServiceRef, entry: PipelineResultEntry): Promise<void>;
  /** What the gate saw, for the verify of the same execution (or, without one, the service's latest gate). */
  saveBaseline(ref: ServiceRef, executionId: string | undefined, baseline: Baseline): Promise<void>;
  baseline(ref: ServiceRef, executionId: string | undefined): Promise<Baseline | undefined>;
  linkDeployment(link: DeploymentLink): Promise<void>;
  deploymentLink(ref: ServiceRef, deploymentId: string): Promise<DeploymentLink | undefined>;
  /** Pipeline, stage and action execution events, by execution; a redelivery is a duplicate. */
  recordExecutionEvent(event: PipelineEvent): Promise<RecordOutcome>;
  execution(executionId: string): Promise<PipelineExecution | undefined>;
}

import type { PipelineEvent, ServiceRef } from "../../events/model.ts";
import type { RecordOutcome } from "../../history/model.ts";
import type { Notice } from "../../notifications/notice.ts";
import type { JobAnswer } from "./answer.ts";
import type { DeploymentLink, PipelineExecution } from "../../history/provenance.ts";
import type { Baseline } from "./verify.ts";
import type { ProvenanceStore } from "../../history/provenance.ts";

// The deploy stage's ports; adapters in packages/aws/src/codepipeline (and fakes in tests).

/** CodePipeline's PutJobSuccessResult / PutJobFailureResult. */
export interface JobResults {
  /** `already-answered`: CodePipeline says InvalidJobStateException (an earlier attempt got through). */
  send(jobId: string, answer: JobAnswer): Promise<"answered" | "already-answered">;
}

/**
 * A job id is claimed before anything is decided, and its answer stored with the claim before
 * it is sent: a retried or duplicated invocation finds the claim and re-sends that same answer
 * if it was not marked sent (CodePipeline refuses a second answer), or does nothing if it was.
 * A claim without a reply is an attempt that died (or is racing) before deciding: decide then.
 */
export type JobClaim = { status: "claimed" } | { status: "claimed-before"; reply: Reply | undefined; answered: boolean };

/** A notice written with the result into the service's outbox (the engine's), keyed `pipeline#<job id>`. */
export type OutboxNotice = { key: string; at: string; notice: Notice };

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

export interface PipelineStore extends ProvenanceStore {
  claimJob(jobId: string, at: string): Promise<JobClaim>;
  /** Stores the reply on the claim unless one is there already; returns the reply that stands. */
  saveReply(jobId: string, reply: Reply): Promise<Reply>;
  markAnswered(jobId: string, at: string): Promise<void>;
  /** Idempotent per job id: the entry, and its notice in the service's outbox, are written once, together. */
  recordResult(ref: ServiceRef, entry: PipelineResultEntry, notice?: OutboxNotice): Promise<void>;
  /**
   * What the gate saw, for the verify of the same execution (or, without one, the service's
   * latest gate). Once per execution: the first gate's view stands.
   */
  saveBaseline(ref: ServiceRef, executionId: string | undefined, baseline: Baseline): Promise<void>;
  baseline(ref: ServiceRef, executionId: string | undefined): Promise<Baseline | undefined>;
}

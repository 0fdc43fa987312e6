import type { ServiceRef } from "../../events/model.ts";
import type { Notice } from "../../notifications/notice.ts";
import type { OutboxEntry } from "../../engine/ledger.ts";
import type { JobAnswer } from "./answer.ts";
import type { ProvenanceStore } from "../../history/provenance.ts";
import type { Baseline } from "./verify.ts";

// The deploy stage's ports; adapters in packages/aws/src/codepipeline (and fakes in tests).

/** CodePipeline's PutJobSuccessResult / PutJobFailureResult. */
export interface JobResults {
  /** `already-answered`: CodePipeline says InvalidJobStateException (an earlier attempt got through). */
  send(jobId: string, answer: JobAnswer): Promise<"answered" | "already-answered">;
}

/** A notice written with the result into the service's outbox (the ledger's), keyed `pipeline#<job id>`. */
export type OutboxNotice = OutboxEntry;

/**
 * A decided answer with what goes with it: the intent of the job's claim in the ledger
 * (engine/ledger.ts), stored before it is sent so a retry replays exactly it.
 */
export type Reply = {
  answer: JobAnswer;
  ref?: ServiceRef | undefined;
  entry?: PipelineResultEntry | undefined;
  notice?: Notice | undefined;
  /** Answered after a fault of the guardrails' own (gate unchecked, verify looking again): counted for an alarm. */
  afterFault?: true;
};

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

/**
 * What the deploy stage keeps besides its answers (those go through the ledger): the gate's
 * baseline per execution, provenance links, and the pipelines' execution events.
 */
export interface PipelineStore extends ProvenanceStore {
  /**
   * What the gate saw, for the verify of the same execution (or, without one, the service's
   * latest gate). Once per execution: the first gate's view stands.
   */
  saveBaseline(ref: ServiceRef, executionId: string | undefined, baseline: Baseline): Promise<void>;
  baseline(ref: ServiceRef, executionId: string | undefined): Promise<Baseline | undefined>;
}

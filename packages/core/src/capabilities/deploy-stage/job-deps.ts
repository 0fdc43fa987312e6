import type { GuardrailsConfig } from "../../config/schema.ts";
import type { Notifier } from "../../notifications/notice.ts";
import type { Clock, DecisionStore, HistoryReader, ServiceGateway } from "../../engine/ports.ts";
import type { Ledger } from "../../engine/ledger.ts";
import type { JobAnswer } from "./answer.ts";
import type { JobResults, PipelineStore } from "./ports.ts";
import type { Home, Place } from "../../model/service-ref.ts";

// What the deploy stage's use case runs with, and what it returns (run-job.ts).

export type PipelineJobDeps = {
  config: GuardrailsConfig;
  results: JobResults;
  store: PipelineStore;
  /** The engine's ledger (the job's claim, its reply as the intent, the result with its notice in the outbox) and the history. */
  history: Ledger & Pick<DecisionStore, "loadHistory">;
  failures: Pick<HistoryReader, "deploymentFailures">;
  ecs: Pick<ServiceGateway, "describeService">;
  /** The account and Region the function runs in: a service ARN naming another is a member's (place.ts). */
  home?: Home | undefined;
  /** A member's ECS, read as the member's role (functions/lib/members.ts); absent: no member can be read. */
  forPlace?: ((place: Place) => Promise<{ ecs: Pick<ServiceGateway, "describeService"> }>) | undefined;
  notifier: Notifier;
  clock: Clock;
  /** Never given the raw event: it carries live artifact credentials. */
  log: {
    info(message: string, extra?: Record<string, unknown>): void;
    error(message: string, extra?: Record<string, unknown>): void;
  };
};

/** What this invocation did: answered, found the job answered already (duplicate), or could not answer (no job id). */
export type PipelineJobResult = {
  jobId: string | undefined;
  status: "answered" | "already-answered" | "duplicate" | "unanswerable";
  answer: JobAnswer | undefined;
  mode: string | undefined;
  /** This invocation sent an answer given after a fault of the guardrails' own (the alarm's count). */
  afterFault?: boolean;
};

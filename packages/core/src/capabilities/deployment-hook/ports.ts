import type { GuardrailsConfig } from "../../config/schema.ts";
import type { ServiceRef } from "../../events/model.ts";
import type { Notifier } from "../../notifications/notice.ts";
import type { Clock, DecisionStore, ServiceGateway } from "../../engine/ports.ts";
import type { HookStatus } from "./decide.ts";
import type { HookRevisions } from "./identity.ts";
import type { Home, Place } from "../../model/service-ref.ts";

// What the hook reads and writes: the engine's own ports (the history and the ledger through
// the decision store, ECS through the service gateway, the notifier), plus the log of its
// answers, written once each through the same ledger (answer-log.ts).

/** One answer as the service's timeline keeps it. */
export type HookAnswerEntry = {
  time: string;
  executionId: string;
  /** The n-th answer of the execution: with the execution id, the entry's identity. */
  answer: number;
  stage: string;
  deploymentId: string | undefined;
  hookStatus: HookStatus;
  /** What enforce mode would have answered. */
  verdict: HookStatus;
  rule: string;
  mode: string;
  reason: string;
  callBackDelay: number | undefined;
};

/** Built on the ledger by hookAnswerLog (answer-log.ts); a port of its own so a test can fault it alone. */
export interface HookAnswerLog {
  /** Appends the answer to the service's timeline; a repeat of the same entry is kept once. */
  recordAnswer(ref: ServiceRef, entry: HookAnswerEntry): Promise<void>;
}

export type HookDeps = {
  config: GuardrailsConfig;
  store: Pick<DecisionStore, "loadHistory" | "complete" | "delivered">;
  ecs: Pick<ServiceGateway, "describeService">;
  /** ECS's service deployments and revisions: which ecs-svc deployment the invocation is about (identity.ts). */
  revisions: HookRevisions;
  answers: HookAnswerLog;
  notifier: Notifier;
  clock: Clock;
  /** The account and Region the hook runs in: a service ARN naming another is a member's. */
  home?: Home | undefined;
  /** A member's ECS, read as the member's role (functions/lib/members.ts). */
  forPlace?: ((place: Place) => Promise<HookEcs>) | undefined;
};

/** What the hook reads of ECS: home's through the function's own role, a member's through the member role. */
export type HookEcs = Pick<HookDeps, "ecs" | "revisions">;

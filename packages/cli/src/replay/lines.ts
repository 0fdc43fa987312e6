import { actionFields, evidenceOf } from "@ecs-guardrails/core/registry";
import { caveatOf } from "@ecs-guardrails/core/history/observe-evidence";
import type { EngineResult } from "@ecs-guardrails/core/engine/run";
import { placeOf } from "@ecs-guardrails/core/model/service-ref";
import type { PublishedMessage } from "@ecs-guardrails/sim/endpoints/sns";

// The JSON lines `guardrails replay --json` prints. Outside checks rely on these shapes.

export type ActionLine = {
  type: "action";
  policy: string;
  action: string;
  mode: string;
  verdict: string;
  /** A member account's service (a stream of several accounts): its account and Region. */
  account?: string;
  region?: string;
  cluster: string;
  service: string;
  at: string;
  reason: string;
  taskDefinition?: string;
  fromTaskDefinition?: string;
  capacityProviderStrategy?: unknown;
  previousStrategy?: unknown;
  desiredCount?: number;
  minCapacity?: number;
  maxCapacity?: number;
  /** Where observe may not predict enforce on this line, and why (docs/observe-to-enforce.md). */
  caveat?: string;
};
export type NotificationLine = {
  type: "notification";
  severity: string;
  title: string;
  account?: string;
  region?: string;
  cluster: string;
  service: string;
  policy: string;
};
export type RejectedLine = { type: "rejected"; index: number; error: string; file?: string };
/** A service built from the events (no state given for it), with what the events could not tell. */
export type InferredLine = {
  type: "inferred";
  account?: string;
  region?: string;
  cluster: string;
  service: string;
  taskDefinition: string;
  desiredCount: number;
  capacityProviderStrategy: unknown;
  deployments: { id: string; taskDefinition: string; status?: string | undefined; rolloutState?: string | undefined }[];
  unknown: string[];
};
export type SummaryLine = {
  type: "summary";
  /** A stream of several accounts: the hub's own (every line then names its account and Region). */
  home?: { account: string; region: string };
  events: number;
  duplicates: number;
  rejected: number;
  actions: number;
  notifications: number;
};
/** A CodePipeline job in the stream, answered by the pipeline function (gate or verify). */
export type PipelineResultLine = {
  type: "pipeline-result";
  jobId: string;
  at: string;
  mode: string | undefined;
  outcome: "success" | "failure" | "none";
  status: string;
  summary?: string;
  continues?: boolean;
  outputVariables?: Record<string, string>;
  failureType?: string;
  message?: string;
};
/** A deployment lifecycle-hook invocation of the scenario and the hook's answer to it. */
export type HookAnswerLine = {
  type: "hook-answer";
  index: number;
  file?: string;
  at: string;
  cluster: string;
  service: string;
  stage: string;
  hookStatus: string;
  callBackDelay?: number;
  verdict: string;
  mode: string;
  reason: string;
};
export type ReplayLine =
  | ActionLine
  | NotificationLine
  | RejectedLine
  | InferredLine
  | SummaryLine
  | HookAnswerLine
  | PipelineResultLine;

export function actionLine(r: EngineResult): ActionLine | undefined {
  const action = r.decision.action;
  if (!action) return undefined;
  const base = {
    type: "action" as const,
    policy: r.decision.policy,
    action: action.type,
    mode: r.record.mode,
    verdict: r.record.verdict,
    ...placeOf(r.ref),
    cluster: r.ref.cluster,
    service: r.ref.service,
    at: r.record.time,
    reason: r.decision.reason,
  };
  // Where observe may not predict enforce: why enforce's guard would block it, what observe cannot know.
  const caveat =
    r.record.mode === "enforce"
      ? undefined
      : caveatOf({ key: r.record.key, action, verdict: r.record.verdict, guard: r.record.guard }, evidenceOf(action));
  // The action's own fields, as its capability presents them (registry.ts).
  return { ...base, ...actionFields(action), ...(caveat ? { caveat } : {}) } as ActionLine;
}

export function notificationLine(message: PublishedMessage): NotificationLine {
  const attr = (name: string) => message.messageAttributes[name]?.StringValue ?? "";
  let title = message.subject ?? "";
  try {
    title = (JSON.parse(message.message) as { content?: { title?: string } }).content?.title ?? title;
  } catch {
    // A message that is not the chat format still counts; its subject stands in for the title.
  }
  // Scripts get the title without the chat's severity emoji (":rotating_light: …").
  title = title.replace(/^:[a-z_]+:\s*/, "");
  const account = attr("account");
  const region = attr("region");
  return {
    type: "notification",
    severity: attr("severity"),
    title,
    ...(account ? { account, ...(region ? { region } : {}) } : {}),
    cluster: attr("cluster"),
    service: attr("service"),
    policy: attr("policy"),
  };
}

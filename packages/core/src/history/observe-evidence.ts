import type { Action } from "../model/decision.ts";
import type { ServiceRef } from "../model/service-ref.ts";
import type { DeploymentRecord, TimelineEntry } from "./model.ts";

// The evidence to switch a service to enforce (docs/observe-to-enforce.md): for each action
// observe would have taken in the report's period, what happened next and whether observe was
// right. Each capability reads "what happened next" for its own actions (its presentation's
// `evidence`, registry.ts); this file only gathers the observed decisions and says, honestly,
// where observe cannot know. Pure.

export type EvidenceVerdict = "agreed" | "observe would have been wrong" | "unknown";

/** One observed decision with an action, as the history recorded it. */
export type ObservedAction = {
  key: string;
  policy: string;
  at: string;
  action: Action;
  title: string;
  reason: string;
  facts: Record<string, string>;
  /** "observed", or "blocked": enforce's guard would have blocked it (the caveat says which). */
  verdict: string;
  guard: string | undefined;
  caveat: string | undefined;
};

/** What the history shows after the observed decisions: the service's decisions and deployments. */
export type Afterwards = {
  decisions: readonly ObservedAction[];
  deployments: readonly DeploymentRecord[];
  /** The end of the report's period. */
  now: string;
  /** What one of the service's tasks costs per hour on on-demand Fargate, when known (savings in $). */
  taskHourPrice?: number | undefined;
};

/** What happened next, in words, and what it says of observe. */
export type Followed = { next: string; verdict: EvidenceVerdict };

/**
 * A capability's reading of one of its observed actions: what followed it (`next`), and where
 * observe cannot know what enforce would have seen (`cannotKnow`: why, in words).
 */
export type EvidenceOf = {
  next(observed: ObservedAction, afterwards: Afterwards): Followed;
  cannotKnow?(observed: Pick<ObservedAction, "key" | "action">): string | undefined;
};

/** The caveat of an observed line where observe cannot know what enforce would have seen. */
export const CANNOT_KNOW = "observe cannot know: ";

/** An observed line's caveat: why enforce's guard would have blocked it, or what observe cannot know. */
export function caveatOf(
  observed: Pick<ObservedAction, "key" | "action"> & { verdict: string; guard?: string | undefined },
  evidence: EvidenceOf | undefined,
): string | undefined {
  if (observed.verdict === "blocked") return observed.guard;
  const why = observed.verdict === "observed" ? evidence?.cannotKnow?.(observed) : undefined;
  return why ? `${CANNOT_KNOW}${why}` : undefined;
}

export type EvidenceLine = {
  at: string;
  policy: string;
  action: string;
  wouldHave: string;
  next: string;
  verdict: EvidenceVerdict;
  caveat?: string;
};

export type ServiceEvidence = ServiceRef & {
  since: string;
  lines: EvidenceLine[];
  counts: Record<EvidenceVerdict, number>;
};

export type EvidenceInput = {
  ref: ServiceRef;
  since: string;
  now: string;
  /** The service's timeline over the period and after it (any order). */
  timeline: readonly TimelineEntry[];
  deployments: readonly DeploymentRecord[];
  taskHourPrice?: number | undefined;
};

export function observeEvidence(
  input: EvidenceInput,
  evidenceOf: (action: Action) => EvidenceOf | undefined,
): ServiceEvidence {
  const decisions = input.timeline
    .flatMap((e) => observedAction(e) ?? [])
    .sort((a, b) => a.at.localeCompare(b.at) || a.key.localeCompare(b.key));
  const afterwards: Afterwards = {
    decisions,
    deployments: input.deployments,
    now: input.now,
    ...(input.taskHourPrice !== undefined ? { taskHourPrice: input.taskHourPrice } : {}),
  };
  const lines = decisions
    .filter((d) => d.key.endsWith("@observe") && d.at >= input.since && d.at <= input.now)
    .map((d) => line({ ...d, caveat: caveatOf(d, evidenceOf(d.action)) }, afterwards, evidenceOf(d.action)));
  const counts = { agreed: 0, "observe would have been wrong": 0, unknown: 0 };
  for (const l of lines) counts[l.verdict] += 1;
  return { ...input.ref, since: input.since, lines, counts };
}

function line(d: ObservedAction, afterwards: Afterwards, evidence: EvidenceOf | undefined): EvidenceLine {
  const followed = evidence?.next(d, afterwards) ?? { next: "nothing the guardrails can tell", verdict: "unknown" };
  // A line observe cannot judge is never counted as agreed or wrong: it says why instead.
  const verdict = d.caveat?.startsWith(CANNOT_KNOW) ? "unknown" : followed.verdict;
  return {
    at: d.at,
    policy: d.policy,
    action: d.action.type,
    wouldHave: d.verdict === "blocked" ? `${d.title} (enforce's guard would have blocked it)` : d.title,
    next: followed.next,
    verdict,
    ...(d.caveat ? { caveat: d.caveat } : {}),
  };
}

/** A decision entry with an action, observed or decided in any mode (what followed may be enforce's). */
function observedAction(e: TimelineEntry): ObservedAction | undefined {
  const data = e.data ?? {};
  const action = data["action"] as Action | undefined;
  if (e.type !== "decision" || !action || typeof action.type !== "string") return undefined;
  const facts = (data["facts"] as Record<string, string> | undefined) ?? {};
  return {
    key: e.eventId,
    policy: String(data["policy"] ?? ""),
    at: e.time,
    action,
    title: e.summary.replace(/^\S+ \S+: /, ""),
    reason: e.reason ?? "",
    facts,
    verdict: String(data["verdict"] ?? ""),
    guard: data["guard"] as string | undefined,
    caveat: undefined,
  };
}

/** Minutes between two times, rounded, in words ("20 minutes", "3.5 hours"). */
export function elapsed(from: string, to: string): string {
  const minutes = Math.round((Date.parse(to) - Date.parse(from)) / 60_000);
  return minutes < 120 ? `${minutes} minutes` : `${(minutes / 60).toFixed(1)} hours`;
}

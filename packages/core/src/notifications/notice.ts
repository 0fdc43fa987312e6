export const SEVERITIES = ["info", "warning", "critical"] as const;
export type Severity = (typeof SEVERITIES)[number];

export function severityAtLeast(severity: Severity, minimum: Severity): boolean {
  return SEVERITIES.indexOf(severity) >= SEVERITIES.indexOf(minimum);
}

/**
 * What a policy wants people to know, independent of the channel. The chat formatter turns it
 * into an Amazon Q Developer custom notification; the local runtime prints it.
 */
export type Notice = {
  severity: Severity;
  policy: string;
  cluster: string;
  service: string;
  /** Set for a member account's service (behind a hub): chat names the account and Region. */
  account?: string | undefined;
  region?: string | undefined;
  /** Short headline, e.g. "Rolled back prod/web to web:41". */
  title: string;
  /** Markdown paragraphs: what happened and why, naming revisions and the reason. */
  description: string;
  nextSteps: string[];
  /** Threads a story together in chat: one thread per service deployment. */
  threadId: string;
  /** Machine-readable kind, e.g. "auto-rollback.rollback". */
  eventType: string;
  /** Stable key: publishing the same key twice is a duplicate. */
  dedupeKey: string;
  keywords: string[];
  relatedResources: string[];
  /** Extra facts for the chat metadata (revisions, counts, mode). */
  context: Record<string, string>;
};

/** A notice from the guardrails themselves, not from a policy's decision (the reconcile, the deploy stage). */
export function guardrailsNotice(
  ref: { cluster: string; service: string; account?: string | undefined; region?: string | undefined },
  n: Omit<Notice, "policy" | "cluster" | "service" | "relatedResources" | "context"> & {
    context?: Record<string, string>;
  },
): Notice {
  return {
    policy: "guardrails",
    cluster: ref.cluster,
    service: ref.service,
    ...(ref.account ? { account: ref.account, region: ref.region } : {}),
    relatedResources: [],
    ...n,
    context: n.context ?? {},
  };
}

export interface Notifier {
  publish(notice: Notice): Promise<void>;
}

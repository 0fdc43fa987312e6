import type { ServiceRef } from "../events/model.ts";
import {
  ECS_HISTORY_DAYS,
  IMPORT_CAP,
  IMPORT_MAX_PAGES,
  LIST_PAGE_SIZE,
  importCalls,
  newestDeployments,
  summarizeHistory,
  type ImportedHistory,
} from "../history/ecs-history.ts";
import type { TimelineEntry } from "../history/model.ts";
import type { ListedDeployment } from "../history/observed.ts";
import type { ServiceDescription } from "../model/description.ts";
import type { ImportSummary, ServiceDeploymentBrief } from "../model/known-good.ts";
import { serviceKey } from "../model/service-ref.ts";
import { guardrailsNotice, type Notice, type Notifier } from "../notifications/notice.ts";
import { deliver } from "./deliver.ts";
import { DESCRIBE_BATCH, type EcsDeploymentHistory } from "./gateways.ts";
import type { Ledger } from "./ledger.ts";
import type { Clock, HistoryWriter } from "./ports.ts";

// Import on first sight: the first time the guardrails look at a service, ECS's own deployment
// history (90 days) is read once and recorded, so the known-good logic works from day one.
// observe (ECS reads) → decide (ecs-history.ts, pure) → record, claimed once in the ledger:
//  - the claim comes first; the summary is stored on it as its intent before anything is
//    written, so a crash after reading replays the same writes without reading ECS again;
//  - every write is conditional or repeats the same value, so a replay changes nothing;
//  - the service's state is marked imported last, then the claim is done.

export type ImportDeps = {
  ecsHistory: EcsDeploymentHistory;
  ledger: Pick<Ledger, "claimOnce" | "saveIntent" | "markDone" | "recordOnce" | "delivered">;
  history: Pick<HistoryWriter, "recordImported">;
  clock: Clock;
  /** Sends the one notice of an import that could not be done; without it the outbox keeps it for the engine. */
  notifier?: Notifier;
};

/** What the engine imports with (first-sight.ts); absent in a function that never imports. */
export type ImportPorts = Omit<ImportDeps, "clock" | "notifier"> & {
  /** The reconcile's per-tick allowance: imports past it wait for a later tick. */
  allowance?: ImportAllowance;
};

export type ImportAllowance = { take(): boolean };

/** `described`: the service as first seen, kept for `guardrails export`; absent when not described. */
export type ImportIntent = { imported: ImportedHistory; summary: ImportSummary; described?: ServiceDescription };
export type ImportOutcome = { status: "imported-before" } | ({ status: "recorded" } & ImportIntent);

export const importKey = (ref: ServiceRef) => `import#${serviceKey(ref)}`;

/**
 * Errors that another try will not cure: the role may not call these APIs, or ECS does not
 * know them (a Region or a partition without them). Anything else (throttling, a timeout) is
 * thrown, and the next sight of the service tries again.
 */
const FINAL_ERRORS = new Set([
  "AccessDeniedException",
  "AccessDenied",
  "UnauthorizedOperation",
  "UnrecognizedClientException",
  "InvalidParameterException",
  "UnsupportedFeatureException",
  "UnknownOperationException",
  "ServiceNotFoundException",
  "ClusterNotFoundException",
]);

/**
 * `listed`: the deployments DescribeServices lists now, to resolve each to its `ecs-svc/…` id;
 * `described`: the service as described now, kept with the import (replay's starting state).
 */
export async function importServiceHistory(
  ref: ServiceRef,
  deps: ImportDeps,
  listed: readonly ListedDeployment[] = [],
  described?: ServiceDescription,
): Promise<ImportOutcome> {
  const key = importKey(ref);
  const at = deps.clock.now().toISOString();
  const claim = await deps.ledger.claimOnce<ImportIntent>(key, at);
  if (claim.status === "claimed-before" && claim.done) return { status: "imported-before" };
  const intent =
    (claim.status === "claimed-before" ? claim.intent : undefined) ??
    (await deps.ledger.saveIntent(key, { ...(await readHistory(ref, deps, listed, at)), described }));
  const notice = noticeOf(ref, intent.summary);
  // The timeline entry (with the one notice of a degraded import) before the mark: a crash
  // in between writes it again, under the same id, instead of losing it.
  await deps.ledger.recordOnce(ref, entryOf(ref, intent.summary), notice && { key, at, notice });
  // The description rides on the claim's intent: a crash's replay keeps the first sight's.
  await deps.history.recordImported(ref, intent.imported, intent.summary, intent.described);
  if (notice && deps.notifier) await deliver(ref, key, notice, { notifier: deps.notifier, store: deps.ledger });
  await deps.ledger.markDone(key, at);
  return { status: "recorded", ...intent };
}

async function readHistory(
  ref: ServiceRef,
  deps: ImportDeps,
  listed: readonly ListedDeployment[],
  at: string,
): Promise<ImportIntent> {
  let calls = 0;
  const counted = <T>(call: () => Promise<T>) => {
    calls += 1;
    return call();
  };
  try {
    const since = new Date(Date.parse(at) - ECS_HISTORY_DAYS * 86_400_000).toISOString();
    const briefs: ServiceDeploymentBrief[] = [];
    let nextToken: string | undefined;
    let pages = 0;
    do {
      const page = await counted(() =>
        deps.ecsHistory.listServiceDeployments(ref, {
          createdAfter: since,
          maxResults: LIST_PAGE_SIZE,
          ...(nextToken ? { nextToken } : {}),
        }),
      );
      briefs.push(...page.deployments);
      nextToken = page.nextToken;
      pages += 1;
    } while (nextToken && pages < IMPORT_MAX_PAGES);
    const newest = newestDeployments(briefs, IMPORT_CAP);
    const described = await inBatches(
      newest.map((b) => b.serviceDeploymentArn),
      (arns) => counted(() => deps.ecsHistory.describeServiceDeployments(arns)),
    );
    const revisionArns = [...new Set(described.flatMap((d) => d.targetServiceRevisionArn ?? []))];
    const revisions = await inBatches(revisionArns, (arns) =>
      counted(() => deps.ecsHistory.describeServiceRevisions(arns)),
    );
    const imported = summarizeHistory(described, revisions, listed);
    const oldest = newest.at(-1)?.createdAt;
    return {
      imported,
      summary: {
        // A new service whose first deployment still runs has a history, only nothing finished yet.
        status: briefs.length > 0 ? "imported" : "no-history",
        at,
        deployments: imported.deployments.length,
        since: oldest,
        capped: briefs.length > newest.length || nextToken !== undefined,
        calls,
        reason:
          briefs.length > 0
            ? undefined
            : "ECS lists no finished deployment of the service: its last release is older than ECS's deployment history (kept 90 days, since 2024-10-25)",
      },
    };
  } catch (error) {
    const name = errorName(error);
    if (!FINAL_ERRORS.has(name)) throw error;
    return {
      imported: { deployments: [], knownGood: undefined },
      summary: {
        status: "unavailable",
        at,
        deployments: 0,
        since: undefined,
        capped: false,
        calls,
        reason: `${name}: ${(error as Error).message}`,
      },
    };
  }
}

/** ECS's own error's name, also when an adapter wrapped it (its cause). */
function errorName(error: unknown): string {
  const e = error as { name?: unknown; cause?: { name?: unknown } } | undefined;
  const cause = e?.cause?.name;
  return typeof cause === "string" ? cause : typeof e?.name === "string" ? e.name : "";
}

/** Each call describes at most DESCRIBE_BATCH ARNs (importCalls counts the same). */
async function inBatches<T>(arns: string[], call: (batch: string[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < arns.length; i += DESCRIBE_BATCH) out.push(...(await call(arns.slice(i, i + DESCRIBE_BATCH))));
  return out;
}

export { importCalls };

function entryOf(ref: ServiceRef, s: ImportSummary): TimelineEntry {
  const what =
    s.status === "imported"
      ? `imported ${s.deployments} deployment(s) from ECS's deployment history${s.since ? ` since ${s.since}` : ""}${s.capped ? " (the newest only)" : ""}`
      : `ECS's deployment history not imported: ${s.reason}`;
  return {
    ...ref,
    type: "deployment",
    time: s.at,
    eventId: "ecs-import",
    summary: what,
    eventName: "ECS_HISTORY_IMPORTED",
    data: { status: s.status, deployments: s.deployments, calls: s.calls, capped: s.capped },
  };
}

/** One notice, and only when the import could not help: the guardrails go on as before it. */
function noticeOf(ref: ServiceRef, s: ImportSummary): Notice | undefined {
  if (s.status === "imported") return undefined;
  return guardrailsNotice(ref, {
    severity: "info",
    title: `No deployment history imported for ${ref.cluster}/${ref.service}`,
    description: `**${ref.cluster}/${ref.service}**: ${s.reason}. The guardrails learn its known-good revision from the deployments they see from now on.`,
    nextSteps:
      s.status === "unavailable"
        ? [
            "Allow ecs:ListServiceDeployments, ecs:DescribeServiceDeployments and ecs:DescribeServiceRevisions to the guardrails' functions",
          ]
        : ["Nothing to do: the next completed deployment becomes the known-good revision"],
    threadId: `${serviceKey(ref)}/import`,
    eventType: `guardrails.import.${s.status}`,
    dedupeKey: `import#${serviceKey(ref)}`,
    keywords: ["guardrails", ref.cluster, ref.service],
  });
}

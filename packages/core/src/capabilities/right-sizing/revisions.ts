import type { DeploymentRecord } from "../../history/model.ts";

// Which task definition (revision) ran when, from the history's deployment records, so each
// minute's utilization percentage is converted with the size it was a percentage of. A
// deployment's revision runs from its start; until it completes (or fails, or is rolled back)
// tasks of both revisions run and the busiest task may be of either, so that span names both
// (the run leaves its minutes out: no one size converts them right). A failed or rolled
// back deployment leaves the revision that ran before it. Before the first recorded
// deployment the history cannot say what ran: its revision is assumed (a service that
// deployment created ran nothing earlier). No record at all: the current revision throughout.

export type DeploymentTimes = Pick<
  DeploymentRecord,
  "taskDefinitionArn" | "startedAt" | "completedAt" | "failedAt" | "rolledBackAt"
>;

/** [from, to) in epoch ms; `revisions` ran in it (two during a rollout). */
export type RevisionSpan = { revisions: string[]; from: number; to: number };

export function revisionSpans(
  deployments: readonly DeploymentTimes[],
  current: string,
  window: { start: number; end: number },
): RevisionSpan[] {
  const known = deployments
    .flatMap((d) => {
      const start = time(d.startedAt ?? d.completedAt);
      return d.taskDefinitionArn && start !== undefined
        ? [
            {
              arn: d.taskDefinitionArn,
              start,
              end: time(d.completedAt ?? d.failedAt ?? d.rolledBackAt),
              kept: !d.failedAt && !d.rolledBackAt,
            },
          ]
        : [];
    })
    .sort((a, b) => a.start - b.start);
  if (known.length === 0) return [{ revisions: [current], from: window.start, to: window.end }];
  const spans: RevisionSpan[] = [];
  let steady = known[0]!.arn;
  let at = Number.NEGATIVE_INFINITY;
  known.forEach((d, i) => {
    const next = known[i + 1]?.start ?? Number.POSITIVE_INFINITY;
    spans.push({ revisions: [steady], from: at, to: d.start });
    const settled = Math.min(d.end ?? next, next);
    spans.push({ revisions: [...new Set([steady, d.arn])], from: d.start, to: settled });
    // Still rolling out when the next one started: the newer is assumed to have taken over.
    if (d.kept) steady = d.arn;
    at = settled;
  });
  spans.push({ revisions: [steady], from: at, to: Number.POSITIVE_INFINITY });
  return merge(
    spans
      .map((s) => ({ ...s, from: Math.max(s.from, window.start), to: Math.min(s.to, window.end) }))
      .filter((s) => s.to > s.from),
  );
}

/** Neighbours with the same revisions become one span. */
function merge(spans: RevisionSpan[]): RevisionSpan[] {
  const out: RevisionSpan[] = [];
  for (const s of spans) {
    const last = out[out.length - 1];
    if (last && last.to === s.from && last.revisions.join() === s.revisions.join()) last.to = s.to;
    else out.push({ ...s });
  }
  return out;
}

function time(iso: string | undefined): number | undefined {
  const t = iso === undefined ? Number.NaN : Date.parse(iso);
  return Number.isFinite(t) ? t : undefined;
}

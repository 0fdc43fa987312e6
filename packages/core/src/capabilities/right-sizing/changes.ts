import type { Recommendation } from "./types.ts";

// A recommendation is announced when it differs from the last one stored for the service, not
// every run: the evidence moves a little every day (one more day of points), the advice rarely
// does. What counts is what a person would act on: the status, the sizes, the skipped
// dimensions and the revision they apply to.

export type Change = { changed: boolean; what: string[] };

/** The part of a recommendation that, when equal, means "nothing new to say". */
export function fingerprint(r: Recommendation): string {
  return JSON.stringify({
    revision: r.revision,
    status: r.status,
    recommended: r.recommended ?? null,
    containers: r.containers ?? null,
    skipped: r.dimensions.filter((d) => d.status === "skipped").map((d) => d.dimension),
    oom: r.evidence.oomKills > 0,
  });
}

export function changedSinceLast(previous: Recommendation | undefined, current: Recommendation): Change {
  if (!previous) return { changed: true, what: ["first recommendation"] };
  const what: string[] = [];
  if (previous.revision !== current.revision) what.push(`revision ${previous.revision} → ${current.revision}`);
  if (previous.status !== current.status) what.push(`status ${previous.status} → ${current.status}`);
  if (JSON.stringify(previous.recommended ?? null) !== JSON.stringify(current.recommended ?? null))
    what.push("recommended size");
  if (JSON.stringify(previous.containers ?? null) !== JSON.stringify(current.containers ?? null))
    what.push("container reservations");
  const skipped = (r: Recommendation) =>
    r.dimensions
      .filter((d) => d.status === "skipped")
      .map((d) => d.dimension)
      .join(",");
  if (skipped(previous) !== skipped(current)) what.push("skipped dimensions");
  if (previous.evidence.oomKills > 0 !== current.evidence.oomKills > 0)
    what.push(current.evidence.oomKills > 0 ? "OOM kills appeared" : "no more OOM kills");
  return { changed: what.length > 0, what };
}

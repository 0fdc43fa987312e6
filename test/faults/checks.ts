import type { DeploymentRecord, ServiceState, TimelineEntry } from "../../packages/core/src/history/model.ts";
import type { Observed, Run, Scenario } from "./world.ts";

// What a faulted run must still show, compared with the same scenario run without faults:
//   exactly one action and one notification per decision;
//   history consistent with ECS (deployments, service state, the policy's state);
//   nothing lost: every event processed or in the dead-letter queue, and in the history.
// Each check returns the violations it found, in words; none means the cell passes.

/**
 * Where a message may go out twice, by design: SNS accepted it (a publish that then timed out
 * or whose invocation died) or the "delivered" mark after it failed. SNS standard topics take
 * no idempotency key, so the outbox sends again rather than lose the message (docs/how-it-works.md "A decision's lifecycle").
 */
export function mayRepeatMessage(fault: { name: string; kind: string } | undefined): boolean {
  if (!fault) return false;
  return (
    (fault.name === "notifier.publish" && (fault.kind === "timeout" || fault.kind === "crash")) ||
    fault.name === "store.delivered" ||
    fault.name.startsWith("SNS.")
  );
}

export function violations(
  scenario: Scenario,
  clean: Observed,
  run: Run,
  fault?: { name: string; kind: string },
): string[] {
  return [
    ...actions(clean, run),
    ...notices(clean, run, mayRepeatMessage(fault)),
    ...decisions(clean, run),
    ...nothingLost(clean, run),
    ...historyMatches(clean, run),
    ...scenario.truths(run),
  ];
}

function actions(clean: Observed, run: Observed): string[] {
  if (same(clean.actions, run.actions)) return [];
  return [
    `ECS was changed ${run.actions.length} time(s) [${run.actions.join(" | ")}], expected ${clean.actions.length} [${clean.actions.join(" | ")}]`,
  ];
}

/** Per decision (a notice's id is its decision key's hash): the same notices, each published once. */
function notices(clean: Observed, run: Observed, mayRepeat = false): string[] {
  const out: string[] = [];
  const byId = (o: Observed) =>
    groupBy(
      o.notices,
      (n) => n.id,
      (n) => n.eventType,
    );
  const [want, got] = [byId(clean), byId(run)];
  for (const [id, types] of want) {
    const sent = got.get(id) ?? [];
    const title = clean.notices.find((n) => n.id === id)!.title;
    // At the SNS boundary a message may be sent one extra time; never lost, never a third.
    if (mayRepeat && sent.length === types.length + 1 && same([...new Set(sent)], [...new Set(types)])) continue;
    if (!same(sent, types))
      out.push(
        `notice "${title}" was published ${sent.length} time(s)${sent.length ? ` as ${sent.join(", ")}` : ""}, expected ${types.join(", ")}`,
      );
  }
  for (const extra of run.notices.filter((n) => !want.has(n.id)))
    out.push(`unexpected notice "${extra.title}" (${extra.eventType})`);
  return out;
}

/** Every decision recorded with the verdicts of the clean run, once each; a failed attempt may stay on record. */
function decisions(clean: Observed, run: Observed): string[] {
  const out: string[] = [];
  const byKey = (o: Observed) =>
    groupBy(
      o.decisions.filter((e) => verdictOf(e) !== "failed"),
      (e) => e.eventId,
      (e) => verdictOf(e) ?? "none",
    );
  const [want, got] = [byKey(clean), byKey(run)];
  for (const [key, verdicts] of want) {
    const found = got.get(key) ?? [];
    if (!same(found, verdicts))
      out.push(
        `decision ${key} recorded ${found.length} time(s)${found.length ? ` as ${found.join(", ")}` : ""}, expected ${verdicts.join(", ")}`,
      );
  }
  const known = new Set(clean.decisions.map((e) => e.eventId));
  for (const extra of run.decisions.filter((e) => !known.has(e.eventId)))
    out.push(`unexpected decision ${extra.eventId} (${verdictOf(extra)}: ${extra.summary})`);
  return out;
}

/** Values grouped by key, each group sorted: order of delivery may differ, counts may not. */
function groupBy<T>(items: T[], key: (t: T) => string, value: (t: T) => string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const item of items) out.set(key(item), [...(out.get(key(item)) ?? []), value(item)].sort());
  return out;
}

function nothingLost(clean: Observed, run: Observed): string[] {
  const out: string[] = [];
  for (const o of run.outcomes)
    if (o.final !== "processed" && o.final !== "dead-letter")
      out.push(`${o.input.label} was neither processed nor dead-lettered`);
  const dead = new Set(run.deadLetters.flatMap((o) => ("event" in o.input ? [o.input.event.id] : [])));
  const recorded = new Set(run.timelineIds);
  for (const id of clean.timelineIds)
    if (!recorded.has(id) && !dead.has(id))
      out.push(`event ${id} is neither in the history nor in the dead-letter queue`);
  return out;
}

function historyMatches(clean: Observed, run: Observed): string[] {
  const out: string[] = [];
  const want = clean.deployments.map(deploymentFacts);
  const got = run.deployments.map(deploymentFacts);
  for (const w of want) {
    const g = got.find((d) => d.deploymentId === w.deploymentId);
    if (!g) out.push(`deployment ${w.deploymentId} missing from the history`);
    else if (!same(w, g))
      out.push(`deployment ${w.deploymentId} recorded as ${JSON.stringify(g)}, expected ${JSON.stringify(w)}`);
  }
  for (const g of got)
    if (!want.some((w) => w.deploymentId === g.deploymentId))
      out.push(`unexpected deployment ${g.deploymentId} in the history: ${JSON.stringify(g)}`);
  const [ws, gs] = [stateFacts(clean.state), stateFacts(run.state)];
  for (const field of Object.keys(ws) as (keyof typeof ws)[]) {
    if (!same(ws[field], gs[field]))
      out.push(`service state ${field} is ${JSON.stringify(gs[field])}, expected ${JSON.stringify(ws[field])}`);
  }
  if (clean.attention !== run.attention)
    out.push(
      `the service is ${run.attention ? "" : "not "}on the reconcile's attention list, expected ${clean.attention ? "on" : "off"} it`,
    );
  return out;
}

function deploymentFacts(d: DeploymentRecord) {
  return {
    deploymentId: d.deploymentId,
    taskDefinitionArn: d.taskDefinitionArn,
    outcome: d.outcome,
    rolledBackBy: d.rolledBackBy,
    rollbackOf: d.rollbackOf,
    initiatedBy: d.initiatedBy,
    failureCount: d.failureCount,
  };
}

function stateFacts(s: ServiceState | undefined) {
  const spot = s?.policies["spot-fallback"] as Record<string, unknown> | undefined;
  const schedule = s?.policies["scheduled-scaling"] as Record<string, unknown> | undefined;
  return {
    currentDeploymentId: s?.currentDeploymentId,
    lastKnownGoodTaskDefinition: s?.lastKnownGoodTaskDefinition,
    lastKnownGoodDeploymentId: s?.lastKnownGoodDeploymentId,
    alarms: Object.fromEntries(Object.entries(s?.alarms ?? {}).map(([name, a]) => [name, a.state])),
    actionCount: s?.actionTimes.length ?? 0,
    spotFallback: spot && {
      status: spot["status"],
      mode: spot["mode"],
      incident: spot["incident"],
      relapses: spot["relapses"],
      originalStrategy: spot["originalStrategy"],
      fallbackStrategy: spot["fallbackStrategy"],
    },
    scheduledScaling: schedule && {
      holding: schedule["holding"],
      saved: schedule["saved"],
      applied: schedule["applied"],
      drifted: schedule["drifted"],
      deferred: schedule["deferred"],
    },
  };
}

export const verdictOf = (e: TimelineEntry) => (e.data as { verdict?: string } | undefined)?.verdict;

/** Deep equality that ignores key order and undefined fields (stored items come back reordered). */
export function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (v && typeof v === "object")
    return Object.fromEntries(
      Object.entries(v)
        .filter(([, x]) => x !== undefined)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, x]) => [k, canonical(x)]),
    );
  return v;
}

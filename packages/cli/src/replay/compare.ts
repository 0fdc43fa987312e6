import type { ActionLine } from "./lines.ts";
import type { RecordedDecision } from "./recorded.ts";

// What the candidate configuration would do beside what live recorded (docs/replay.md): one
// line per decision of either side, the differences first. Pure: the report prints them.

export type Difference = "only-candidate" | "only-recorded" | "time" | "target" | "reason";
type Side = Record<string, unknown> & { at: string; mode: string; verdict: string; reason: string };
export type ComparisonLine = {
  type: "comparison";
  verdict: "differs" | "agrees";
  difference?: Difference;
  /** A member account's decision (a stream of several accounts). */
  account?: string;
  region?: string;
  cluster: string;
  service: string;
  policy: string;
  action: string;
  candidate?: Side;
  recorded?: Side;
};

const IDENTITY = ["type", "guardrails", "account", "region", "cluster", "service", "policy", "action"];
type Who = { account?: unknown; region?: unknown; cluster: string; service: string; policy: string; action: string };
/**
 * The decision's service, policy and action; behind a hub (`home` given), in its account and
 * Region, so two accounts' prod/web never pair. One account's stream pairs as before, whatever
 * account its lines name.
 */
const who = (home: string | undefined) => (d: Who) =>
  `${home !== undefined && typeof d.account === "string" && d.account !== home ? `${d.account}/${String(d.region ?? "-")}/` : ""}${d.cluster}/${d.service} ${d.policy} ${d.action}`;

/**
 * Pairs each candidate action with a recorded one: the same service, policy, action and time
 * first; then, left over, the same service, policy and action in time order (a time
 * difference); the rest stand alone. A pair agrees when its target and reason are the same too
 * (the mode and verdict are the configurations' own, so they never count as a difference).
 */
export function compareDecisions(
  candidate: readonly ActionLine[],
  recorded: readonly RecordedDecision[],
  /** The stream's home account: a line naming it is home's, like one naming no account. */
  home?: string,
): ComparisonLine[] {
  const WHO = who(home);
  const left = [...recorded];
  const lines: ComparisonLine[] = [];
  const unmatched: ActionLine[] = [];
  for (const c of candidate) {
    const i = left.findIndex((r) => WHO(r) === WHO(c) && second(r.at) === second(c.at));
    if (i < 0) unmatched.push(c);
    else lines.push(pair(c, left.splice(i, 1)[0]!, home));
  }
  for (const c of unmatched) {
    const i = left.findIndex((r) => WHO(r) === WHO(c));
    lines.push(
      i < 0
        ? alone(c, "candidate", home)
        : { ...pair(c, left.splice(i, 1)[0]!, home), verdict: "differs", difference: "time" },
    );
  }
  lines.push(...left.map((r) => alone(r, "recorded", home)));
  const byTime = (l: ComparisonLine) => Date.parse((l.candidate ?? l.recorded)!.at);
  return lines.sort((a, b) => rank(a) - rank(b) || byTime(a) - byTime(b));
}

/**
 * EventBridge envelopes carry whole seconds and replay decides at event time, while live
 * stamped its decisions with its own clock: the same second is the same time, in a reason's
 * quoted times too.
 */
const second = (iso: string) => Math.floor(Date.parse(iso) / 1000);

/** A reason with the times it quotes cut to their second (a fallback's time, stamped by live's clock). */
const toSecond = (reason: string) => reason.replace(/(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(\.\d+)?Z/g, "$1Z");

const rank = (l: ComparisonLine) => (l.verdict === "differs" ? 0 : 1);

function pair(c: ActionLine, r: RecordedDecision, home: string | undefined): ComparisonLine {
  const candidate = side(c);
  const recorded = side(r);
  const difference: Difference | undefined =
    canonical(target(candidate)) !== canonical(target(recorded))
      ? "target"
      : toSecond(candidate.reason) !== toSecond(recorded.reason)
        ? "reason"
        : undefined;
  return {
    type: "comparison",
    verdict: difference ? "differs" : "agrees",
    ...(difference ? { difference } : {}),
    ...identity(c, home),
    candidate,
    recorded,
  };
}

function alone(
  d: ActionLine | RecordedDecision,
  from: "candidate" | "recorded",
  home: string | undefined,
): ComparisonLine {
  return {
    type: "comparison",
    verdict: "differs",
    difference: from === "candidate" ? "only-candidate" : "only-recorded",
    ...identity(d, home),
    [from]: side(d),
  };
}

const identity = (d: ActionLine | RecordedDecision, home: string | undefined) => ({
  ...(home !== undefined && typeof d.account === "string"
    ? { account: d.account, region: String(d.region ?? "-") }
    : {}),
  cluster: d.cluster,
  service: d.service,
  policy: d.policy,
  action: d.action,
});

function side(d: ActionLine | RecordedDecision): Side {
  return Object.fromEntries(Object.entries(d).filter(([k]) => !IDENTITY.includes(k))) as Side;
}

/** JSON with every object's keys sorted: the history's round trip does not keep key order. */
const canonical = (value: unknown): string =>
  JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );

/** The action's own fields (target revision, strategy, counts), sorted so key order never counts. */
function target(s: Side): [string, unknown][] {
  return Object.entries(s)
    .filter(([k]) => !["at", "mode", "verdict", "reason"].includes(k))
    .sort(([a], [b]) => a.localeCompare(b));
}

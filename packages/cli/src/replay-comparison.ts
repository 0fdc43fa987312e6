import { compareDecisions, type ComparisonLine } from "./replay/compare.ts";
import type { ActionLine } from "./replay/lines.ts";
import type { RecordedDecision } from "./replay/recorded.ts";
import { table, type Out } from "./output.ts";

/** The candidate beside live's recorded decisions, differences first (JSON lines, or a table). */
export function reportComparison(
  actions: readonly ActionLine[],
  recorded: readonly RecordedDecision[],
  json: boolean | undefined,
  out: Out,
  /** A stream of several accounts: the hub's own account (its decisions pair with unplaced ones). */
  home?: string,
): void {
  const lines = compareDecisions(actions, recorded, home);
  if (json) {
    for (const l of lines) out.json(l);
    return;
  }
  const differs = lines.filter((l) => l.verdict === "differs").length;
  out.line(
    `\nBeside what live recorded: ${differs} difference${differs === 1 ? "" : "s"}, ${lines.length - differs} in agreement`,
  );
  if (lines.length)
    out.line(table(lines.map(row), ["verdict", "service", "policy", "action", "candidate", "recorded", "reason"]));
}

function row(l: ComparisonLine) {
  const side = (s: ComparisonLine["candidate"]) => (s ? `${s.at} ${s.mode} ${s.verdict}` : "—");
  return {
    verdict: l.difference ? `${l.verdict}: ${l.difference}` : l.verdict,
    service: `${l.account ? `${l.account}/${l.region ?? "-"} ` : ""}${l.cluster}/${l.service}`,
    policy: l.policy,
    action: l.action,
    candidate: side(l.candidate),
    recorded: side(l.recorded),
    reason:
      l.difference === "reason"
        ? `${l.candidate!.reason} / live: ${l.recorded!.reason}`
        : (l.candidate ?? l.recorded)!.reason,
  };
}

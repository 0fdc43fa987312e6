import { gb } from "./fargate-sizes.ts";
import { revisionName } from "./oom.ts";
import { usd } from "./prices.ts";
import { size } from "./recommend.ts";
import type { Recommendation } from "./types.ts";

// The words a recommendation is announced with, shared by the digest and the CLI.

export function serviceName(r: Pick<Recommendation, "ref">): string {
  return `${r.ref.cluster}/${r.ref.service}`;
}

/** "prod/web: 2 vCPU / 8 GB → 0.5 vCPU / 2 GB, saves $84.12/month (ARM: $97.40)". */
export function savingLine(r: Recommendation): string {
  const to = r.recommended ? size(r.recommended) : "?";
  const cost = r.cost ? `, saves ${usd(r.cost.savingsMonthly)}/month` : "";
  const arm = r.cost?.arm.suggested && r.cost.arm.savingsMonthly > r.cost.savingsMonthly ? ` (on ARM: ${usd(r.cost.arm.savingsMonthly)})` : "";
  return `${serviceName(r)}: ${size(r.current)} → ${to}${cost}${arm}`;
}

/** "prod/worker: 3 OOM kills of worker:7; memory 2 GB → 3 GB". */
export function riskLine(r: Recommendation): string {
  const parts: string[] = [];
  if (r.evidence.oomKills > 0) parts.push(`${r.evidence.oomKills} OOM kill${r.evidence.oomKills === 1 ? "" : "s"} of ${revisionName(r.revision)}`);
  for (const d of r.dimensions) {
    if (d.status === "sized" && d.finding === "under-provisioned") parts.push(`${d.dimension} ${d.dimension === "cpu" ? `${d.current} → ${d.recommended} CPU units` : `${gb(d.current)} → ${gb(d.recommended)}`}`);
  }
  return `${serviceName(r)}: ${parts.join("; ") || r.summary}`;
}

/** How far a service is short of what it needs, for ranking risks: 1 = none, 2 = twice. */
export function shortfall(r: Recommendation): number {
  return Math.max(1, ...r.dimensions.map((d) => (d.status === "sized" && d.current > 0 ? d.needed / d.current : 1)));
}

/**
 * The recommendation as lines a person can recompute: the statistic, the points behind it, the
 * margin, the need and what bound the size. The CLI and the notices print these.
 */
export function explainLines(r: Recommendation): string[] {
  const e = r.evidence;
  const lines = [`${serviceName(r)} (${revisionName(r.revision)}): ${r.summary}`, `data: ${e.coverageHours} h at ${e.periodSeconds} s (${e.dataPoints.cpu} CPU, ${e.dataPoints.memory} memory points) of a ${e.lookbackHours} h lookback; ${e.oomKills} OOM kill(s)`];
  for (const d of r.dimensions) {
    if (d.status === "skipped") {
      lines.push(`${d.dimension}: not sized, ${d.reason}`);
      continue;
    }
    const cpu = d.dimension === "cpu";
    const p = cpu ? e.rule.cpuPercentile : e.rule.memoryPercentile;
    const margin = cpu ? e.rule.cpuMarginPercent : e.rule.memoryMarginPercent;
    const chosen = cpu ? e.chosen.cpu : e.chosen.memory;
    const shown = (v: number) => (cpu ? `${round(v)} CPU units` : gb(v));
    const stat = `${p === 100 ? "max" : `p${p}`} of the per-minute Maximum ${chosen === undefined ? "(none)" : shown(chosen)}`;
    lines.push(`${d.dimension}: ${stat} + ${margin} % → need ${shown(d.needed)} → ${shown(d.recommended)} (${d.bound}); now ${shown(d.current)}`);
  }
  if (r.cost) {
    const arm = r.cost.arm.suggested ? `; on ARM ${usd(r.cost.arm.monthly)}` : ` (${r.cost.arm.reason})`;
    lines.push(`cost: ${usd(r.cost.nowMonthly)}/month now → ${usd(r.cost.recommendedMonthly)}${arm}`);
  } else if (r.costNote) lines.push(`cost: ${r.costNote}`);
  return [...lines, ...r.notes.filter((n) => !n.includes("not sized"))];
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

import { gb, vcpu } from "./fargate-sizes.ts";
import { revisionName } from "./oom.ts";
import { monthlyChange, usd } from "./prices.ts";
import { exceededText } from "./risk.ts";
import { size } from "./recommend.ts";
import type { Recommendation } from "./types.ts";

// The words a recommendation is announced with, shared by the digest and the CLI.

export function serviceName(r: Pick<Recommendation, "ref">): string {
  return `${r.ref.cluster}/${r.ref.service}`;
}

/** "prod/web: 2 vCPU / 8 GB → 0.5 vCPU / 2 GB, saves $84.12/month (on ARM: saves $97.40/month)". */
export function savingLine(r: Recommendation): string {
  const to = r.recommended ? size(r.recommended) : "?";
  const cost = r.cost ? `, ${monthlyChange(r.cost.savingsMonthly)}` : "";
  const arm =
    r.cost?.arm.suggested && r.cost.arm.savingsMonthly > r.cost.savingsMonthly
      ? ` (on ARM: ${monthlyChange(r.cost.arm.savingsMonthly)})`
      : "";
  return `${serviceName(r)}: ${size(r.current)} → ${to}${cost}${arm}`;
}

/** "prod/worker: 3 OOM kills of worker:7; memory 2 GB → 3 GB". */
export function riskLine(r: Recommendation): string {
  const parts: string[] = [];
  if (r.evidence.oomKills > 0)
    parts.push(`${r.evidence.oomKills} OOM kill${r.evidence.oomKills === 1 ? "" : "s"} of ${revisionName(r.revision)}`);
  for (const d of r.dimensions) {
    if (d.status === "sized" && d.finding === "under-provisioned")
      parts.push(
        `${d.dimension} ${d.dimension === "cpu" ? `${d.current} → ${d.recommended} CPU units` : `${gb(d.current)} → ${gb(d.recommended)}`}`,
      );
  }
  return `${serviceName(r)}: ${parts.join("; ") || r.summary}`;
}

/** How far a service is short of what it needs, for ranking risks: 1 = none, 2 = twice. */
export function shortfall(r: Recommendation): number {
  return Math.max(1, ...r.dimensions.map((d) => (d.status === "sized" && d.current > 0 ? d.needed / d.current : 1)));
}

/**
 * "cpu sized from its p95 need; memory raised because 1 vCPU forces 2 GB": what set each
 * dimension of the recommended size, from the stored `evidence.boundBy` (whose values stay as
 * they are for --json).
 */
export function boundSentence(r: Recommendation): string {
  const { boundBy, rule } = r.evidence;
  return [
    boundPhrase("cpu", boundBy.cpu, rule.cpuPercentile),
    boundPhrase("memory", boundBy.memory, rule.memoryPercentile),
  ].join("; ");
}

function boundPhrase(dimension: string, bound: string, percentile: number): string {
  if (bound === "need") return `${dimension} sized from its ${percentile === 100 ? "max" : `p${percentile}`} need`;
  if (bound === "largest Fargate size") return `${dimension} capped at the largest Fargate size`;
  if (bound.includes(" forces ")) return `${dimension} raised because ${bound}`;
  // Anything else is the reason the dimension was skipped.
  return `${dimension} not sized: ${bound}`;
}

/**
 * The recommendation as lines a person can recompute: the statistic, the points behind it, the
 * margin, the need and what bound the size. The CLI and the notices print these.
 */
export function explainLines(r: Recommendation): string[] {
  const e = r.evidence;
  const lines = [
    `${serviceName(r)} (${revisionName(r.revision)}): ${r.summary}`,
    `data: ${e.coverageHours} h at ${e.periodSeconds} s (${e.dataPoints.cpu} CPU, ${e.dataPoints.memory} memory points) of a ${e.lookbackHours} h lookback; ${e.oomKills} OOM kill(s)`,
  ];
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
    lines.push(
      `${d.dimension}: ${stat} + ${margin} % → need ${shown(d.needed)} → ${shown(d.recommended)} (${d.bound}); now ${shown(d.current)}`,
    );
  }
  const risk = riskText(r);
  if (risk) lines.push(`risk: ${risk}`);
  for (const source of e.sources ?? []) lines.push(`use: ${source}`);
  if (r.cost) {
    const arm = r.cost.arm.suggested ? `; on ARM ${usd(r.cost.arm.monthly)}` : ` (${r.cost.arm.reason})`;
    lines.push(`cost: ${usd(r.cost.nowMonthly)}/month now → ${usd(r.cost.recommendedMonthly)}${arm}`);
  } else if (r.costNote) lines.push(`cost: ${r.costNote}`);
  return [...lines, ...r.notes.filter((n) => !n.includes("not sized"))];
}

/**
 * "cpu above 0.25 vCPU in 72 of 1440 points (5 %) — below the observed peak of 819.2 CPU units;
 * memory above 2 GB in 0 of 1440 points (0 %)": how often the recommended size would have been
 * exceeded. Undefined without a recommended size or for a record stored before risks existed.
 */
export function riskText(r: Recommendation): string | undefined {
  const risk = r.evidence.risk;
  const to = r.recommended;
  if (!risk || !to) return undefined;
  const peak = r.evidence.cpu?.max;
  const belowPeak = peak !== undefined && to.cpu < peak ? ` — below the observed peak of ${round(peak)} CPU units` : "";
  return `cpu ${exceededText(risk.cpu, vcpu(to.cpu))}${belowPeak}; memory ${exceededText(risk.memory, gb(to.memory))}`;
}

/** "cpu 5 %, memory 0 %": the risk in a table cell. */
export function riskCell(r: Recommendation): string {
  const risk = r.evidence.risk;
  return risk && r.recommended ? `cpu ${risk.cpu.percent} %, memory ${risk.memory.percent} %` : "";
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

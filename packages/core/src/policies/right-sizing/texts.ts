import { gb } from "./fargate-sizes.ts";
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
  if (r.evidence.oomKills > 0) parts.push(`${r.evidence.oomKills} OOM kill${r.evidence.oomKills === 1 ? "" : "s"} of ${r.revision}`);
  for (const d of r.dimensions) {
    if (d.status === "sized" && d.finding === "under-provisioned") parts.push(`${d.dimension} ${d.dimension === "cpu" ? `${d.current} → ${d.recommended} CPU units` : `${gb(d.current)} → ${gb(d.recommended)}`}`);
  }
  return `${serviceName(r)}: ${parts.join("; ") || r.summary}`;
}

/** How far a service is short of what it needs, for ranking risks: 1 = none, 2 = twice. */
export function shortfall(r: Recommendation): number {
  return Math.max(1, ...r.dimensions.map((d) => (d.status === "sized" && d.current > 0 ? d.needed / d.current : 1)));
}

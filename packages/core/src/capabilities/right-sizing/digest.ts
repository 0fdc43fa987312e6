import type { Notice } from "../../notifications/notice.ts";
import { usd } from "./prices.ts";
import type { RightSizingSettings } from "./settings.ts";
import { riskLine, savingLine, serviceName, shortfall } from "./texts.ts";
import type { Recommendation } from "./types.ts";

// The weekly digest: one message for every service in scope, never one per service. It names
// the largest savings and the worst risks (under-provisioned, OOM-killed) and counts the rest,
// so a week with 1,000 services is still one short message.

export type Digest = {
  savings: Recommendation[];
  risks: Recommendation[];
  /** Services neither listed: counted by status. */
  rest: { optimized: number; insufficientData: number; skipped: number; moreSavings: number; moreRisks: number };
  totalSavingsMonthly: number;
};

export function digestOf(
  recommendations: readonly Recommendation[],
  settings: Pick<RightSizingSettings, "digestTopSavings" | "digestTopRisks">,
): Digest {
  const risky = recommendations
    .filter(isRisk)
    .sort(
      (a, b) =>
        b.evidence.oomKills - a.evidence.oomKills ||
        shortfall(b) - shortfall(a) ||
        serviceName(a).localeCompare(serviceName(b)),
    );
  const saving = recommendations
    .filter((r) => !isRisk(r) && r.status === "recommend" && (r.cost?.savingsMonthly ?? 0) > 0)
    .sort((a, b) => b.cost!.savingsMonthly - a.cost!.savingsMonthly || serviceName(a).localeCompare(serviceName(b)));
  const count = (status: Recommendation["status"]) =>
    recommendations.filter((r) => r.status === status && !isRisk(r)).length;
  return {
    savings: saving.slice(0, settings.digestTopSavings),
    risks: risky.slice(0, settings.digestTopRisks),
    rest: {
      optimized: count("optimized"),
      insufficientData: count("insufficient-data"),
      skipped: count("skipped"),
      moreSavings: Math.max(0, saving.length - settings.digestTopSavings),
      moreRisks: Math.max(0, risky.length - settings.digestTopRisks),
    },
    totalSavingsMonthly: saving.reduce((n, r) => n + r.cost!.savingsMonthly, 0),
  };
}

/** Under-provisioned in a dimension it sizes, or OOM-killed: what may break, before what may save. */
export function isRisk(r: Recommendation): boolean {
  return r.evidence.oomKills > 0 || r.dimensions.some((d) => d.status === "sized" && d.finding === "under-provisioned");
}

/** The digest as one notice; `week` (the Monday, YYYY-MM-DD) makes it once per week. */
/** `observed`: the week's observe section (history/observe-digest.ts), when there is one. */
export function digestNotice(digest: Digest, week: string, observed?: string): Notice {
  const { rest } = digest;
  const sections = [
    `**Right-sizing, week of ${week}.** Possible savings: ${usd(digest.totalSavingsMonthly)}/month across ${digest.savings.length + rest.moreSavings} service(s).`,
    digest.risks.length
      ? `**Risks** (under-provisioned or OOM-killed):\n${digest.risks.map((r) => `- ${riskLine(r)}`).join("\n")}${more(rest.moreRisks)}`
      : "**Risks:** none.",
    digest.savings.length
      ? `**Top savings:**\n${digest.savings.map((r) => `- ${savingLine(r)}`).join("\n")}${more(rest.moreSavings)}`
      : "**Savings:** none.",
    `The rest: ${rest.optimized} optimized, ${rest.insufficientData} with insufficient data, ${rest.skipped} skipped (target tracking on both CPU and memory).`,
    ...(observed ? [observed] : []),
  ];
  const clusters = [...new Set([...digest.risks, ...digest.savings].map((r) => r.ref.cluster))];
  return {
    severity: digest.risks.length > 0 ? "warning" : "info",
    policy: "right-sizing",
    cluster: clusters.length === 1 ? clusters[0]! : "*",
    service: "*",
    title: `Right-sizing: ${digest.risks.length + rest.moreRisks} at risk, ${usd(digest.totalSavingsMonthly)}/month to save`,
    description: sections.join("\n\n"),
    nextSteps: [
      "See every recommendation with its evidence: `guardrails recommend`",
      "Apply one with `guardrails recommend --service S --task-definition-out FILE`",
    ],
    threadId: `right-sizing-digest-${week}`,
    eventType: "right-sizing.digest",
    dedupeKey: `right-sizing:digest:${week}`,
    keywords: ["right-sizing", "digest"],
    relatedResources: [],
    context: { week, risks: String(digest.risks.length + rest.moreRisks), savings: usd(digest.totalSavingsMonthly) },
  };
}

function more(n: number): string {
  return n > 0 ? `\n- …and ${n} more` : "";
}

import type { ServiceEvidence } from "./observe-evidence.ts";

// The weekly digest's observe section: what policies in observe would have done that week,
// counted, with the lines where observe would have been wrong named first (they are what a team
// must read before it switches to enforce). Pure.

/** Lines named in the message; the rest are counted and left to `guardrails observe-report`. */
const SHOWN = 5;

export function observeDigestSection(evidence: readonly ServiceEvidence[], since: string): string | undefined {
  const withLines = evidence.filter((e) => e.lines.length > 0);
  if (withLines.length === 0) return undefined;
  const sum = (k: keyof ServiceEvidence["counts"]) => withLines.reduce((n, e) => n + e.counts[k], 0);
  const total = withLines.reduce((n, e) => n + e.lines.length, 0);
  const wrong = withLines.flatMap((e) =>
    e.lines
      .filter((l) => l.verdict === "observe would have been wrong")
      .map((l) => `- ${e.cluster}/${e.service}: ${l.wouldHave}; ${l.next}`),
  );
  const head = `**Observe, since ${since.slice(0, 10)}:** ${total} action(s) observe would have taken on ${withLines.length} service(s): ${sum("agreed")} agreed, ${sum("observe would have been wrong")} observe would have been wrong, ${sum("unknown")} unknown.`;
  const named = wrong.slice(0, SHOWN).join("\n");
  const more = wrong.length > SHOWN ? `\n- …and ${wrong.length - SHOWN} more` : "";
  return `${head}${named ? `\n${named}${more}` : ""}\nEvery line, with what happened next: \`guardrails observe-report --since 7d\``;
}

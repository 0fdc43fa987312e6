import { POLICY_IDS } from "@ecs-guardrails/core/registry";
import type { Recommendation } from "@ecs-guardrails/core/capabilities/right-sizing/types";
import { monthlyChange } from "@ecs-guardrails/core/capabilities/right-sizing/prices";
import { riskText } from "@ecs-guardrails/core/capabilities/right-sizing/texts";
import type { ServicePreview } from "@ecs-guardrails/core/capabilities/scheduled-scaling/preview-format";
import { chatBubble } from "./chat.ts";
import { timelineChart, usageChart } from "./charts.ts";
import { badge, h, link, page, serverLinks, slug, table, when, type Html, type Links } from "./html.ts";
import { formatDuration } from "./incidents.ts";
import { importLine, type ServiceView } from "./read-model.ts";
import { observeSection } from "./observe-section.ts";

// One service's story: the timeline chart, its deployments, decisions and messages, Spot
// incidents, the coming week's schedule and the right-sizing recommendation.

/** Lists longer than this show their newest entries and say how many more there are. */
export const LIST_LIMIT = 100;

export function serviceBody(view: ServiceView, links: Links): Html {
  const name = `${view.cluster}/${view.service}`;
  return h`<h1 id="svc--${slug(view.cluster, view.service)}">${name}</h1>
<p>${view.badges.map((b) => badge(`b-${b.kind}`, b.text))} ${POLICY_IDS.map((p) => h`<span class="badge">${p}: ${view.modes[p]}</span>`)}</p>
${view.tagProblems.map((t) => h`<p class="tag-problem">Ignored tag: ${t}</p>`)}
${importLine(view.state) ? h`<p class="muted import">${importLine(view.state)}</p>` : ""}
<p class="muted">${view.timelineCount} timeline entries read${view.truncated ? " (the newest; older ones exist: `guardrails history --all` lists them)" : ""} · as of ${when(view.now)}</p>
<h2>Deployments</h2>
${timelineChart(view, slug(view.cluster, view.service))}
${table(
  "Deployments, newest first",
  ["deployment", "revision", "started", "outcome", "failures", "notes"],
  [...view.deployments]
    .reverse()
    .slice(0, LIST_LIMIT)
    .map((d) => [
      link(links.deployment(view, d.deploymentId), d.deploymentId),
      d.revision,
      when(d.start),
      badge(`o-${d.outcome}`, d.outcome === "rolled-back" ? "rolled back" : d.outcome),
      d.failureCount,
      [
        d.rollbackOf ? `rollback of ${d.rollbackOf}` : "",
        d.rolledBackBy ? `rolled back by ${d.rolledBackBy}` : "",
        d.source === "imported" ? "imported from ECS" : "",
      ]
        .filter(Boolean)
        .join("; "),
    ]),
  { name: "deployments", empty: "No deployment recorded." },
)}
${more(view.deployments.length)}
<h2>Decisions</h2>
${table(
  "Decisions, newest first, with their reasons",
  ["time", "policy", "verdict", "severity", "decision", "reason"],
  view.decisions
    .slice(0, LIST_LIMIT)
    .map((d) => [
      when(d.time),
      d.policy,
      d.verdict,
      badge(`s-${d.severity}`, d.severity),
      d.title,
      h`<span class="reason">${d.reason}${d.guard ? ` (not acted on: ${d.guard})` : ""}</span>`,
    ]),
  { name: "decisions", empty: "No decision recorded." },
)}
${more(view.decisions.length)}
<h2>Notifications, as they read in chat</h2>
${view.decisions.length ? view.decisions.slice(0, 20).map((d) => chatBubble(d.chat, d.buttons)) : h`<p class="empty">No message.</p>`}
<h2>Spot incidents</h2>
${table(
  "Fargate Spot fallback incidents, newest first",
  ["incident", "since", "until", "duration", "on-demand task-hours", "extra on-demand cost", "trigger"],
  view.incidents.map((i) => [
    `#${i.incident}`,
    when(i.since),
    i.endedAt ? when(i.endedAt) : "ongoing",
    h`<span class="duration">${formatDuration(i.durationHours)}</span>`,
    i.onDemandTaskHours ?? "—",
    i.extraCost !== undefined ? `$${i.extraCost.toFixed(2)}${i.endedAt ? "" : " so far"}` : "—",
    i.trigger,
  ]),
  { name: "incidents", empty: "No Spot incident recorded." },
)}
<h2>Schedule, next 7 days</h2>
${scheduleSection(view.schedule)}
<h2>Right-sizing</h2>
${recommendationSection(view.recommendation, slug(view.cluster, view.service))}
<h2>Observe: the evidence to switch to enforce</h2>
${observeSection(view.evidence)}`;
}

export function servicePage(view: ServiceView, links: Links = serverLinks()): string {
  return page(`${view.cluster}/${view.service}`, serviceBody(view, links), { home: links.home });
}

const more = (n: number) => (n > LIST_LIMIT ? h`<p class="muted">${n - LIST_LIMIT} older not shown.</p>` : h``);

function scheduleSection(preview: ServicePreview | undefined): Html {
  if (!preview) return h`<p class="empty">No schedule applies to this service.</p>`;
  return h`<p>${preview.schedule ? `Schedule ${preview.schedule}` : "Windows"}${preview.warnings.map((w) => h` · <span class="muted">${w}</span>`)}</p>
${table(
  "Transitions in the next 7 days",
  ["local time", "zone", "UTC", "change", "sets", "DST"],
  preview.transitions.map((t) => [
    `${t.local} ${t.offset}`,
    t.zone,
    when(t.at),
    `${t.kind} ${t.window}`,
    t.sets,
    t.dst ?? "",
  ]),
  { name: "schedule", empty: "No transition in the next 7 days." },
)}`;
}

export function recommendationSection(rec: Recommendation | undefined, key: string): Html {
  if (!rec) return h`<p class="empty">No recommendation recorded for this service.</p>`;
  const size = (s: { cpu: number; memory: number } | undefined) => (s ? `${s.cpu} CPU units / ${s.memory} MiB` : "—");
  const cost = rec.cost;
  // Records stored before the risk existed have none; a recommendation without a size neither.
  const risk = rec.recommended ? rec.evidence.risk : undefined;
  const riskLine = riskText(rec);
  return h`<p class="recommendation-summary"><strong>${rec.status}${rec.finding ? ` (${rec.finding})` : ""}</strong>: ${rec.summary}</p>
<div class="numbers recommendation-numbers">
<div>current<b>${size(rec.current)}</b></div>
<div>recommended<b>${size(rec.recommended)}</b></div>
${risk ? h`<div>risk (datapoints above)<b>CPU ${risk.cpu.percent} % · memory ${risk.memory.percent} %</b></div>` : ""}
${cost ? h`<div>now<b>$${cost.nowMonthly.toFixed(2)}/month</b></div><div>recommended<b>$${cost.recommendedMonthly.toFixed(2)}/month</b></div><div>change<b>${monthlyChange(cost.savingsMonthly)}</b></div>` : h`<div>cost<b>${rec.costNote ?? "unknown"}</b></div>`}
</div>
${riskLine ? h`<p class="recommendation-risk">risk: ${riskLine}</p>` : ""}
<div class="pair">${usageChart(rec, "cpu", key)}${usageChart(rec, "memory", key)}</div>
<p class="muted">Revision ${rec.revision} · ${rec.evidence.coverageHours} h of data over a ${rec.evidence.lookbackHours} h lookback · CPU p${rec.evidence.rule.cpuPercentile} + ${rec.evidence.rule.cpuMarginPercent} %, memory p${rec.evidence.rule.memoryPercentile} + ${rec.evidence.rule.memoryMarginPercent} %${rec.notes.length ? ` · ${rec.notes.join(" · ")}` : ""}</p>`;
}

import { POLICY_IDS } from "@ecs-guardrails/core/registry";
import { SEVERITIES } from "@ecs-guardrails/core/notifications/notice";
import { badge, escapeHtml, h, link, page, raw, serverLinks, table, when, type Html, type Links } from "./html.ts";
import { filterRows, type OverviewFilter, type OverviewRow } from "./read-model.ts";

// The services overview: one row per service, filters as a plain GET form (no script).

export function overviewPage(
  rows: readonly OverviewRow[],
  filter: OverviewFilter,
  options: { links?: Links; now: Date },
): string {
  const links = options.links ?? serverLinks();
  return page("Services", overviewBody(rows, filter, { links, now: options.now, filters: true }), { home: links.home });
}

/** The report shows every service: no filters there (a file has no server to ask). */
export function overviewBody(
  rows: readonly OverviewRow[],
  filter: OverviewFilter,
  options: { links: Links; now: Date; filters: boolean },
): Html {
  const { links } = options;
  const shown = filterRows(rows, filter);
  const clusters = [...new Set(rows.map((r) => r.cluster))].sort();
  return h`<h1 id="services">Services</h1>
<p class="muted">${shown.length} of ${rows.length} service${rows.length === 1 ? "" : "s"} · as of ${when(options.now.toISOString())}</p>
${options.filters ? filters(clusters, filter, links.home) : ""}
${table(
  "Services: current deployment, last decision, incidents and the mode of each policy",
  ["service", "current deployment", "last decision", "incident", ...POLICY_IDS],
  shown.map((r) => row(r, links)),
  { name: "services", empty: rows.length ? "No service matches these filters." : "No service in the history yet." },
)}`;
}

function row(r: OverviewRow, links: Links): unknown[] {
  const current = r.current
    ? h`${r.current.revision} ${badge(`o-${r.current.outcome}`, r.current.outcome)}<br><span class="muted">${r.current.deploymentId}</span>`
    : h`<span class="muted">none recorded</span>`;
  const d = r.lastDecision;
  const decision = d
    ? h`${badge(`s-${d.severity}`, d.severity)} ${d.policy} ${d.verdict}: ${d.title}<br><span class="muted">${when(d.time)}</span>`
    : h`<span class="muted">none</span>`;
  const incidents = r.badges.length
    ? r.badges.map((b) => badge(`b-${b.kind}`, b.text))
    : h`<span class="muted">—</span>`;
  return [
    link(links.service(r), `${r.cluster}/${r.service}`),
    current,
    decision,
    incidents,
    ...POLICY_IDS.map((p) => r.modes[p]),
  ];
}

function filters(clusters: readonly string[], f: OverviewFilter, base: string): Html {
  const select = (name: string, label: string, options: readonly string[], value: string | undefined, any: string) =>
    raw(
      `<label>${escapeHtml(label)}<select name="${name}"><option value="">${escapeHtml(any)}</option>${options.map((o) => `<option${o === value ? " selected" : ""}>${escapeHtml(o)}</option>`).join("")}</select></label>`,
    );
  return h`<form class="filters" method="get" action="${base}" aria-label="Filters">
${select("cluster", "cluster", clusters, f.cluster, "all clusters")}
${select("policy", "policy (observe or enforce)", POLICY_IDS, f.policy, "any policy")}
${select("severity", "last decision at least", SEVERITIES, f.severity, "any severity")}
<button type="submit">Filter</button></form>`;
}

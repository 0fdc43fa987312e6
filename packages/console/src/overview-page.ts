import { POLICY_IDS } from "@ecs-guardrails/core/registry";
import { SEVERITIES } from "@ecs-guardrails/core/notifications/notice";
import { badge, escapeHtml, h, link, page, raw, serverLinks, table, when, type Html, type Links } from "./html.ts";
import { filterRows, placeLabel, type OverviewFilter, type OverviewRow } from "./overview-model.ts";

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
  // Behind a hub the same cluster/service can run in several accounts: a column and a filter
  // name each one's account and Region. A single account's page stays as it was.
  const places = [...new Set(rows.map(placeLabel))].sort((a, b) =>
    a === "home" ? -1 : b === "home" ? 1 : a.localeCompare(b),
  );
  const hub = places.some((p) => p !== "home");
  return h`<h1 id="services">Services</h1>
<p class="muted">${shown.length} of ${rows.length} service${rows.length === 1 ? "" : "s"} · as of ${when(options.now.toISOString())}</p>
${options.filters ? filters(clusters, hub ? places : [], filter, links.home) : ""}
${table(
  "Services: ECS now, monthly cost, current deployment, what needs attention (most important first) and the mode of each policy",
  [
    ...(hub ? ["account/Region"] : []),
    "service",
    "ECS now",
    "cost/month",
    "current deployment",
    "needs attention",
    ...POLICY_IDS,
  ],
  shown.map((r) => [...(hub ? [placeLabel(r)] : []), ...row(r, links)]),
  { name: "services", empty: rows.length ? "No service matches these filters." : "No service in the history yet." },
)}`;
}

function row(r: OverviewRow, links: Links): unknown[] {
  const current = r.current
    ? h`${r.current.revision} ${badge(`o-${r.current.outcome}`, r.current.outcome)}<br><span class="muted">${r.current.deploymentId}${r.current.initiatedBy ? ` · by ${r.current.initiatedBy}` : ""}</span>`
    : h`<span class="muted">none recorded</span>`;
  return [
    link(links.service(r), `${r.cluster}/${r.service}`),
    ecsCell(r),
    r.monthlyCost !== undefined ? `$${r.monthlyCost.toFixed(2)}` : h`<span class="muted">—</span>`,
    current,
    attentionCell(r),
    ...POLICY_IDS.map((p) => r.modes[p]),
  ];
}

function ecsCell(r: OverviewRow): Html {
  if (!r.ecs) return h`<span class="muted">not asked</span>`;
  if (r.ecs.status === "gone") return badge("b-gone", r.ecs.text);
  const { running, desired, pending, capacity } = r.ecs;
  return h`<span class="counts">${running}/${desired} running${pending ? `, ${pending} pending` : ""}</span><br><span class="muted">${capacity}</span>`;
}

/** The most important matter first and plain; the rest below it, smaller. */
function attentionCell(r: OverviewRow): Html {
  if (r.attention.length === 0) return h`<span class="muted">—</span>`;
  const [top, ...rest] = r.attention;
  return h`<div class="attention-top">${matter(top!)}</div>${rest.length ? h`<div class="attention-rest muted">${rest.map((m) => h`<div>${matter(m)}</div>`)}</div>` : ""}`;
}

function matter(m: OverviewRow["attention"][number]): Html {
  const d = m.decision;
  if (!d) return badge(`b-${m.kind}`, m.text);
  return h`${badge(`s-${d.severity}`, d.severity)} ${d.policy} ${d.verdict}: ${d.title} <span class="muted">${when(d.time)}</span>`;
}

function filters(clusters: readonly string[], places: readonly string[], f: OverviewFilter, base: string): Html {
  const select = (name: string, label: string, options: readonly string[], value: string | undefined, any: string) =>
    raw(
      `<label>${escapeHtml(label)}<select name="${name}"><option value="">${escapeHtml(any)}</option>${options.map((o) => `<option${o === value ? " selected" : ""}>${escapeHtml(o)}</option>`).join("")}</select></label>`,
    );
  return h`<form class="filters" method="get" action="${base}" aria-label="Filters">
${places.length ? select("account", "account/Region", places, f.account, "all accounts") : ""}
${select("cluster", "cluster", clusters, f.cluster, "all clusters")}
${select("policy", "policy (observe or enforce)", POLICY_IDS, f.policy, "any policy")}
${select("severity", "leads with a decision at least", SEVERITIES, f.severity, "any severity")}
<button type="submit">Filter</button></form>`;
}

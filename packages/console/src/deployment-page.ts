import { badge, h, link, page, serverLinks, slug, table, when, type Html, type Links } from "./html.ts";
import type { DeploymentView } from "./read-model.ts";
import { revisionOf } from "./read-model.ts";

// One deployment: its events in order, each failed task's stop class and reason, the rollback,
// and the pipeline execution and commit behind it when the provenance store knows them.

export function deploymentPage(view: DeploymentView, links: Links = serverLinks()): string {
  return page(`Deployment ${view.record.deploymentId}`, deploymentBody(view, links, "h1"), { home: links.home });
}

export function deploymentBody(view: DeploymentView, links: Links, heading: "h1" | "h3"): Html {
  const r = view.record;
  const title = h`<${heading} id="dep--${slug(view.cluster, view.service, r.deploymentId)}">Deployment ${r.deploymentId}</${heading}>`;
  return h`<p>${link(links.service(view), `${view.cluster}/${view.service}`)}</p>
${title}
<p>${revisionOf(r)} ${badge(`o-${r.outcome}`, r.outcome === "rolled-back" ? "rolled back" : r.outcome)} · started ${when(r.startedAt)}${r.completedAt ? ` · completed ${when(r.completedAt)}` : ""}${r.failedAt ? ` · failed ${when(r.failedAt)}` : ""}${r.initiatedBy ? ` · started by ${r.initiatedBy}` : ""}${view.rollbackOf ? ` · rollback of ${view.rollbackOf}` : ""}</p>
<h2>Pipeline</h2>
${view.pipeline ? h`<p id="pipeline">Pipeline ${view.pipeline.pipeline}, execution ${view.pipeline.url ? link(view.pipeline.url, view.pipeline.executionId) : view.pipeline.executionId}${view.pipeline.commit ? h`, commit <code>${view.pipeline.commit}</code>` : ""}</p>` : h`<p class="empty">No pipeline execution recorded for this deployment.</p>`}
<h2>Rollback</h2>
${view.rollback ? h`<p id="rollback">Rolled back ${when(view.rollback.at)}${view.rollback.by ? ` by ${view.rollback.by}` : ""}${view.rollback.rollbackDeployment ? h` with ${link(links.deployment(view, view.rollback.rollbackDeployment), view.rollback.rollbackDeployment)}` : ""}.</p>${view.rollback.reasons.length ? h`<ul>${view.rollback.reasons.map((x) => h`<li>${x}</li>`)}</ul>` : ""}` : h`<p class="empty">Not rolled back.</p>`}
<h2>Failures</h2>
${table(
  "Failed tasks, in order, with their stop class and reason",
  ["time", "task", "stop class", "reason"],
  view.failures.map((f) => [when(f.time), f.taskId, f.class, f.explanation]),
  { name: "failures", empty: "No failed task." },
)}
<h2>Events</h2>
${table(
  "Events, oldest first",
  ["time", "type", "what", "reason"],
  view.events.map((e) => [when(e.time), e.type, e.summary, e.reason ?? ""]),
  { name: "events", empty: "No event recorded." },
)}`;
}

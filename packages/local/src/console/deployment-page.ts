import { h, link, page, serviceHref, table, when, badge } from "./html.ts";
import type { DeploymentView } from "./read-model.ts";
import { revisionOf } from "./read-model.ts";

// One deployment: its events in order, each failed task's stop class and reason, the rollback,
// and the pipeline execution and commit behind it when the provenance store knows them.

export function deploymentPage(view: DeploymentView, base = "/"): string {
  const r = view.record;
  const body = h`<p>${link(serviceHref(base, view), `${view.cluster}/${view.service}`)}</p>
<h1>Deployment ${r.deploymentId}</h1>
<p>${revisionOf(r)} ${badge(`o-${r.outcome}`, r.outcome === "rolled-back" ? "rolled back" : r.outcome)} · started ${when(r.startedAt)}${r.completedAt ? ` · completed ${when(r.completedAt)}` : ""}${r.failedAt ? ` · failed ${when(r.failedAt)}` : ""}${r.initiatedBy ? ` · started by ${r.initiatedBy}` : ""}${view.rollbackOf ? ` · rollback of ${view.rollbackOf}` : ""}</p>
<h2>Pipeline</h2>
${view.pipeline ? h`<p id="pipeline">Pipeline ${view.pipeline.pipeline}, execution ${view.pipeline.url ? link(view.pipeline.url, view.pipeline.executionId) : view.pipeline.executionId}${view.pipeline.commit ? h`, commit <code>${view.pipeline.commit}</code>` : ""}</p>` : h`<p class="empty">No pipeline execution recorded for this deployment.</p>`}
<h2>Rollback</h2>
${view.rollback ? h`<p id="rollback">Rolled back ${when(view.rollback.at)}${view.rollback.by ? ` by ${view.rollback.by}` : ""}${view.rollback.rollbackDeployment ? h` with ${link(`${base}deployment?cluster=${encodeURIComponent(view.cluster)}&service=${encodeURIComponent(view.service)}&id=${encodeURIComponent(view.rollback.rollbackDeployment)}`, view.rollback.rollbackDeployment)}` : ""}.</p>${view.rollback.reasons.length ? h`<ul>${view.rollback.reasons.map((x) => h`<li>${x}</li>`)}</ul>` : ""}` : h`<p class="empty">Not rolled back.</p>`}
<h2>Failures</h2>
${table("Failed tasks, in order, with their stop class and reason", ["time", "task", "stop class", "reason"], view.failures.map((f) => [when(f.time), f.taskId, f.class, f.explanation]), { id: "failures", empty: "No failed task." })}
<h2>Events</h2>
${table("Events, oldest first", ["time", "type", "what", "reason"], view.events.map((e) => [when(e.time), e.type, e.summary, e.reason ?? ""]), { id: "events", empty: "No event recorded." })}`;
  return page(`Deployment ${r.deploymentId}`, body, { base });
}

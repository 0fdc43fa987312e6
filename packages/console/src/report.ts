import type { GuardrailsConfig } from "@ecs-guardrails/core/config/schema";
import { deploymentBody } from "./deployment-page.ts";
import { anchorLinks, h, page, type Html } from "./html.ts";
import { overviewBody } from "./overview-page.ts";
import { loadOverviewRows, loadServiceView, MAX_TIMELINE, type ConsoleDeps } from "./pages.ts";
import { deploymentView } from "./read-model.ts";
import { serviceBody } from "./service-page.ts";
import { defaultSources, type ConsoleSources } from "./sources.ts";
import type { ConsoleStore } from "./store.ts";

// One self-contained HTML file with the console's pages for everything a store holds (the
// replayed stream's): the overview, then each service, then each of its deployments, linked
// by anchors. The charts are inline SVG and the style is inline: nothing to fetch, no script,
// so the file can be attached to a change review and opened anywhere.

export async function renderReport(
  store: ConsoleStore,
  config: GuardrailsConfig,
  now: Date,
  title: string,
  sources: ConsoleSources = defaultSources(config),
): Promise<string> {
  const deps: ConsoleDeps = { store, config, sources, now: () => now };
  const summaries = await store.services();
  const sections: Html[] = [];
  for (const { state } of summaries) {
    const view = await loadServiceView(deps, state);
    if (!view) continue;
    const [deployments, timeline] = await Promise.all([store.deployments(state), store.timeline(state, MAX_TIMELINE)]);
    const details: Html[] = [];
    for (const record of deployments)
      details.push(
        deploymentBody(
          deploymentView(
            record,
            deployments,
            timeline.entries,
            await store.failures(state, record.deploymentId),
            undefined,
          ),
          anchorLinks,
          "h3",
        ),
      );
    sections.push(h`<section>${serviceBody(view, anchorLinks)}<h2>Deployment details</h2>${details}</section>`);
  }
  const body = h`${overviewBody(await loadOverviewRows(deps, now), {}, { links: anchorLinks, now, filters: false })}${sections}`;
  return page(title, body, { home: anchorLinks.home, generated: now.toISOString() });
}

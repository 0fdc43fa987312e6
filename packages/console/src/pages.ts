import type { GuardrailsConfig } from "@ecs-guardrails/core/config/schema";
import type { ServiceRef } from "@ecs-guardrails/core/events/model";
import { deploymentPage } from "./deployment-page.ts";
import { overviewPage } from "./overview-page.ts";
import { serviceKey } from "@ecs-guardrails/core/model/service-ref";
import { ecsNow, overviewRows, type OverviewFilter, type OverviewRow, type ServiceFacts } from "./overview-model.ts";
import { deploymentView, serviceView, type ServiceView } from "./read-model.ts";
import { servicePage } from "./service-page.ts";
import type { ConsoleSources } from "./sources.ts";
import type { ConsoleStore } from "./store.ts";

// Load → build the view → render: one function per page, each answering undefined for
// something the history does not hold (the server makes that a 404).

/** A service page reads at most this many timeline entries (the newest). */
export const MAX_TIMELINE = 10_000;

export type ConsoleDeps = { store: ConsoleStore; sources: ConsoleSources; config: GuardrailsConfig; now: () => Date };

export async function renderOverview(deps: ConsoleDeps, filter: OverviewFilter): Promise<string> {
  const now = deps.now();
  return overviewPage(await loadOverviewRows(deps, now), filter, { now });
}

/** The history's services with what the sources know of each (tags, ECS now, monthly cost). */
export async function loadOverviewRows(deps: ConsoleDeps, now: Date): Promise<OverviewRow[]> {
  const [summaries, costs] = await Promise.all([deps.store.services(), deps.sources.monthlyCosts()]);
  const facts = new Map<string, ServiceFacts>();
  await Promise.all(
    summaries.map(async ({ state }) => {
      const [tags, ecs] = await Promise.all([deps.sources.tags(state), deps.sources.ecsService(state)]);
      const described = ecs === "missing" ? undefined : ecs;
      facts.set(serviceKey(state), {
        // ECS's own tags when it was asked: the ones the engine resolves the service's settings with.
        tags: described?.tags ?? tags,
        ecs: ecs === undefined ? undefined : ecsNow(described),
        monthlyCost: costs.get(serviceKey(state)),
      });
    }),
  );
  return overviewRows(summaries, deps.config, now, (ref) => facts.get(serviceKey(ref)) ?? {});
}

export async function loadServiceView(deps: ConsoleDeps, ref: ServiceRef): Promise<ServiceView | undefined> {
  const now = deps.now();
  const [state, deployments, timeline, recommendation, schedule] = await Promise.all([
    deps.store.state(ref),
    deps.store.deployments(ref),
    deps.store.timeline(ref, MAX_TIMELINE),
    deps.sources.recommendation(ref),
    deps.sources.schedule(ref, now),
  ]);
  if (!state && deployments.length === 0 && timeline.entries.length === 0) return undefined;
  return serviceView(
    {
      ref,
      state,
      deployments,
      timeline: timeline.entries,
      truncated: timeline.truncated,
      schedule,
      recommendation,
      tags: await deps.sources.tags(ref),
      ecsBreaker: await deps.sources.ecsBreaker(ref),
    },
    deps.config,
    now,
  );
}

export async function renderService(deps: ConsoleDeps, ref: ServiceRef): Promise<string | undefined> {
  const view = await loadServiceView(deps, ref);
  return view && servicePage(view);
}

export async function renderDeployment(
  deps: ConsoleDeps,
  ref: ServiceRef,
  deploymentId: string,
): Promise<string | undefined> {
  const deployments = await deps.store.deployments(ref);
  const record = deployments.find((d) => d.deploymentId === deploymentId);
  if (!record) return undefined;
  const [timeline, failures, pipeline] = await Promise.all([
    deps.store.timeline(ref, MAX_TIMELINE),
    deps.store.failures(ref, deploymentId),
    deps.sources.pipeline(ref, deploymentId),
  ]);
  return deploymentPage(deploymentView(record, deployments, timeline.entries, failures, pipeline));
}

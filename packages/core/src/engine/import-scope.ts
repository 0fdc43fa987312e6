import { globMatch } from "../config/glob.ts";
import { inScope } from "../config/resolve.ts";
import type { GuardrailsConfig } from "../config/schema.ts";
import type { ServiceRef } from "../events/model.ts";
import type { ServiceState } from "../history/model.ts";
import type { ImportStatus } from "../model/known-good.ts";
import type { ServiceLister } from "./gateways.ts";
import { importServiceHistory, type ImportDeps } from "./import-history.ts";

// `guardrails import`: the import of first sight (import-history.ts), run right after install
// over every service in the configured scope instead of waiting for each one's first event or
// tick. Services one at a time: a first run over a large account paces itself on ECS's answers.

export type ScopeImportDeps = ImportDeps & {
  config: GuardrailsConfig;
  ecs: ServiceLister;
  state: (ref: ServiceRef) => Promise<ServiceState | undefined>;
};

export type ScopeImportRow = ServiceRef & {
  status: ImportStatus | "imported-before" | "failed";
  deployments: number;
  since: string | undefined;
  knownGood: string | undefined;
  calls: number;
  reason: string | undefined;
};

/** Each service in scope (narrowed by the `cluster`/`service` globs): imported now, or as it was imported before. */
export async function importScope(
  deps: ScopeImportDeps,
  only: { cluster?: string | undefined; service?: string | undefined } = {},
): Promise<ScopeImportRow[]> {
  const listed = (await deps.ecs.listServices(deps.config.scope.clusters)).filter(
    (s) =>
      inScope(deps.config, s) &&
      (!only.cluster || globMatch(only.cluster, s.cluster)) &&
      (!only.service || globMatch(only.service, s.service)),
  );
  const rows: ScopeImportRow[] = [];
  for (const s of listed) {
    const ref = { cluster: s.cluster, service: s.service };
    rows.push(await importOne(ref, s.deployments, deps));
  }
  return rows;
}

async function importOne(
  ref: ServiceRef,
  listed: Parameters<typeof importServiceHistory>[2],
  deps: ScopeImportDeps,
): Promise<ScopeImportRow> {
  const before = (await deps.state(ref))?.imported;
  const base = { ...ref, since: undefined, knownGood: undefined, calls: 0, reason: undefined, deployments: 0 };
  if (before)
    return {
      ...base,
      status: "imported-before",
      deployments: before.deployments,
      since: before.since,
      reason: before.reason,
    };
  try {
    const outcome = await importServiceHistory(ref, deps, listed);
    if (outcome.status === "imported-before") return { ...base, status: "imported-before" };
    const { summary, imported } = outcome;
    return {
      ...ref,
      status: summary.status,
      deployments: summary.deployments,
      since: summary.since,
      knownGood: imported.knownGood?.config.taskDefinition,
      calls: summary.calls,
      reason: summary.reason,
    };
  } catch (error) {
    // Throttled or cut short: nothing is marked, so running the command again (or the next tick) imports it.
    return { ...base, status: "failed", reason: `${(error as Error).name}: ${(error as Error).message}` };
  }
}

import { POLICIES } from "../registry.ts";
import type { PolicyDefinition } from "./policy.ts";
import type { GuardrailsConfig } from "../config/schema.ts";
import { runPolicies, type EngineDeps, type EngineResult } from "./run.ts";
import type { AlarmEvent, GuardrailsEvent, ServiceRef } from "../events/model.ts";
import { parseEvent } from "../events/parse.ts";
import type { RecordOutcome } from "../history/model.ts";
import type { DecisionStore } from "./ports.ts";
import { recordEvent, type IngestDeps } from "./ingest.ts";
import { archivedAt } from "../history/event-archive.ts";
import { type Place, placeOf } from "../model/service-ref.ts";
import type { OuScopes } from "../organization/ou-paths.ts";
import { inPlaces } from "../config/ou-scopes.ts";

/** The ports that call a member account's AWS APIs: its ECS, read and acted on as the member's role. */
export type MemberEnginePorts<E = EngineDeps["ecs"]> = { ecs: E } & Partial<
  Pick<EngineDeps, "scalableTargets" | "serviceDeployments" | "executors" | "imports">
>;
/** A member's ports for its events: the engine's, and the resolver its deployment events need. */
export type MemberPorts = MemberEnginePorts & Pick<IngestDeps, "deployments">;

/** What processEvent needs: the ingest's ports and the events' side of the engine. */
export type EventDeps = IngestDeps &
  EngineDeps & {
    /**
     * A member account's ports (behind a hub, engine/accounts.ts). Without it a member's event
     * is recorded and decides nothing: home's clients must never act on a member's service.
     */
    forPlace?: ((place: Place) => Promise<MemberPorts>) | undefined;
    /**
     * The configuration settled for an account's OUs (organization/ou-paths.ts), asked only for
     * an event that decides; absent (no rule names an OU): `config` as it is.
     */
    ouScopes?: OuScopes | undefined;
  };
/** The same with the whole decision store, as the reconcile also needs it (tests run both over one set). */
export type ProcessDeps = EventDeps & { store: DecisionStore };
export type ProcessResult = { event: GuardrailsEvent; outcome: RecordOutcome; results: EngineResult[] };

/**
 * What the ingest function does with every event: record it in the history, then let the
 * policies decide. A redelivery runs the policies again — it may be Lambda's retry of an
 * invocation that recorded the event and then failed — and their decisions are claimed once
 * per key, so it never decides twice. A late (stale) event decides nothing.
 */
export async function processEvent(raw: unknown, deps: EventDeps): Promise<ProcessResult> {
  const event = parseEvent(raw, deps.home);
  // Kept before anything is decided: a replay of the export must see every event live saw.
  await deps.archive?.keep(raw, archivedAt(event));
  const place = event.account ? { account: event.account, region: event.region ?? "" } : undefined;
  const ports = place ? await portsOf(place, deps) : deps;
  if (event.kind === "alarm")
    return processAlarm(event, await settled(event, ports ? { ...deps, ...ports } : deps), ports !== undefined);
  const outcome = await recordEvent(event, ports ? { ...deps, ...ports } : { ...deps, deployments: UNRESOLVED });
  const ref = serviceOf(event);
  const results =
    decides(outcome) && ref && ports ? await runPolicies(event, ref, await settled(event, { ...deps, ...ports })) : [];
  return { event, outcome, results };
}

/** The deps with the configuration settled for the event's account (home's when it names none). */
async function settled(event: GuardrailsEvent, deps: EventDeps): Promise<EventDeps> {
  return deps.ouScopes ? { ...deps, config: await deps.ouScopes.configOf(event.account) } : deps;
}

/** A member's ports, or undefined when this deployment cannot act there (then nothing is decided). */
async function portsOf(place: Place, deps: EventDeps): Promise<MemberPorts | undefined> {
  return deps.forPlace ? deps.forPlace(place) : undefined;
}

/** Without a member's ports its deployments' task definitions stay unknown, never read from home's ECS. */
const UNRESOLVED: IngestDeps["deployments"] = { taskDefinitionOf: async () => undefined };

/** An alarm concerns every service whose settings route it (a capability's routesAlarm: auto-rollback's alarms). */
async function processAlarm(event: AlarmEvent, deps: EventDeps, acts: boolean): Promise<ProcessResult> {
  const results: EngineResult[] = [];
  let outcome: RecordOutcome = { status: "ignored", reason: `alarm ${event.alarmName} is not mapped to any service` };
  // An alarm forwarded from a member account concerns the mapped services in that account.
  for (const ref of servicesForAlarm(deps.config, event.alarmName, placeOf(event))) {
    outcome = await deps.store.recordAlarm(ref, {
      name: event.alarmName,
      state: event.state,
      at: event.time,
      eventId: event.eventId,
      reason: event.reason,
    });
    if (decides(outcome) && acts) results.push(...(await runPolicies(event, ref, deps)));
  }
  return { event, outcome, results };
}

const decides = (outcome: RecordOutcome) => outcome.status === "recorded" || outcome.status === "duplicate";

function serviceOf(event: GuardrailsEvent): ServiceRef | undefined {
  if (event.kind === "task")
    return event.service ? { cluster: event.cluster, service: event.service, ...placeOf(event) } : undefined;
  if (event.kind === "deployment" || event.kind === "service-action" || event.kind === "hook")
    return { cluster: event.cluster, service: event.service, ...placeOf(event) };
  return undefined;
}

/**
 * Alarm mappings live in overrides that name one cluster and one service exactly; the alarm's
 * account and Region (home's: none) must be among the override's, if it names them.
 */
export function servicesForAlarm(
  config: GuardrailsConfig,
  alarmName: string,
  place: { account?: string; region?: string } = {},
): ServiceRef[] {
  return config.overrides
    .filter(
      (o) =>
        !/[*?]/.test(o.cluster + o.service) &&
        inPlaces(o, { cluster: o.cluster, service: o.service, ...place }) &&
        Object.values(POLICIES).some((d: PolicyDefinition<never>) =>
          d.routesAlarm?.(alarmName, (o.policies as Record<string, never>)[d.id]),
        ),
    )
    .map((o) => ({ cluster: o.cluster, service: o.service, ...place }));
}

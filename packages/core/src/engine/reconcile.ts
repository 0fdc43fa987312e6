import { inScope, resolveSettings, withServiceTags, type ResolvedSettings } from "../config/resolve.ts";
import type { GuardrailsConfig } from "../config/schema.ts";
import { ActionFailedError } from "../errors.ts";
import {
  RECONCILE_MINUTES,
  tickNeedsScalableTarget,
  tickPolicies,
  type EngineDeps,
  type EngineResult,
  type Resolution,
} from "./run.ts";
import { retryParked } from "./parked.ts";
import type { ServiceRef } from "../events/model.ts";
import type { CapabilityId } from "./policy.ts";
import { guardrailsNotice, type Notice } from "../notifications/notice.ts";
import type { DecisionStore, ParkedDecision, PeekedService, ServiceGateway, ServiceLister } from "./ports.ts";
import { quietOnTick } from "./quiet.ts";
import { tickingPolicies, type RegisteredPolicy } from "../registry.ts";
import { prefetched } from "./prefetch-targets.ts";
import type { ServiceDescription } from "../model/description.ts";
import { mapLimit } from "../util/concurrency.ts";
import { type Place, placeOf, serviceKey } from "../model/service-ref.ts";
import { IMPORTS_PER_TICK, importAllowance } from "./first-sight.ts";
// The reconcile evaluates schedules: it loads the window maths (and croner) for the capabilities.
import "../time/holds.ts";

/** The engine's ports with the whole decision store (its parked decisions, attention lists and tick problems) and ECS's listing of services. */
export type ReconcileDeps = EngineDeps & { store: DecisionStore; ecs: ServiceGateway & ServiceLister };
export type ServiceFailure = ServiceRef & { error: string };
export type ReconcileResult = { services: number; results: EngineResult[]; failures: ServiceFailure[] };

/**
 * The store's lists a tick starts from: the services each policy asked to watch, the parked
 * decisions. They span every account, so a tick across accounts reads them once for all its
 * passes (engine/accounts.ts), each pass keeping its own account's.
 */
export type TickLists = {
  watched(store: DecisionStore, policy: CapabilityId): Promise<ServiceRef[]>;
  parked(store: DecisionStore): Promise<ParkedDecision[]>;
};

/** The lists as read by each caller; `once`: each read at most once, the same answer for every pass of a tick. */
export function readLists(options: { once?: boolean } = {}): TickLists {
  const cache = new Map<string, Promise<unknown>>();
  const read = <T>(key: string, get: () => Promise<T>): Promise<T> => {
    if (!options.once) return get();
    if (!cache.has(key)) cache.set(key, get());
    return cache.get(key) as Promise<T>;
  };
  return {
    watched: (store, policy) => read(`attention#${policy}`, () => store.servicesNeedingAttention(policy)),
    parked: (store) => read("parked", () => store.parkedDecisions()),
  };
}

/** Services looked at in parallel: DynamoDB and ECS reads overlap, and the ECS budget (docs/design/aws-facts.md#api-budgets-and-service-limits) is far away. */
export const RECONCILE_CONCURRENCY = 8;

/**
 * The periodic, level-triggered pass: every service a policy asked to watch (e.g. in Spot
 * fallback), every service with a decision waiting for a retry (blocked or failed), and every
 * service in scope a policy wants to look at — judged from the stored state and ECS as it is
 * now. A missed or doubled tick changes nothing: decisions are claimed once, and a state that
 * did not change decides nothing new.
 *
 * Each service is isolated: one that fails (deleted, throttled, busy) is reported and skipped,
 * and the others are still looked at. The tick itself fails only when it cannot list services.
 */
export async function reconcileServices(
  deps: ReconcileDeps,
  options: { concurrency?: number; importsPerTick?: number; place?: Place | undefined; lists?: TickLists } = {},
): Promise<ReconcileResult> {
  const policies = deps.policies ?? tickingPolicies;
  // One account and Region per pass (engine/accounts.ts): `deps.ecs` lists that account's
  // services, and the shared store's lists are narrowed to the ones that live there.
  const here = (ref: ServiceRef) =>
    ref.account === options.place?.account && (ref.region ?? "") === (options.place?.region ?? "");
  const lists = options.lists ?? readLists();
  const [watched, parked, listed] = await Promise.all([
    Promise.all(policies.filter((p) => p.policy.tick).map((p) => lists.watched(deps.store, p.policy.id))).then((r) =>
      r.flat().filter(here),
    ),
    lists.parked(deps.store).then((all) => all.filter(here)),
    deps.ecs
      .listServices(deps.config.scope.clusters)
      .then((all) => (options.place ? all.map((s) => ({ ...s, ...options.place })) : all)),
  ]);
  const targets = new Map<
    string,
    { ref: ServiceRef; known: ServiceDescription | undefined; parked: ParkedDecision[] }
  >();
  const add = (ref: ServiceRef, known: ServiceDescription | undefined) =>
    targets.get(key(ref)) ?? targets.set(key(ref), { ref, known, parked: [] }).get(key(ref))!;
  const byKey = new Map(listed.map((s) => [key(s), s]));
  // Each service's settings, resolved once for this tick: from the configuration, then with
  // the listed service's tags on top (the same object without a guardrails tag).
  const resolutions = new Map<string, Resolution>();
  const resolutionOf = (ref: ServiceRef, known: ServiceDescription | undefined): Resolution => {
    const found = resolutions.get(key(ref));
    if (found) return found;
    const configured = resolveSettings(deps.config, ref);
    const resolution = known
      ? {
          configured,
          tagged: { tags: known.tags, settings: withServiceTags(deps.config, ref, configured, known.tags) },
        }
      : { configured };
    resolutions.set(key(ref), resolution);
    return resolution;
  };
  for (const s of listed)
    if (wantedBy(policies, s, resolutionOf(s, s).tagged!.settings))
      add({ cluster: s.cluster, service: s.service, ...placeOf(s) }, s);
  for (const ref of watched) add(ref, byKey.get(key(ref)));
  for (const p of parked)
    add({ cluster: p.cluster, service: p.service, ...placeOf(p) }, byKey.get(key(p))).parked.push(p);

  const results: EngineResult[] = [];
  const failures: ServiceFailure[] = [];
  // A watched service that left the scope is still visited: what enforce changed there is
  // handed over once (engine/owed.ts), and that takes it off the attention list.
  const watchedKeys = new Set(watched.map(key));
  const inScopeTargets = [...targets.values()].filter(
    (t) => inScope(deps.config, t.ref) || watchedKeys.has(key(t.ref)),
  );
  const engine = await withScalableTargets(
    withImportAllowance(deps, options.importsPerTick ?? IMPORTS_PER_TICK),
    inScopeTargets.map((t) => t.ref),
    (ref) => resolutionOf(ref, byKey.get(key(ref))).configured,
  );
  // Services with nothing due are judged from their stored states, read a page at a time (quiet.ts).
  const quiet = await quietKeys(inScopeTargets, engine, (ref) => resolutionOf(ref, byKey.get(key(ref))));
  await mapLimit(
    inScopeTargets.filter((t) => !quiet.has(key(t.ref))),
    options.concurrency ?? RECONCILE_CONCURRENCY,
    async ({ ref, known, parked: waiting }) => {
      let problem: string | undefined;
      try {
        results.push(
          ...(await tickPolicies(
            ref,
            engine,
            known,
            (s) => (problem = s.state?.tickProblem),
            resolutionOf(ref, known),
          )),
        );
        results.push(...(await retryParked(ref, waiting, engine)));
        if (problem) await reportRecovery(ref, problem, deps);
      } catch (error) {
        const failure = { ...ref, error: `${(error as Error).name}: ${(error as Error).message}` };
        failures.push(failure);
        // A failed action is its decision's story (recorded, announced, retried), not a problem
        // looking at the service.
        if (!(error instanceof ActionFailedError)) await reportProblem(failure, deps).catch(() => undefined);
      }
    },
  );
  return { services: inScopeTargets.length, results, failures };
}

/**
 * Whether a policy's tick wants a listed service, judged with the service's settings (its tags
 * applied). A service with an ignored tag is looked at too: its owners hear of the tag within a
 * tick, without waiting for an event (announced once: engine/tag-notices.ts).
 */
export function wantedByTick(
  policies: readonly RegisteredPolicy[],
  s: ServiceDescription,
  config: GuardrailsConfig,
): boolean {
  return wantedBy(policies, s, resolveSettings(config, s, s.tags));
}

function wantedBy(
  policies: readonly RegisteredPolicy[],
  s: ServiceDescription,
  { policies: settings, problems }: ResolvedSettings,
): boolean {
  if (problems.some((p) => p.policy)) return true;
  return policies.some((p) => p.policy.wantsTick?.(s, undefined, settings[p.id]));
}

/**
 * The targets whose tick would do nothing (quiet.ts), from their stored states read in pages
 * (DecisionStore.peekServices). A service with a parked decision or missing from the listing is
 * never quiet; a failed read judges none quiet, and each is then looked at in full.
 */
async function quietKeys(
  targets: readonly { ref: ServiceRef; known: ServiceDescription | undefined; parked: ParkedDecision[] }[],
  deps: ReconcileDeps,
  resolution: (ref: ServiceRef) => Resolution,
): Promise<Set<string>> {
  const listed = targets.filter((t) => t.known && t.parked.length === 0);
  if (!deps.store.peekServices || listed.length === 0) return new Set();
  const peeked = await deps.store
    .peekServices(
      listed.map((t) => ({ ref: t.ref, deployments: t.known!.deployments.flatMap((d) => (d.id ? [d.id] : [])) })),
    )
    .catch(() => new Map<string, PeekedService>());
  const now = deps.clock.now();
  const quiet = listed.filter((t) => {
    const found = peeked.get(key(t.ref));
    return (
      found !== undefined &&
      quietOnTick({
        ref: t.ref,
        known: t.known!,
        peeked: found,
        parked: false,
        resolution: resolution(t.ref),
        deps,
        now,
      })
    );
  });
  return new Set(quiet.map((t) => key(t.ref)));
}

/** The scalable targets of every service whose tick reads one, in one batched pass (prefetch.ts). */
async function withScalableTargets(
  deps: ReconcileDeps,
  refs: ServiceRef[],
  configured: (ref: ServiceRef) => ResolvedSettings,
): Promise<ReconcileDeps> {
  if (!deps.scalableTargets) return deps;
  const needing = refs.filter((ref) => tickNeedsScalableTarget(configured(ref), deps));
  return { ...deps, scalableTargets: await prefetched(deps.scalableTargets, needing) };
}

/** This tick's share of imports of ECS's deployment history (first-sight.ts): the rest wait for later ticks. */
function withImportAllowance(deps: ReconcileDeps, limit: number): ReconcileDeps {
  return deps.imports ? { ...deps, imports: { ...deps.imports, allowance: importAllowance(limit) } } : deps;
}

/** A problem is announced when the next tick still has it (a tick is every 5 minutes; a minute of slack). */
const ANNOUNCE_AFTER_MS = (RECONCILE_MINUTES - 1) * 60_000;

/** One notice when a service keeps failing the reconcile, not one per tick, none for a passing fault. */
async function reportProblem(f: ServiceFailure, deps: ReconcileDeps): Promise<void> {
  if (
    !(await deps.store.markTickProblem(f, f.error, deps.clock.now().toISOString(), {
      announceAfterMs: ANNOUNCE_AFTER_MS,
    }))
  )
    return;
  await deps.notifier.publish(
    tickNotice(
      f,
      "warning",
      `The guardrails cannot look at ${f.cluster}/${f.service}`,
      `the reconcile failed for this service (${f.error}); the other services are still looked at, and it is tried again every tick`,
    ),
  );
}

async function reportRecovery(ref: ServiceRef, problem: string, deps: ReconcileDeps): Promise<void> {
  if (!(await deps.store.markTickProblem(ref, undefined, deps.clock.now().toISOString()))) return;
  await deps.notifier.publish(
    tickNotice(
      ref,
      "info",
      `The guardrails look at ${ref.cluster}/${ref.service} again`,
      `the reconcile works for this service again (it failed with ${problem})`,
    ),
  );
}

function tickNotice(ref: ServiceRef, severity: Notice["severity"], title: string, reason: string): Notice {
  return guardrailsNotice(ref, {
    severity,
    title,
    description: `**${ref.cluster}/${ref.service}**: ${reason}.`,
    nextSteps: [
      "Check the function's logs and its permissions on this service",
      "`guardrails history --cluster <cluster> --service <service>` shows what was last recorded",
    ],
    threadId: `${serviceKey(ref)}/reconcile`,
    eventType: `guardrails.reconcile.${severity === "info" ? "recovered" : "failing"}`,
    dedupeKey: `reconcile#${serviceKey(ref)}#${reason}`,
    keywords: ["guardrails", ref.cluster, ref.service],
  });
}

const key = serviceKey;

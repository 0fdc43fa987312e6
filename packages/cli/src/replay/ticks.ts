import { anyGlob } from "@ecs-guardrails/core/config/glob";
import { type Place, placeOf, serviceKey } from "@ecs-guardrails/core/model/service-ref";
import type { ReconcileDeps } from "@ecs-guardrails/core/engine/reconcile";
import type { ServiceRef } from "@ecs-guardrails/core/events/model";
import { tickingPolicies, type RegisteredPolicy } from "@ecs-guardrails/core/registry";
import type { Policy } from "@ecs-guardrails/core/engine/policy";
import { due } from "@ecs-guardrails/core/engine/run";
import { reconcileServices, wantedByTick, type ReconcileResult } from "@ecs-guardrails/core/engine/reconcile";
import { tickSchedule } from "./tick-schedule.ts";

// The scheduled reconcile of one service, every 5 minutes of its event time (at live's recorded
// ticks inside their span: tick-schedule.ts), run only where it
// would do something. Why skipping is exact:
// - between two of a service's events nothing changes for it but the time: the simulated ECS
//   moves only with the stream and with our own actions, and only the service's own events
//   and ticks write its history;
// - before each 5-minute slot, the reconcile runs as a probe: the real code, at the slot's
//   time, on reads cached since the last change, with every write (claim, saved state, record,
//   UpdateService, publish, the import of ECS's history at a first sight) stopping it. A
//   probe that reaches no write means the real tick would have written nothing and decided
//   nothing: skipping it leaves the world unchanged,
//   so the next slot's probe is again exact (by induction over the slots of the gap);
// - a slot whose probe reaches a write runs as the real tick.
// A probe is cheap (no I/O once the reads are cached). Two cases clear the rest of a gap at once:
// - no policy wants to look at the service (no Spot, no state asking for attention): the
//   reconcile's targets do not depend on the time;
// - the probe did nothing and no policy's tick read the time (`now`, or the recent timeline
//   picked by it): the same reads give the same nothing at every later slot.

export class WouldAct extends Error {
  override name = "WouldAct";
}

export type LaneTicks = {
  /** Runs every slot due up to `time` (inclusive) that would do something; `tick` runs it for real. */
  moveTo(time: number, tick: (at: number) => Promise<ReconcileResult>): Promise<void>;
  /** Something changed (an event, a tick): the cached reads are stale. */
  changed(): void;
  readonly ticksRun: number;
  readonly probes: number;
};

export type LaneTickOptions = {
  start: number;
  everyMs: number;
  now: () => number;
  setNow: (ms: number) => void;
  /** Run every slot for real, as EventBridge Scheduler would (the reference the skipping is checked against). */
  everySlot?: boolean;
  /** The times live's reconcile ran (an export's tick lines): the slots inside their span (tick-schedule.ts). */
  recorded?: readonly number[];
  /** The simulated ECS's pending work for this service (a rollout in progress). */
  work?: { nextAt(): number | undefined; runUntil(time: number): void };
};

export function laneTicks(ref: ServiceRef, deps: ReconcileDeps, options: LaneTickOptions): LaneTicks {
  const schedule = tickSchedule(options.start, options.everyMs, options.recorded);
  let next = schedule.from(options.start, true);
  let cache = new Map<string, Promise<unknown>>();
  let ticksRun = 0;
  let probes = 0;
  let slotTime = 0;
  let timeRead = false;
  const probeDeps = probing(
    ref,
    deps,
    () => cache,
    () => slotTime,
    () => void (timeRead = true),
  );
  /** "act": run the real tick; "wait": nothing now, maybe later; "idle": nothing at any later slot either. */
  const probe = async (at: number): Promise<"act" | "wait" | "idle"> => {
    probes += 1;
    slotTime = at;
    timeRead = false;
    try {
      const result = await reconcileServices(probeDeps, { place: placeOfLane(ref) });
      // A failure the real tick reports (once) is an act too.
      if (result.results.length > 0 || result.failures.length > 0) return "act";
      return timeRead ? "wait" : "idle";
    } catch {
      // A write stopped it, or a failure the real tick is to meet and report.
      return "act";
    }
  };
  const cadenced = (deps.policies ?? tickingPolicies).filter(
    (p) => p.policy.tick && p.policy.cadence && p.policy.cadence.everyMinutes * 60_000 > options.everyMs,
  );
  /**
   * Skips the slots up to `limit` (inclusive, or before it), except one where a policy with a
   * longer cadence becomes due: it was no candidate when the probe found nothing to do.
   */
  const skipTo = (limit: number, inclusive: boolean) => {
    const within = () => (inclusive ? next <= limit : next < limit);
    if (cadenced.length === 0) {
      if (within()) next = schedule.from(limit, inclusive);
      return;
    }
    while (within() && !cadenced.some((p) => due(p.policy.cadence, new Date(next)))) next = schedule.from(next, true);
  };
  /** Judges the slots up to `limit`; runs the first that would act and returns true (the world changed). */
  const slots = async (
    limit: number,
    inclusive: boolean,
    tick: (at: number) => Promise<ReconcileResult>,
  ): Promise<boolean> => {
    while (inclusive ? next <= limit : next < limit) {
      if (!options.everySlot && (await wantsNoTick(probeDeps, () => cache))) {
        // No policy looks at this service: no slot up to the limit can do anything.
        skipTo(limit, inclusive);
        return false;
      }
      const at = next;
      next = schedule.from(at, true);
      const verdict = options.everySlot ? "act" : await probe(at);
      if (verdict === "idle") {
        skipTo(limit, inclusive);
        return false;
      }
      if (verdict === "wait") continue;
      options.setNow(Math.max(at, options.now()));
      ticksRun += 1;
      await tick(at);
      cache = new Map();
      return true;
    }
    return false;
  };
  return {
    get ticksRun() {
      return ticksRun;
    },
    get probes() {
      return probes;
    },
    changed: () => void (cache = new Map()),
    async moveTo(time, tick) {
      // The simulated ECS's own work for the service (a rollout we started) changes the world:
      // slots are judged between its moments, and its work at a moment runs before that slot.
      for (;;) {
        const work = options.work?.nextAt();
        const due = work !== undefined && work <= time;
        // A tick that acted may have given ECS work (UpdateService): look again.
        if (await slots(due ? work : time, !due, tick)) continue;
        if (!due) break;
        options.setNow(work);
        options.work!.runUntil(work);
        cache = new Map();
      }
      options.setNow(Math.max(time, options.now()));
    },
  };
}

/** A member's service is reconciled in its account's pass (engine/accounts.ts); home's in home's. */
export function placeOfLane(ref: ServiceRef): Place | undefined {
  return ref.account ? { account: ref.account, region: ref.region ?? "" } : undefined;
}

/** True when the reconcile has nothing to look at for this service (independent of the time). */
async function wantsNoTick(deps: ReconcileDeps, cache: () => Map<string, Promise<unknown>>): Promise<boolean> {
  const key = "targets";
  if (!cache().has(key)) {
    const policies = (deps.policies ?? tickingPolicies).filter((p) => p.policy.tick);
    cache().set(
      key,
      (async () => {
        const watched = (
          await Promise.all(policies.map((p) => deps.store.servicesNeedingAttention(p.policy.id)))
        ).flat();
        const parked = await deps.store.parkedDecisions();
        const listed = await deps.ecs.listServices(deps.config.scope.clusters);
        return (
          watched.length === 0 && parked.length === 0 && !listed.some((s) => wantedByTick(policies, s, deps.config))
        );
      })().catch(() => false), // A member that cannot be reached: the real tick meets it (and says so once).
    );
  }
  return (await cache().get(key)) as boolean;
}

/**
 * The engine's dependencies narrowed to one service (the reconcile lists only it), and, for
 * probes, with reads cached and writes refused. `deps` must already be narrowed for real ticks.
 */
export function narrowed(ref: ServiceRef, deps: ReconcileDeps): ReconcileDeps {
  const mine = (r: ServiceRef) => serviceKey(r) === serviceKey(ref);
  return {
    ...deps,
    store: {
      ...bind(deps.store),
      servicesNeedingAttention: async (p) => (await deps.store.servicesNeedingAttention(p)).filter(mine),
      parkedDecisions: async () => (await deps.store.parkedDecisions()).filter(mine),
    },
    ecs: {
      ...bind(deps.ecs),
      // What ListClusters → ListServices → DescribeServices would list of this service.
      listServices: async (globs) => {
        if (!anyGlob(globs, ref.cluster)) return [];
        const d = await deps.ecs.describeService(ref);
        return d && d.status === "ACTIVE" ? [{ ...d, ...placeOf(ref) }] : [];
      },
    },
  };
}

function probing(
  ref: ServiceRef,
  deps: ReconcileDeps,
  cache: () => Map<string, Promise<unknown>>,
  now: () => number,
  onTimeRead: () => void,
): ReconcileDeps {
  const real = narrowed(ref, deps);
  const read = <T>(key: string, load: () => Promise<T>): Promise<T> => {
    const map = cache();
    if (!map.has(key)) map.set(key, load());
    return map.get(key) as Promise<T>;
  };
  const refuse = async (): Promise<never> => {
    throw new WouldAct("a write");
  };
  return {
    ...real,
    clock: { now: () => new Date(now()) },
    store: {
      loadHistory: async (r, o) => {
        const history = await read(`history ${r.cluster}/${r.service} ${JSON.stringify(o ?? {})}`, () =>
          real.store.loadHistory(r, o),
        );
        // A service not yet imported is imported at this sight (engine/first-sight.ts): a write
        // the probe cannot refuse there (a failed import never stops a decision), so here.
        if (real.imports && !history.state?.imported) await refuse();
        return history;
      },
      servicesNeedingAttention: (p) => read(`attention ${p}`, () => real.store.servicesNeedingAttention(p)),
      parkedDecisions: () => read("parked", () => real.store.parkedDecisions()),
      claim: refuse,
      resume: refuse,
      complete: refuse,
      park: refuse,
      delivered: refuse,
      unwatch: refuse,
      markTickProblem: refuse,
      savePolicyState: refuse,
      recordAlarm: refuse,
    },
    history: {
      timeline: (r, o) =>
        read(`timeline ${r.cluster}/${r.service} ${JSON.stringify(o ?? {})}`, () => real.history.timeline(r, o)),
    },
    ecs: {
      describeService: (r) => read(`describe ${r.cluster}/${r.service}`, () => real.ecs.describeService(r)),
      listServices: (globs) => read(`list ${globs.join(",")}`, () => real.ecs.listServices(globs)),
      updateService: refuse,
    },
    notifier: { publish: refuse },
    policies: (deps.policies ?? tickingPolicies).map((p) => watchingTime(p, onTimeRead)),
  };
}

/** The policy with its tick told a `now` (and a snapshot) that report when the time is read. */
function watchingTime(entry: RegisteredPolicy, onTimeRead: () => void): RegisteredPolicy {
  const tick = entry.policy.tick;
  if (!tick) return entry;
  const watched: Policy<never>["tick"] = (context) => {
    const now = new Proxy(context.now, {
      get(target, key) {
        onTimeRead();
        const value = Reflect.get(target, key, target) as unknown;
        return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
    // The recent timeline is chosen by the time too.
    const snapshot = new Proxy(context.snapshot, {
      get(target, key) {
        if (key === "recent") onTimeRead();
        return Reflect.get(target, key, target) as unknown;
      },
    });
    return tick.call(entry.policy, { ...context, now, snapshot });
  };
  return { ...entry, policy: { ...entry.policy, tick: watched } };
}

/** The methods of an adapter instance as own properties, so spreading keeps them working. */
function bind<T extends object>(target: T): T {
  const out: Record<string, unknown> = {};
  let proto: object | null = target;
  while (proto && proto !== Object.prototype) {
    for (const name of Object.getOwnPropertyNames(proto)) {
      const value = (target as Record<string, unknown>)[name];
      if (name !== "constructor" && typeof value === "function" && !(name in out))
        out[name] = (value as (...a: unknown[]) => unknown).bind(target);
    }
    proto = Object.getPrototypeOf(proto);
  }
  return out as T;
}

import { parseConfig } from "@ecs-guardrails/core/config/load";
import type { GuardrailsConfig } from "@ecs-guardrails/core/config/schema";
import type { EngineResult } from "@ecs-guardrails/core/engine/run";
import type { GuardrailsEvent, ServiceRef } from "@ecs-guardrails/core/events/model";
import type { ReconcileDeps, ReconcileResult } from "@ecs-guardrails/core/engine/reconcile";
import { type Place, placeOf } from "@ecs-guardrails/core/model/service-ref";
import { routesFor } from "../runtime/bus.ts";
import { LOCAL_TABLE, RECONCILE_EVERY_MS, startStack, type LocalStack } from "../runtime/stack.ts";
import { inLane, type Lane } from "@ecs-guardrails/sim/clock";
import { factOf, parsed, serviceKey, serviceOfEvent } from "./facts.ts";
import { learn, type StreamKnowledge } from "./infer.ts";
import { type FunctionEngineDeps, functionEngineDeps, functionHookDeps } from "../runtime/functions.ts";
import { memberDeps, reconcileLane, simOf } from "./accounts.ts";
import { placeIn, streamPlaces } from "./places.ts";
import { HookReplayer, hookInvocationOf } from "./hooks.ts";
import { eventTime, type Origin, type ReplayInput } from "./input.ts";
import { actionLine, notificationLine, type ReplayLine, type SummaryLine } from "./lines.ts";
import { isPipelineJob, pipelineResultLine } from "./pipeline-jobs.ts";
import { seedWorld } from "./seed.ts";
import { laneTicks, type LaneTicks } from "./ticks.ts";
import { unroutable } from "./unroutable.ts";

// Replays recorded events through the real pipeline against a fresh embedded store. The
// simulated ECS starts from the scenario's services (or those the events imply) and follows
// the stream, so it answers as ECS did when each event was sent; it also follows the actions
// taken. Services are independent: each is a lane with its own clock at its own event time,
// and lanes run concurrently, each in its stream's order. Events that belong to no service
// (alarms) are barriers: every lane first catches up to their time.

export type ReplayOptions = {
  config?: unknown;
  until?: string;
  onLine: (line: ReplayLine) => void;
  /** After each event: how many are done so far (lanes finish out of file order). */
  onEvent?: (done: number, total: number, event: unknown, refs: ServiceRef[]) => void;
  /** Lanes in flight at once (default 8). */
  concurrency?: number;
  /** Every reconcile tick run for real. */
  onTick?: (at: number, ref: ServiceRef) => void;
  /** Use a DynamoDB Local already running (tests) instead of starting one. */
  sharedDynamo?: { endpoint: string; tableName: string };
  /** Tick every 5-minute slot instead of only where it would act (the reference for equivalence). */
  everySlot?: boolean;
  /** Once the store (DynamoDB Local) is up, before the first event: the CLI's progress (tests reach the simulator). */
  onStarted?: (stack: LocalStack) => void;
  /** Reads the replayed history before the store is stopped (the --html report); `end`: the replay's end time. */
  beforeStop?: (replayed: {
    stack: LocalStack;
    config: GuardrailsConfig;
    tableName: string;
    end: Date;
  }) => Promise<void>;
};

type Group = { at: number; kind: 0 | 1; seq: number; lines: ReplayLine[]; duplicate?: boolean };

type ServiceLane = {
  key: string;
  ref: ServiceRef;
  lane: Lane;
  ticks: LaneTicks;
  /** Its account's ports: home's, or the member's (as its role). */
  deps: ReconcileDeps;
  queue: number[];
  published: ReplayLine[];
};

export async function replay(
  input: ReplayInput & { origins?: Origin[] },
  options: ReplayOptions,
): Promise<SummaryLine> {
  const config = parseConfig(options.config ?? input.config ?? {}, options.config ? "--config" : "scenario config");
  // Several accounts: the member's events and services keep their place (places.ts).
  const places = streamPlaces(input.events, input.services, config);
  const { home } = places;
  const services = input.services.map(({ account, region: _, ...s }) => ({ ...s, ...placeIn(places, { account }) }));
  const events = input.events.map((e) => parsed(e, home));
  const knowledge = learn(events, new Set(services.map((s) => serviceKey(s.cluster, s.name, s))));
  const start = firstTime(input.events) ?? Date.now();
  const groups: Group[] = [];
  const lanes = new Map<string, ServiceLane>();
  /** A member's notices of no service (it cannot be reached), until its lane's tick takes them. */
  const unowned: ReplayLine[] = [];
  const stack = await startStack({
    config,
    start,
    simulatorEmits: false,
    ...(home ? { home, members: places.members } : {}),
    ...(options.sharedDynamo ? { sharedDynamo: options.sharedDynamo } : {}),
    onNotification: (m) => {
      const line = notificationLine(m);
      (lanes.get(serviceKey(line.cluster, line.service, line))?.published ?? unowned).push(line);
    },
  });
  try {
    options.onStarted?.(stack);
    const seeded = { ...input, services };
    seedWorld(stack.sim, seeded, knowledge);
    for (const m of places.members) seedWorld(simOf(stack, m), seeded, knowledge, m.account);
    const deps = functionEngineDeps(stack.functions, () => new Date(stack.clock.now()));
    const run = new Run({
      stack,
      deps,
      members: await memberDeps(deps, places.members),
      unowned,
      input: seeded,
      events,
      knowledge,
      options,
      start,
      lanes,
      groups,
    });
    await run.all();
    await options.beforeStop?.({
      stack,
      config,
      tableName: options.sharedDynamo?.tableName ?? LOCAL_TABLE,
      end: new Date(endTime(input.events, options.until ?? input.until) ?? stack.clock.now()),
    });
  } finally {
    await stack.stop();
  }
  return report(groups, knowledge, input.events.length, home ? withHome(home, options.onLine) : options.onLine);
}

/** Several accounts: home's lines name its account and Region too, so every line says where it is. */
function withHome(home: Place, onLine: (line: ReplayLine) => void): (line: ReplayLine) => void {
  return (line) => {
    if (line.type === "summary") return onLine({ ...line, home: { ...home } });
    if ((line.type === "action" || line.type === "notification" || line.type === "inferred") && !line.account)
      return onLine({ ...line, account: home.account, region: home.region });
    onLine(line);
  };
}

class Run {
  private done = 0;
  private seq = 0;
  private globalNow: number;
  private readonly barrier: Lane;
  /** Rejected events are named by file too when there are several. */
  private readonly severalFiles: boolean;

  private readonly stack: LocalStack;
  private readonly deps: FunctionEngineDeps;
  /** Each member account's ports (accounts.ts). */
  private readonly members: Map<string, ReconcileDeps>;
  private readonly unowned: ReplayLine[];
  private readonly input: ReplayInput & { origins?: Origin[] };
  private readonly events: (GuardrailsEvent | undefined)[];
  private readonly knowledge: StreamKnowledge;
  private readonly options: ReplayOptions;
  private readonly start: number;
  private readonly lanes: Map<string, ServiceLane>;
  private readonly groups: Group[];
  private readonly hooks = new HookReplayer(
    () => new Date(this.stack.clock.now()),
    (now) => functionHookDeps(this.stack.functions, now),
    {
      listServiceDeployments: (input) => this.stack.sim.listServiceDeployments(input),
      describeServiceDeployments: (input) => this.stack.sim.describeServiceDeployments(input),
    },
  );

  constructor(c: {
    stack: LocalStack;
    deps: FunctionEngineDeps;
    members: Map<string, ReconcileDeps>;
    unowned: ReplayLine[];
    input: ReplayInput & { origins?: Origin[] };
    events: (GuardrailsEvent | undefined)[];
    knowledge: StreamKnowledge;
    options: ReplayOptions;
    start: number;
    lanes: Map<string, ServiceLane>;
    groups: Group[];
  }) {
    ({
      stack: this.stack,
      deps: this.deps,
      members: this.members,
      unowned: this.unowned,
      input: this.input,
      events: this.events,
      knowledge: this.knowledge,
      options: this.options,
      start: this.start,
      lanes: this.lanes,
      groups: this.groups,
    } = c);
    const { start, input, knowledge, stack, lanes } = c;
    this.globalNow = start;
    this.barrier = { now: start };
    this.severalFiles = new Set((input.origins ?? []).map((o) => o.file)).size > 1;
    for (const s of [...input.services, ...knowledge.inferred])
      this.lane(serviceKey(s.cluster, s.name, s), { cluster: s.cluster, service: s.name, ...placeOf(s) });
    // Each simulated ECS answers for its own account's services at their lanes' times.
    stack.sim.useServiceTime((cluster, service) => lanes.get(serviceKey(cluster, service))?.lane.now);
    for (const [account, sim] of stack.members)
      sim.useServiceTime(
        (cluster, service) => lanes.get(serviceKey(cluster, service, { account, region: sim.region }))?.lane.now,
      );
  }

  async all(): Promise<void> {
    for (const [index, event] of this.events.entries()) {
      const key = serviceOfEvent(event);
      const lane = key ? this.lanes.get(key) : undefined;
      if (lane) {
        lane.queue.push(index);
        continue;
      }
      await this.catchUp(eventTime(this.input.events[index]));
      await inLane(this.barrier, () => this.process(index, undefined));
    }
    await this.catchUp(undefined);
    const until = this.options.until ?? this.input.until;
    const end = Math.max(this.globalNow, until ? Date.parse(until) : Number.NEGATIVE_INFINITY);
    await this.pool([...this.lanes.values()], (lane) =>
      inLane(lane.lane, () => lane.ticks.moveTo(end, (at) => this.tick(lane, at))),
    );
  }

  private lane(key: string, ref: ServiceRef): ServiceLane {
    const lane: Lane = { now: this.start };
    const deps = (ref.account && this.members.get(ref.account)) || this.deps;
    const sim = simOf(this.stack, ref);
    const made: ServiceLane = {
      key,
      ref,
      lane,
      deps,
      queue: [],
      published: [],
      ticks: laneTicks(ref, deps, {
        start: this.start,
        everyMs: RECONCILE_EVERY_MS,
        now: () => lane.now,
        setNow: (ms) => void (lane.now = Math.max(lane.now, ms)),
        ...(this.options.everySlot ? { everySlot: true } : {}),
        // Live's own tick times, when the export recorded them (tick-schedule.ts).
        ...(this.input.ticks ? { recorded: this.input.ticks.map(Date.parse) } : {}),
        // What ECS does of itself after our actions (a rollback rolling out), at the lane's time.
        work: {
          nextAt: () => sim.nextServiceWorkAt(ref.cluster, ref.service),
          runUntil: (t) => void sim.runServiceUntil(ref.cluster, ref.service, t),
        },
      }),
    };
    this.lanes.set(key, made);
    return made;
  }

  /** Runs every lane's queued events (lanes concurrently), then brings every lane to `time`. */
  private async catchUp(time: number | undefined): Promise<void> {
    await this.pool([...this.lanes.values()], async (lane) => {
      const queue = lane.queue.splice(0);
      await inLane(lane.lane, async () => {
        for (const index of queue) await this.process(index, lane);
        if (time !== undefined) await lane.ticks.moveTo(time, (at) => this.tick(lane, at));
      });
    });
    this.barrier.now = Math.max(this.barrier.now, this.globalNow, time ?? Number.NEGATIVE_INFINITY);
  }

  private async process(index: number, lane: ServiceLane | undefined): Promise<void> {
    const raw = this.input.events[index];
    const time = eventTime(raw);
    if (lane && time !== undefined) await lane.ticks.moveTo(time, (at) => this.tick(lane, at));
    if (time !== undefined) this.globalNow = Math.max(this.globalNow, time);
    const hook = hookInvocationOf(raw);
    if (hook) return this.hookAnswer(index, hook, lane);
    const event = this.events[index];
    const fact = event ? factOf(event, raw, this.knowledge.revisions) : undefined;
    if (fact) simOf(this.stack, event ?? {}).follow(fact);
    const lines: ReplayLine[] = [];
    const before = this.stack.deadLetters.entries.length;
    if (isPipelineJob(raw)) return this.pipelineJob(raw, lines, before);
    const routed = routesFor((raw ?? {}) as object).length > 0;
    const result = routed ? await this.stack.deliver(raw) : undefined;
    const letter = this.stack.deadLetters.entries.slice(before).find((l) => l.event === raw);
    const origin = this.input.origins?.[index];
    const where =
      origin && this.severalFiles ? { index: origin.index, file: origin.file } : { index: origin?.index ?? index };
    if (!routed) lines.push({ type: "rejected", ...where, error: unroutable(raw) });
    else if (letter) lines.push({ type: "rejected", ...where, error: `${letter.errorName}: ${letter.error}` });
    const duplicate =
      result !== undefined && (result.outcome.status === "duplicate" || result.outcome.status === "stale");
    lines.push(...this.decisions(result?.results ?? [], lane));
    lane?.ticks.changed();
    this.groups.push({ at: lane?.lane.now ?? this.barrier.now, kind: 1, seq: this.seq++, lines, duplicate });
    this.done += 1;
    this.options.onEvent?.(this.done, this.input.events.length, raw, result?.results.map((r) => r.ref) ?? []);
  }

  /** A lifecycle-hook invocation: answered by the hook, its notices following its line. */
  private async hookAnswer(
    index: number,
    invocation: Record<string, unknown>,
    lane: ServiceLane | undefined,
  ): Promise<void> {
    const origin = this.input.origins?.[index];
    const where =
      origin && this.severalFiles ? { index: origin.index, file: origin.file } : { index: origin?.index ?? index };
    const line = await this.hooks.answer(invocation, where);
    const owner = this.lanes.get(serviceKey(line.cluster, line.service));
    this.groups.push({
      at: lane?.lane.now ?? this.barrier.now,
      kind: 1,
      seq: this.seq++,
      lines: [line, ...(owner?.published.splice(0) ?? [])],
    });
    this.done += 1;
    this.options.onEvent?.(this.done, this.input.events.length, this.input.events[index], []);
  }

  /** A job event is CodePipeline invoking the pipeline function: its answer is the line. */
  private async pipelineJob(raw: unknown, lines: ReplayLine[], before: number): Promise<void> {
    const result = await this.stack.invokePipeline(raw);
    const jobId = (raw as { "CodePipeline.job": { id?: unknown } })["CodePipeline.job"].id;
    const sent = this.stack.endpoints.jobResults.find((r) => r.jobId === jobId);
    const letter = this.stack.deadLetters.entries.slice(before).find((l) => l.event === raw);
    lines.push(
      pipelineResultLine(String(jobId), new Date(this.barrier.now).toISOString(), result, sent, letter?.error),
    );
    this.groups.push({ at: this.barrier.now, kind: 1, seq: this.seq++, lines });
    this.done += 1;
    this.options.onEvent?.(this.done, this.input.events.length, raw, []);
  }

  private async tick(lane: ServiceLane, at: number): Promise<ReconcileResult> {
    const result = await reconcileLane(lane.ref, lane.deps, this.deps);
    this.options.onTick?.(at, lane.ref);
    this.groups.push({ at, kind: 0, seq: this.seq++, lines: this.decisions(result.results, lane) });
    return result;
  }

  /** A decision's chat message is published while it is carried out; it follows the action line. */
  private decisions(results: EngineResult[], lane: ServiceLane | undefined): ReplayLine[] {
    const lines: ReplayLine[] = [];
    for (const r of results) {
      const line = r.duplicate ? undefined : actionLine(r);
      if (line) lines.push(line);
    }
    return [...lines, ...(lane?.published.splice(0) ?? []), ...(lane ? this.noticesOf(lane.ref) : [])];
  }

  /** Its account's notices of no service (unreachable): published by this lane's tick, or a sibling's. */
  private noticesOf(ref: ServiceRef): ReplayLine[] {
    if (!ref.account) return [];
    const mine = this.unowned.filter((l) => l.type === "notification" && l.account === ref.account);
    for (const l of mine) this.unowned.splice(this.unowned.indexOf(l), 1);
    return mine;
  }

  private async pool<T>(items: T[], work: (item: T) => Promise<void>): Promise<void> {
    let next = 0;
    const workers = Math.max(1, Math.min(this.options.concurrency ?? 8, items.length));
    await Promise.all(
      Array.from({ length: workers }, async () => {
        while (next < items.length) await work(items[next++]!);
      }),
    );
  }
}

/** Lines in the order the events and ticks happened: by time, ticks before events at the same time. */
function report(
  groups: Group[],
  knowledge: StreamKnowledge,
  total: number,
  onLine: (line: ReplayLine) => void,
): SummaryLine {
  const counts = { events: total, duplicates: 0, rejected: 0, actions: 0, notifications: 0 };
  for (const s of knowledge.inferred) {
    onLine({
      type: "inferred",
      ...placeOf(s),
      cluster: s.cluster,
      service: s.name,
      taskDefinition: s.taskDefinition,
      desiredCount: s.desiredCount,
      capacityProviderStrategy: s.capacityProviderStrategy ?? "launch type FARGATE",
      deployments: s.deployments ?? [],
      unknown: s.unknown,
    });
  }
  groups.sort((a, b) => a.at - b.at || a.kind - b.kind || a.seq - b.seq);
  counts.duplicates = groups.filter((g) => g.duplicate).length;
  for (const line of groups.flatMap((g) => g.lines)) {
    if (line.type === "notification") counts.notifications += 1;
    if (line.type === "action") counts.actions += 1;
    if (line.type === "rejected") counts.rejected += 1;
    onLine(line);
  }
  const summary: SummaryLine = { type: "summary", ...counts };
  onLine(summary);
  return summary;
}

/**
 * Where the replay ends: its last event, or --until when later (the lanes tick up to it). The
 * stack's own clock is no guide: each service runs on its lane's clock.
 */
function endTime(events: unknown[], until: string | undefined): number | undefined {
  const times = [...events.map(eventTime), until ? Date.parse(until) : undefined].filter(
    (t): t is number => t !== undefined && Number.isFinite(t),
  );
  return times.length ? times.reduce((a, b) => Math.max(a, b)) : undefined;
}

function firstTime(events: unknown[]): number | undefined {
  for (const e of events) {
    const t = eventTime(e);
    if (t !== undefined) return t - 1000;
  }
  return undefined;
}

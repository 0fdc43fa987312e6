import type { SpotFallbackSettings } from "./settings.ts";
import type { GuardrailsEvent } from "../../events/model.ts";
import type { Mode } from "../../config/policy-settings.ts";
import {
  describeStrategy,
  pairsOf,
  sameStrategy,
  sidesOf,
  SPOT,
  type SpotPairs,
  stagedReturn,
  toOnDemand,
  unpresentCounterpart,
  usesSpot,
} from "./strategy.ts";
import { incidentCost, type SpotState, spotStateOf } from "./state.ts";
import { spotShortfall } from "./shortfall.ts";
import {
  deferredFallback,
  manualChange,
  manualFallback,
  manualReturn,
  noticedRecently,
  unpairedSpot,
} from "./notices.ts";
import type { Policy, PolicyContext, TickContext, TickResult } from "../../engine/policy.ts";
import type { Decision } from "../../model/decision.ts";
import type { CapacityProviderItem } from "../../model/description.ts";
import type { Snapshot } from "../../model/snapshot.ts";
import { updateBlock } from "../../model/update-rules.ts";
import { spotOwed } from "./owed.ts";
import { serviceKey } from "../../model/service-ref.ts";

// Spot fallback (docs/capabilities/spot-fallback.md): move a service's Spot share to its
// on-demand counterpart (FARGATE_SPOT → FARGATE, or a Managed Instances pair the configuration
// names) when Spot capacity is gone or interruptions storm, and move it back after a cool-down
// (longer after each relapse). ECS never does either. Pure.

type Settings = SpotFallbackSettings;

export const spotFallback: Policy<Settings> = {
  id: "spot-fallback",
  interestedIn(e) {
    if (e.kind === "service-action")
      return e.eventName === "SERVICE_TASK_PLACEMENT_FAILURE" && e.capacityProviders.length > 0;
    return e.kind === "task" && e.stop?.class === "spot-interruption";
  },
  // A placement failure counts only on a provider known to be Spot (an EC2 group runs short too).
  relevant: (e, s) => e.kind !== "service-action" || e.capacityProviders.some((p) => Object.hasOwn(pairsOf(s), p)),
  // The storm window for events; the grace period for the reconcile's evidence of a Spot shortfall.
  lookbackMinutes: (s) => Math.max(s.interruptionStorm.windowMinutes, shortfallLookback(s)),
  // Capacity decisions read ECS's view and recent interruptions, never the deployment records.
  needs: () => ({ deployments: false }),
  decide(ctx) {
    const state = spotStateOf(ctx.snapshot);
    const pairs = pairsOf(ctx.settings);
    if (state.status !== "normal" || noticedRecently(state, ctx.settings, ctx.now)) return [];
    const provider = shortProvider(ctx.event, ctx.snapshot.service?.capacityProviderStrategy ?? [], pairs);
    const trigger = provider && triggerOf(ctx, provider);
    if (!provider || !trigger) return [];
    // Spot interruptions on a provider with no counterpart: Spot, but nowhere known to go.
    if (!Object.hasOwn(pairs, provider))
      return [unpairedSpot(ctx.snapshot, state, ctx.now, trigger, provider, undefined)];
    return [fallback(ctx.snapshot, ctx.settings, ctx.now, state, trigger, modeOf(ctx.settings))];
  },
  owed: spotOwed,
  wantsTick: (service, stored, settings) =>
    usesSpot(service.capacityProviderStrategy, pairsOf(settings)) ||
    (stored !== undefined && stored["status"] !== "normal"),
  tick(ctx) {
    const state = spotStateOf(ctx.snapshot);
    return state.status === "normal" ? watchBelowDesired(ctx, state) : considerReturn(ctx, state);
  },
};

/**
 * The Spot provider the event says is short, among those the strategy puts tasks on: a
 * placement failure's known Spot provider, or the provider of an interrupted task (any: the
 * interruption itself says it is Spot; FARGATE_SPOT when the event names none).
 */
function shortProvider(e: GuardrailsEvent, strategy: readonly CapacityProviderItem[], pairs: SpotPairs) {
  const used = strategy.filter((s) => s.weight > 0 || s.base > 0).map((s) => s.capacityProvider);
  if (e.kind === "service-action") return e.capacityProviders.find((p) => Object.hasOwn(pairs, p) && used.includes(p));
  if (e.kind !== "task") return undefined;
  const provider = e.capacityProviderName ?? SPOT;
  return used.includes(provider) ? provider : undefined;
}

function triggerOf(ctx: PolicyContext<Settings>, provider: string): string | undefined {
  const { event: e, settings, snapshot, now } = ctx;
  if (e.kind === "service-action")
    return settings.onPlacementFailure
      ? `ECS could not place tasks on ${provider} (${e.reason ?? "no reason given"})`
      : undefined;
  if (e.kind !== "task") return undefined;
  const since = now.getTime() - settings.interruptionStorm.windowMinutes * 60_000;
  // The two-minute warning and the stop of one task are one interruption.
  const tasks = new Set(
    snapshot.recent
      .filter((t) => t.stopClass === "spot-interruption" && Date.parse(t.time) >= since && t.taskId)
      .map((t) => t.taskId),
  );
  const { count, windowMinutes } = settings.interruptionStorm;
  return tasks.size >= count
    ? `interruption storm: ${tasks.size} Spot tasks interrupted within ${windowMinutes} minutes (threshold ${count})`
    : undefined;
}

/** How far before the shortfall was first seen its cause may lie: one reconcile period. */
const EVIDENCE_LEAD_MINUTES = 5;
/** The timeline a shortfall decision reads: the grace period twice over, plus the lead. */
const shortfallLookback = (s: Settings) => 2 * s.belowDesiredGraceMinutes + EVIDENCE_LEAD_MINUTES;

function watchBelowDesired(ctx: TickContext<Settings>, state: SpotState): TickResult {
  const service = ctx.snapshot.service;
  const pairs = pairsOf(ctx.settings);
  if (!service || !usesSpot(service.capacityProviderStrategy, pairs)) return { decisions: [] };
  const below = service.runningCount < service.desiredCount;
  if (!below)
    return state.belowSince
      ? { decisions: [], state: save({ ...state, belowSince: undefined }, false) }
      : { decisions: [] };
  if (!state.belowSince) return { decisions: [], state: save({ ...state, belowSince: ctx.now.toISOString() }, false) };
  const minutes = (ctx.now.getTime() - Date.parse(state.belowSince)) / 60_000;
  const grace = ctx.settings.belowDesiredGraceMinutes;
  if (minutes < grace || noticedRecently(state, ctx.settings, ctx.now)) return { decisions: [] };
  // A crash loop or a slow rollout runs below desired too: only a Spot shortfall counts.
  // The cause comes just before the shortfall is first seen (at most one reconcile period), so
  // the evidence is looked for from then on, within the timeline the policy asked for.
  const since = Math.max(
    Date.parse(state.belowSince) - EVIDENCE_LEAD_MINUTES * 60_000,
    ctx.now.getTime() - shortfallLookback(ctx.settings) * 60_000,
  );
  const evidence = spotShortfall(ctx.snapshot, new Date(since).toISOString(), pairs);
  if (!evidence) return { decisions: [] };
  const reason = `${service.runningCount} of ${service.desiredCount} tasks running for ${Math.round(minutes)} minutes (grace ${grace}) while the strategy depends on Spot, and Spot is short: ${evidence}`;
  return { decisions: [fallback(ctx.snapshot, ctx.settings, ctx.now, state, reason, modeOf(ctx.settings))] };
}

function considerReturn(ctx: TickContext<Settings>, state: SpotState): TickResult {
  const { snapshot, settings, now } = ctx;
  const current = snapshot.service?.capacityProviderStrategy ?? [];
  const expected = state.status === "staged" ? state.stagedStrategy : state.fallbackStrategy;
  // We never overwrite a human: a strategy changed by someone else ends our incident.
  const sides = sidesOf(state.originalStrategy ?? [], pairsOf(settings));
  if (state.mode === "enforce" && expected && snapshot.service && !sameStrategy(current, expected)) {
    return { decisions: [{ ...manualChange(snapshot, state, current, sides), restores: true }] };
  }
  const block = updateBlock(snapshot.service, {
    kind: "capacity",
    strategy: describeStrategy(state.originalStrategy ?? []),
  });
  // Never a new deployment in the middle of a blue/green-style one: the next tick tries again.
  if (block?.kind === "deployment") return { decisions: [] };
  if (block) return { decisions: [{ ...manualReturn(snapshot, state, block, sides), restores: true }] };
  const waited = now.getTime() - Date.parse(state.stepAt ?? state.since!);
  const cooldown = state.status === "staged" ? settings.cooldownMinutes : cooldownMinutes(settings, state.relapses);
  if (waited < cooldown * 60_000) return { decisions: [] };
  // A person chose to stay on on-demand (a chat command): no return before then.
  if (state.stayUntil && now.getTime() < Date.parse(state.stayUntil)) return { decisions: [] };
  const original = state.originalStrategy ?? [];
  if (state.status === "fallback" && settings.stagedReturnBase > 0) {
    const staged = stagedReturn(original, settings.stagedReturnBase, pairsOf(settings));
    return { decisions: [restore(snapshot, settings, state, now, staged, "staged")] };
  }
  return { decisions: [restore(snapshot, settings, state, now, original, "full")] };
}

export function cooldownMinutes(settings: Settings, relapses: number): number {
  return Math.min(settings.cooldownMinutes * 2 ** relapses, settings.maxBackoffMinutes);
}

function fallback(
  snapshot: Snapshot,
  settings: Settings,
  now: Date,
  state: SpotState,
  trigger: string,
  mode: Mode,
): Decision {
  const original = snapshot.service?.capacityProviderStrategy ?? [];
  const pairs = pairsOf(settings);
  // Never a strategy naming a provider the cluster may lack: a Managed Instances counterpart
  // counts as present only when the strategy already names it (ECS checked it then).
  const spot = unpresentCounterpart(original, pairs);
  if (spot) return unpairedSpot(snapshot, state, now, trigger, spot.provider, spot.counterpart);
  const target = toOnDemand(original, pairs);
  const sides = sidesOf(original, pairs);
  const soon =
    state.returnedAt !== undefined &&
    now.getTime() - Date.parse(state.returnedAt) < cooldownMinutes(settings, state.relapses) * 60_000;
  const relapses = soon ? state.relapses + 1 : 0;
  const incident = state.incident + 1;
  const block = updateBlock(snapshot.service, { kind: "capacity", strategy: describeStrategy(target) });
  if (block?.kind === "deployment") return deferredFallback(snapshot, incident, trigger, block, sides);
  if (block) return manualFallback(snapshot, state, now, trigger, target, block, sides);
  const cost = incidentCost(snapshot, original, 0);
  const next: SpotState = {
    ...state,
    status: "fallback",
    mode,
    incident,
    since: now.toISOString(),
    stepAt: now.toISOString(),
    trigger,
    originalStrategy: original,
    fallbackStrategy: target,
    relapses,
    belowSince: undefined,
  };
  return {
    ...base(snapshot, `fallback#${incident}`, incident),
    action: { type: "capacity-fallback", capacityProviderStrategy: target, previousStrategy: original },
    severity: "warning",
    title: `Move ${name(snapshot)} from ${sides.spot} to ${sides.onDemand}`,
    // Fargate's prices are known; Managed Instances run at EC2's, which the guardrails do not price.
    reason: `${trigger}; ${sides.fargate ? `${cost.tasks} task(s) move to on-demand, up to $${cost.perHour.toFixed(4)}/hour more` : `the Spot share moves to ${sides.onDemand}`}${relapses ? ` (relapse ${relapses}: the return waits ${cooldownMinutes(settings, relapses)} minutes)` : ""}`,
    facts: {
      trigger,
      strategyBefore: describeStrategy(original),
      strategyAfter: describeStrategy(target),
      ...(sides.fargate ? { extraCostPerHour: cost.perHour.toFixed(4) } : {}),
      incident: String(incident),
    },
    state: save(next, true),
  };
}

/**
 * The return puts back what the fallback changed: an enforced fallback returns even in observe
 * mode (the engine carries it out, owed.ts); an observed one is only observed returning.
 */
export function restore(
  snapshot: Snapshot,
  settings: Settings,
  state: SpotState,
  now: Date,
  strategy: CapacityProviderItem[],
  step: "staged" | "full",
): Decision {
  const hours = (now.getTime() - Date.parse(state.since!)) / 3_600_000;
  const cost = incidentCost(snapshot, state.originalStrategy ?? [], hours);
  const full = step === "full";
  const sides = sidesOf(state.originalStrategy ?? [], pairsOf(settings));
  const costs = sides.fargate
    ? `; about ${cost.taskHours.toFixed(1)} on-demand task-hours, up to $${cost.total.toFixed(2)} more than Spot`
    : "";
  const next: SpotState = full
    ? { ...state, status: "normal", returnedAt: now.toISOString(), stepAt: undefined, stagedStrategy: undefined }
    : { ...state, status: "staged", stepAt: now.toISOString(), stagedStrategy: strategy };
  return {
    restores: true,
    ...base(snapshot, `${full ? "restore" : "staged-return"}#${state.incident}`, state.incident),
    action: {
      type: "capacity-restore",
      capacityProviderStrategy: strategy,
      previousStrategy: snapshot.service?.capacityProviderStrategy ?? [],
    },
    severity: "info",
    title: full
      ? `Return ${name(snapshot)} to ${sides.spot}`
      : `Start returning ${name(snapshot)} to ${sides.spot} (base ${strategy[0]?.base ?? 0} kept on ${sides.fargate ? "Fargate" : strategy[0]?.capacityProvider})`,
    reason: `on ${sides.onDemand} for ${formatHours(hours)} since ${state.since} (${state.trigger})${costs}`,
    facts: {
      since: state.since!,
      durationHours: hours.toFixed(2),
      onDemandTaskHours: cost.taskHours.toFixed(2),
      extraCost: cost.total.toFixed(2),
      strategyAfter: describeStrategy(strategy),
      incident: String(state.incident),
    },
    state: save(next, !full),
  };
}

function base(snapshot: Snapshot, what: string, incident: number) {
  return {
    policy: "spot-fallback" as const,
    key: `spot-fallback#${what}`,
    threadId: `${serviceKey(snapshot.ref)}/spot-${incident}`,
    deploymentId: undefined,
  };
}

const save = (value: SpotState, attention: boolean) => ({
  value: value as unknown as Record<string, unknown>,
  attention,
});
const modeOf = (s: Settings): Mode => s.mode;
const name = (s: Snapshot) => `${s.ref.cluster}/${s.ref.service}`;
const formatHours = (h: number) => (h < 1 ? `${Math.round(h * 60)} minutes` : `${h.toFixed(1)} hours`);

export type { GuardrailsEvent };

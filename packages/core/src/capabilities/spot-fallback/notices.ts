import type { SpotFallbackSettings } from "./settings.ts";
import type { SpotState } from "./state.ts";
import { describeStrategy, type Sides } from "./strategy.ts";
import type { Decision } from "../../model/decision.ts";
import type { CapacityProviderItem } from "../../model/description.ts";
import type { Snapshot } from "../../model/snapshot.ts";
import type { UpdateBlock } from "../../model/update-rules.ts";
import { serviceKey } from "../../model/service-ref.ts";

// The Spot fallback's notices for a capacity change it may not make itself (update-service.ts):
// on a CODE_DEPLOY or EXTERNAL service never, during an ECS blue/green, linear or canary
// deployment not now.

/** A fallback put off until ECS's blue/green-style deployment ends: the incident does not start. */
export function deferredFallback(
  snapshot: Snapshot,
  incident: number,
  trigger: string,
  block: UpdateBlock,
  sides: Sides,
): Decision {
  return {
    ...base(snapshot, `deferred#${incident}`, incident),
    action: undefined,
    severity: "warning",
    title: `Not moving ${name(snapshot)} off ${sides.spot} during its ${snapshot.service?.deploymentStrategy} deployment`,
    reason: `${trigger}; the guardrails do not act: ${block.reason}`,
    nextSteps: block.nextSteps,
    facts: {
      trigger,
      deploymentStrategy: snapshot.service?.deploymentStrategy ?? "unknown",
      incident: String(incident),
    },
  };
}

/**
 * A fallback a person has to make (CODE_DEPLOY, EXTERNAL). The incident number advances, so a
 * later shortage is told again, but not before a cool-down has passed (`noticedRecently`).
 */
export function manualFallback(
  snapshot: Snapshot,
  state: SpotState,
  now: Date,
  trigger: string,
  target: CapacityProviderItem[],
  block: UpdateBlock,
  sides: Sides,
): Decision {
  const incident = state.incident + 1;
  const controller = snapshot.service?.deploymentController ?? "unknown";
  return {
    ...base(snapshot, `manual-fallback#${incident}`, incident),
    action: undefined,
    severity: "warning",
    title: `Move ${name(snapshot)} from ${sides.spot} to ${sides.onDemand} by hand`,
    reason: `${trigger}; the guardrails do not act: ${block.reason}`,
    nextSteps: block.nextSteps,
    facts: {
      trigger,
      deploymentController: controller,
      strategyNow: describeStrategy(snapshot.service?.capacityProviderStrategy ?? []),
      strategySuggested: describeStrategy(target),
      incident: String(incident),
    },
    state: save({ ...state, incident, manualAt: now.toISOString(), belowSince: undefined }, false),
  };
}

/**
 * A Spot shortage on a provider the guardrails may not fall back from: a Managed Instances Spot
 * provider with no on-demand counterpart configured, or one whose counterpart is not in the
 * service's strategy (then nothing shows the counterpart exists in the cluster, and ECS would
 * reject, or worse, a strategy naming it). One notice per shortage, like manualFallback: the
 * incident advances and `noticedRecently` holds the next one for a cool-down.
 */
export function unpairedSpot(
  snapshot: Snapshot,
  state: SpotState,
  now: Date,
  trigger: string,
  provider: string,
  counterpart: string | undefined,
): Decision {
  const incident = state.incident + 1;
  const why = counterpart
    ? `its on-demand counterpart ${counterpart} is not in the service's capacity provider strategy, so nothing shows it exists in the cluster`
    : `${provider} has no on-demand counterpart in the configuration`;
  const step = counterpart
    ? `add ${counterpart} to the service's capacity provider strategy (weight 0 keeps the tasks where they are); the next shortage then falls back to it`
    : `name ${provider}'s on-demand counterpart in policies.spot-fallback: counterparts: { "${provider}": "<on-demand capacity provider>" }, and put that provider in the service's strategy (weight 0 is enough)`;
  return {
    ...base(snapshot, `unmapped#${incident}`, incident),
    action: undefined,
    severity: "warning",
    title: `Spot capacity (${provider}) of ${name(snapshot)} is short; the guardrails do not move it`,
    reason: `${trigger}; the guardrails change nothing: ${why}`,
    nextSteps: [step],
    facts: {
      trigger,
      spotProvider: provider,
      counterpart: counterpart ?? "none",
      strategyNow: describeStrategy(snapshot.service?.capacityProviderStrategy ?? []),
      incident: String(incident),
    },
    state: save({ ...state, incident, manualAt: now.toISOString(), belowSince: undefined }, false),
  };
}

/** In fallback, but the service can no longer be changed by UpdateService: a person returns it. */
export function manualReturn(snapshot: Snapshot, state: SpotState, block: UpdateBlock, sides: Sides): Decision {
  const original = describeStrategy(state.originalStrategy ?? []);
  return {
    ...base(snapshot, `manual-return#${state.incident}`, state.incident),
    action: undefined,
    severity: "info",
    title: `Return ${name(snapshot)} to ${sides.spot} by hand`,
    reason: `it runs on ${sides.onDemand} since ${state.since}; its original strategy was ${original}, but the guardrails do not act: ${block.reason}`,
    nextSteps: block.nextSteps,
    facts: { strategyOriginal: original, incident: String(state.incident) },
    state: save({ ...state, status: "normal", stepAt: undefined, stagedStrategy: undefined }, false),
  };
}

/** In fallback, but a person changed the strategy: the guardrails never return over them. */
export function manualChange(
  snapshot: Snapshot,
  state: SpotState,
  current: CapacityProviderItem[],
  sides: Sides,
): Decision {
  return {
    ...base(snapshot, `manual#${state.incident}`, state.incident),
    action: undefined,
    severity: "info",
    title: `Not returning ${name(snapshot)} to ${sides.spot}: its strategy was changed by someone else`,
    reason: `the capacity provider strategy is now ${describeStrategy(current)}, not the fallback we set; the guardrails never overwrite a person's change`,
    facts: { strategyNow: describeStrategy(current), incident: String(state.incident) },
    state: save(
      { ...state, status: "normal", returnedAt: undefined, stepAt: undefined, stagedStrategy: undefined },
      false,
    ),
  };
}

/** A person was told to fall back by hand less than a cool-down ago: do not repeat it yet. */
export function noticedRecently(state: SpotState, settings: SpotFallbackSettings, now: Date): boolean {
  return state.manualAt !== undefined && now.getTime() - Date.parse(state.manualAt) < settings.cooldownMinutes * 60_000;
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
const name = (s: Snapshot) => `${s.ref.cluster}/${s.ref.service}`;

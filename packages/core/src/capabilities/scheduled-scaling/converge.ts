import type { ServiceRef } from "../../events/model.ts";
import type { Mode } from "../../config/policy-settings.ts";
import type { TickResult } from "../../engine/policy.ts";
import type { Decision } from "../../model/decision.ts";
import type { Holding } from "../../time/holds.ts";
import {
  describePlan,
  describeView,
  planFor,
  restorePlan,
  sameSuspended,
  showsApplied,
  type Plan,
  type ServiceView,
} from "./plan.ts";
import { IDLE, saveState, type SavedCapacity, type ScheduleState } from "./state.ts";
import { describeCapacity } from "../../time/windows.ts";
import { localTime } from "../../time/zone-time.ts";
import { serviceKey } from "../../model/service-ref.ts";

// The level-triggered decision of one reconcile tick (docs/capabilities/scheduled-scaling.md). Given what
// the schedule says now, what the service has, and the saved state, it returns what to do:
// - a window starts: save the values the service has, then set the window's capacity;
// - it holds: nothing, unless someone changed the capacity (drift: one notice, then hands off
//   until the window ends);
// - it ends: put back exactly the saved values (or, after drift, leave the person's values);
// - a change that would remove tasks waits while a deployment is in progress or baking.
// The answer depends only on the inputs, so a missed tick is caught up by the next one and a
// repeated tick, seeing what the first one did, decides nothing. Pure.

export type DeploymentPhase = "none" | "in-progress" | "baking";

export type ConvergeInput = {
  ref: ServiceRef;
  mode: Mode;
  now: Date;
  /** targetAt(windows, now) */
  target: Holding | undefined;
  view: ServiceView;
  deployment: DeploymentPhase;
  state: ScheduleState;
};

const NOTHING: TickResult = { decisions: [] };

export function converge(input: ConvergeInput): TickResult {
  const { target, state } = input;
  // An observed start changed nothing: in enforce mode the window is started for real.
  const observedOnly = state.mode === "observe" && input.mode === "enforce";
  if (target) return state.holding === target.key && !observedOnly ? hold(input, target) : start(input, target);
  return state.holding ? end(input) : NOTHING;
}

function start(input: ConvergeInput, target: Holding): TickResult {
  const { state, view } = input;
  // Handing over from a window we changed (overlap, or ticks missed across an end and a
  // start) keeps the values from before the first one: those are what the service goes back to.
  const handover = state.holding !== undefined && state.saved !== undefined && state.mode === "enforce";
  const saved: SavedCapacity = handover
    ? state.saved!
    : { desiredCount: view.desiredCount, scalableTarget: view.scalableTarget };
  const plan = planFor(target.capacity, view, saved);
  const transition = `start#${target.key}`;
  if (removesTasks(plan, input)) return defer(input, transition, plan, `window "${target.window.name}"`);
  const next: ScheduleState = {
    holding: target.key,
    windowName: target.window.name,
    mode: input.mode,
    saved,
    applied: plan.applied,
    drifted: false,
    deferred: undefined,
  };
  const when = until(target);
  return decide(input, transition, {
    action: plan.action,
    title: `Scale ${name(input.ref)} for window "${target.window.name}": ${describeCapacity(target.capacity)}`,
    reason: `window "${target.window.name}" holds since ${local(target.since, target)}${when}; ${describeView(view)} now, set ${describePlan(plan)}; ${handover ? "the values saved before the previous window" : "these values are saved and"} restored when it ends`,
    facts: {
      window: target.window.name,
      occurrence: target.key,
      capacity: describeCapacity(target.capacity),
      before: describeView(view),
      after: describePlan(plan),
      saved: describeSaved(saved),
    },
    state: next,
  });
}

function hold(input: ConvergeInput, target: Holding): TickResult {
  const { state, view } = input;
  if (state.drifted || state.mode !== "enforce" || !state.applied) return NOTHING;
  const suspendedKept =
    !view.scalableTarget ||
    !state.saved?.scalableTarget ||
    sameSuspended(view.scalableTarget.suspended, state.saved.scalableTarget.suspended);
  if (showsApplied(state.applied, view) && suspendedKept) return NOTHING;
  return decide(input, `drift#${target.key}`, {
    restores: true,
    action: undefined,
    title: `Schedule hands off ${name(input.ref)} until window "${target.window.name}" ends: its capacity was changed by someone`,
    reason: `the service shows ${describeView(view)}, not what the window set; the guardrails never overwrite a person's change, so nothing is re-applied${until(target)}`,
    facts: { window: target.window.name, occurrence: target.key, now: describeView(view) },
    state: { ...state, drifted: true },
  });
}

function end(input: ConvergeInput): TickResult {
  const { state, view } = input;
  const transition = `end#${state.holding}`;
  const window = `window "${state.windowName}"`;
  if (!state.saved) return { decisions: [], state: saveState(IDLE) };
  if (state.drifted) {
    return decide(input, transition, {
      restores: true,
      action: undefined,
      title: `${capitalise(window)} ended for ${name(input.ref)}: capacity left as someone set it`,
      reason: `the capacity was changed by someone while the window held, so the values saved at its start (${describeSaved(state.saved)}) are not put back; the service keeps ${describeView(view)}`,
      facts: {
        window: state.windowName ?? "",
        occurrence: state.holding!,
        now: describeView(view),
        saved: describeSaved(state.saved),
      },
      state: IDLE,
    });
  }
  const plan = restorePlan(state.saved, view);
  if (typeof plan === "string") {
    return decide(input, transition, {
      restores: true,
      action: undefined,
      title: `${capitalise(window)} ended for ${name(input.ref)}: not restored`,
      reason: `${plan}, so the saved values (${describeSaved(state.saved)}) no longer fit; the service keeps ${describeView(view)}`,
      facts: {
        window: state.windowName ?? "",
        occurrence: state.holding!,
        now: describeView(view),
        saved: describeSaved(state.saved),
      },
      state: IDLE,
    });
  }
  if (removesTasks(plan, input)) return defer(input, transition, plan, window);
  return decide(input, transition, {
    restores: true,
    action: plan.action,
    title: `Restore ${name(input.ref)} after ${window}`,
    reason: `${window} ended; ${describeView(view)} now, put back the values saved at its start: ${describePlan(plan)}`,
    facts: {
      window: state.windowName ?? "",
      occurrence: state.holding!,
      before: describeView(view),
      after: describePlan(plan),
      saved: describeSaved(state.saved),
    },
    state: IDLE,
  });
}

/** Never scale in while a deployment is in progress or baking: ECS and Application Auto Scaling hold scale-in back too. */
function removesTasks(plan: Plan, input: ConvergeInput): boolean {
  return input.deployment !== "none" && plan.resultingDesired < input.view.desiredCount;
}

function defer(input: ConvergeInput, transition: string, plan: Plan, window: string): TickResult {
  // Announced once; each later tick retries quietly until the deployment is done.
  if (input.state.deferred === transition) return NOTHING;
  return decide(input, `deferred#${transition}`, {
    action: undefined,
    title: `Scale-in of ${name(input.ref)} for ${window} waits for a deployment`,
    reason: `a deployment is ${input.deployment === "baking" ? "in its bake window" : "in progress"}; ${describePlan(plan)} would remove tasks (${input.view.desiredCount} → ${plan.resultingDesired}), so it is retried at the next tick`,
    facts: { transition, deployment: input.deployment, after: describePlan(plan) },
    state: { ...input.state, deferred: transition },
    // Waiting to put back is part of putting back; waiting to start is not.
    restores: transition.startsWith("end#"),
  });
}

type Content = Pick<Decision, "action" | "title" | "reason" | "facts" | "restores"> & { state: ScheduleState };

function decide(input: ConvergeInput, what: string, content: Content): TickResult {
  const { cluster, service } = input.ref;
  // An observed decision gets its own key, so switching to enforce mid-window still acts. A
  // putting-back decision is carried out whatever the mode, so its key is the same in every mode.
  const key = `scheduled-scaling#${what}${input.mode === "enforce" || content.restores ? "" : `#${input.mode}`}`;
  const occurrence = what.slice(what.lastIndexOf("#") + 1);
  const decision: Decision = {
    policy: "scheduled-scaling",
    key,
    action: content.action,
    severity: "info",
    title: content.title,
    reason: content.reason,
    threadId: `${serviceKey({ cluster, service })}/schedule-${occurrence}`,
    deploymentId: undefined,
    facts: content.facts,
    state: saveState(content.state),
    ...(content.restores ? { restores: true } : {}),
  };
  return { decisions: [decision] };
}

const name = (r: ServiceRef) => `${r.cluster}/${r.service}`;
const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const local = (at: Date, h: Holding) => {
  const t = localTime(at, h.window.zone);
  return `${t.date} ${t.time} ${h.window.zone} (${at.toISOString()})`;
};
const until = (h: Holding) => (h.until ? ` until ${local(h.until, h)}` : "");

function describeSaved(saved: SavedCapacity): string {
  return describeView({ desiredCount: saved.desiredCount, scalableTarget: saved.scalableTarget });
}

import { present } from "../../util/present.ts";
import type { ScaleAction } from "./plan.ts";
import { scaleExecutors } from "./executor.ts";
import type { Policy, PolicyDefinition, TickContext } from "../../engine/policy.ts";
import { scheduleOwed } from "./owed.ts";
import { scheduleReferenceProblems } from "./references.ts";
import type { ScheduledScalingSettings } from "./settings.ts";
import { scheduleNameTag } from "./tags.ts";
import { scheduledScalingTick, scheduledStillApplies, type ScheduledTickInput } from "./tick.ts";

// The registry entry. Scheduled scaling is level-triggered only: no event decides anything,
// each reconcile tick converges the service on what its schedule says now (converge.ts).
// The schedule tag is a name, not a number, so it is not a parameter tag: see tags.ts.

/** Whether any window can apply to a service with these settings (a tag may still pick a schedule). */
const mayHoldWindows = (s: ScheduledScalingSettings) => s.windows.length > 0 || Object.keys(s.schedules).length > 0;

/** Whether a window applies to the service (its tags applied). */
const hasWindows = (s: ScheduledScalingSettings) =>
  s.windows.length > 0 || (s.schedule !== undefined && Object.hasOwn(s.schedules, s.schedule));

function inputOf(c: TickContext<ScheduledScalingSettings>): ScheduledTickInput | undefined {
  // Without Application Auto Scaling's view the tick cannot tell min/max from desired count,
  // and setting a desired count under target tracking would fight it: decide nothing.
  if (!c.snapshot.autoScaling) return undefined;
  // Auto-rollback's bake time, asked by name: a window change waits out a deployment's bake.
  const bake = c.settingOf?.("auto-rollback", "bakeMinutes");
  const bakeMinutes = typeof bake === "number" ? bake : 0;
  return {
    snapshot: c.snapshot,
    settings: c.settings,
    now: c.now,
    scalableTarget: c.snapshot.autoScaling.target,
    bakeMinutes,
  };
}

/**
 * What the ingest runs of scheduled scaling: no event decides anything, so no tick and no
 * window maths. The registry lists this one; the reconcile runs `scheduledScaling` below,
 * which the registry's list of tick parts (registry.ts TICK_PARTS) names.
 */
export const scheduledScalingManifest: Policy<ScheduledScalingSettings> = {
  id: "scheduled-scaling",
  interestedIn: () => false,
  decide: () => [],
  // A window still held needs the target even when the config no longer has it: it is put back.
  needs: (s, stored) => ({
    service: true,
    deployments: true,
    timelineMinutes: 0,
    scalableTarget: mayHoldWindows(s) || stored?.["holding"] !== undefined,
  }),
  owed: scheduleOwed,
  // A window holding (or a change waiting) keeps the service on the attention list (state.ts).
  wantsTick: (_service, _state, settings) => hasWindows(settings),
};

/** The whole policy, tick included: only what runs ticks reaches it, so the ingest's bundle leaves it out. */
// Its fields listed, not spread: a bundler keeps an object built by a spread (which may run a
// getter), and the ingest's bundle would keep the tick with it.
const { interestedIn, decide, needs, owed, wantsTick } = scheduledScalingManifest;

export const scheduledScaling: Policy<ScheduledScalingSettings> = {
  id: "scheduled-scaling",
  interestedIn,
  decide,
  needs,
  owed,
  wantsTick,
  tick(c) {
    const input = inputOf(c);
    return input ? scheduledScalingTick(input) : { decisions: [] };
  },
  stillApplies(decision, c) {
    const input = inputOf(c);
    return input !== undefined && scheduledStillApplies(decision, input);
  },
};

export const scheduledScalingDefinition = {
  id: "scheduled-scaling",
  tags: {},
  policy: scheduledScalingManifest,
  executors: scaleExecutors,
  configProblems: (view) =>
    scheduleReferenceProblems(
      view.settings,
      view.overrides.map((o) => ({ policies: { "scheduled-scaling": o.settings } })),
    ),
  nameTag: scheduleNameTag,
  present: {
    actions: { scale: { fields: (a) => present(a as ScaleAction, ["desiredCount", "minCapacity", "maxCapacity"]) } },
  },
} as const satisfies PolicyDefinition<ScheduledScalingSettings>;

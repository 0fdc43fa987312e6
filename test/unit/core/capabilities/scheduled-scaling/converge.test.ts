import { describe, expect, it } from "vitest";
import type { Mode } from "@ecs-guardrails/core/config/policy-settings";
import type { Decision } from "@ecs-guardrails/core/model/decision";
import { converge, type DeploymentPhase } from "@ecs-guardrails/core/capabilities/scheduled-scaling/converge";
import { targetAt } from "@ecs-guardrails/core/time/holds";
import type { ScheduledScale } from "@ecs-guardrails/core/capabilities/scheduled-scaling/plan";
import { parseScheduledScalingSettings } from "@ecs-guardrails/core/capabilities/scheduled-scaling/settings";
import { IDLE, type ScheduleState } from "@ecs-guardrails/core/capabilities/scheduled-scaling/state";
import type { ScalableTargetView } from "@ecs-guardrails/core/model/snapshot";
import type { CompiledWindow } from "@ecs-guardrails/core/time/windows";
import { windowsOf } from "@ecs-guardrails/core/capabilities/scheduled-scaling/windows-of";

// Ticks of the reconcile against a small world: the service's desired count, its scalable
// target (if any), whether it is deploying, and the policy state the engine saves with each
// decision (also when observed). An enforced `scale` changes the world the way ECS and
// Application Auto Scaling would.

const REF = { cluster: "prod", service: "web" };
// Europe/Berlin in June is UTC+2: Monday 2026-06-01 20:00 is 18:00Z, Tuesday 07:00 is 05:00Z.
const nights = (capacity: Record<string, unknown>, extra: Record<string, unknown>[] = []) =>
  windowsOf(
    parseScheduledScalingSettings({
      windows: [
        { name: "nights", timezone: "Europe/Berlin", days: ["mon-fri"], from: "20:00", to: "07:00", ...capacity },
        ...extra,
      ],
    }),
  );

const suspended = {
  dynamicScalingInSuspended: false,
  dynamicScalingOutSuspended: false,
  scheduledScalingSuspended: false,
};

type World = {
  desired: number;
  target: ScalableTargetView | undefined;
  deployment: DeploymentPhase;
  state: ScheduleState;
  mode: Mode;
  windows: CompiledWindow[];
  calls: ScheduledScale[];
};

function world(windows: CompiledWindow[], patch: Partial<World> = {}): World {
  return {
    desired: 3,
    target: undefined,
    deployment: "none",
    state: IDLE,
    mode: "enforce",
    windows,
    calls: [],
    ...patch,
  };
}

function tick(w: World, iso: string): Decision[] {
  const now = new Date(iso);
  const result = converge({
    ref: REF,
    mode: w.mode,
    now,
    target: targetAt(w.windows, now),
    view: { desiredCount: w.desired, scalableTarget: w.target && structuredClone(w.target) },
    deployment: w.deployment,
    state: w.state,
  });
  for (const d of result.decisions) {
    if (d.action?.type === "scale" && w.mode === "enforce") apply(w, d.action as ScheduledScale);
    if (d.state) w.state = d.state.value as ScheduleState;
  }
  if (result.state) w.state = result.state.value as ScheduleState;
  return result.decisions;
}

function apply(w: World, a: ScheduledScale) {
  w.calls.push(a);
  if (a.desiredCount !== undefined) {
    if (w.target)
      throw new Error("UpdateService desiredCount on a service with a scalable target: target tracking would fight it");
    w.desired = a.desiredCount;
    return;
  }
  w.target = {
    minCapacity: a.minCapacity!,
    maxCapacity: a.maxCapacity!,
    suspended: a.suspendedState ?? w.target!.suspended,
  };
  w.desired = Math.min(Math.max(w.desired, a.minCapacity!), a.maxCapacity!);
}

const keys = (ds: Decision[]) => ds.map((d) => d.key);

describe("scheduled scaling without a scalable target", () => {
  it("saves the desired count at the window's start, stops the service, and restores exactly that count at its end", () => {
    const w = world(nights({ stopped: true }), { desired: 3 });
    expect(tick(w, "2026-06-01T17:55:00Z")).toEqual([]);
    const [start] = tick(w, "2026-06-01T18:00:00Z");
    expect(start).toMatchObject({
      key: "scheduled-scaling#start#windows[nights]@2026-06-01T18:00:00.000Z",
      action: { type: "scale", desiredCount: 0 },
      severity: "info",
    });
    expect(start!.reason).toContain("2026-06-01 20:00 Europe/Berlin");
    expect(w.state.saved).toEqual({ desiredCount: 3, scalableTarget: undefined });
    expect(w.desired).toBe(0);
    const [end] = tick(w, "2026-06-02T05:00:00Z");
    expect(end).toMatchObject({
      key: "scheduled-scaling#end#windows[nights]@2026-06-01T18:00:00.000Z",
      action: { type: "scale", desiredCount: 3 },
    });
    expect(w.desired).toBe(3);
    expect(w.state).toEqual(IDLE);
  });

  it("clamps the saved desired count into a min/max window", () => {
    const w = world(nights({ minCapacity: 1, maxCapacity: 2 }), { desired: 5 });
    expect(tick(w, "2026-06-01T18:00:00Z")[0]!.action).toEqual({ type: "scale", desiredCount: 2 });
  });

  it("changes nothing on a repeated tick, and decides the same key when a tick is delivered twice", () => {
    const w = world(nights({ stopped: true }));
    const before = structuredClone(w.state);
    const first = converge({
      ref: REF,
      mode: "enforce",
      now: new Date("2026-06-01T18:05:00Z"),
      target: targetAt(w.windows, new Date("2026-06-01T18:05:00Z")),
      view: { desiredCount: 3, scalableTarget: undefined },
      deployment: "none",
      state: before,
    });
    const again = converge({
      ref: REF,
      mode: "enforce",
      now: new Date("2026-06-01T18:05:01Z"),
      target: targetAt(w.windows, new Date("2026-06-01T18:05:01Z")),
      view: { desiredCount: 3, scalableTarget: undefined },
      deployment: "none",
      state: before,
    });
    expect(keys(again.decisions)).toEqual(keys(first.decisions));
    tick(w, "2026-06-01T18:05:00Z");
    for (const t of ["2026-06-01T18:10:00Z", "2026-06-01T18:10:00Z", "2026-06-02T01:00:00Z"])
      expect(tick(w, t)).toEqual([]);
    expect(w.calls).toHaveLength(1);
  });

  it("converges on the next tick after a missed hour, at a start and at an end", () => {
    const w = world(nights({ stopped: true }));
    expect(tick(w, "2026-06-01T19:07:00Z")[0]!.action).toEqual({ type: "scale", desiredCount: 0 });
    expect(tick(w, "2026-06-02T06:02:00Z")[0]!.action).toEqual({ type: "scale", desiredCount: 3 });
  });

  it("after ticks missed across an end and the next start, keeps the values saved before the first window", () => {
    const w = world(nights({ stopped: true }));
    tick(w, "2026-06-01T18:00:00Z");
    const [next] = tick(w, "2026-06-02T18:05:00Z"); // Tuesday night: Tuesday morning's end was missed
    expect(next!.key).toBe("scheduled-scaling#start#windows[nights]@2026-06-02T18:00:00.000Z");
    expect(w.state.saved?.desiredCount).toBe(3);
    tick(w, "2026-06-03T05:00:00Z");
    expect(w.desired).toBe(3);
  });

  it("does nothing for a window that started and ended between two ticks", () => {
    const w = world(nights({ stopped: true }));
    expect(tick(w, "2026-06-01T17:00:00Z")).toEqual([]);
    expect(tick(w, "2026-06-02T06:00:00Z")).toEqual([]);
  });

  it("takes a person's change outside a window as the value to restore after the next one", () => {
    const w = world(nights({ stopped: true }));
    tick(w, "2026-06-01T18:00:00Z");
    tick(w, "2026-06-02T05:00:00Z");
    w.desired = 6; // someone scales out during the day
    tick(w, "2026-06-02T18:00:00Z");
    expect(w.state.saved?.desiredCount).toBe(6);
    tick(w, "2026-06-03T05:00:00Z");
    expect(w.desired).toBe(6);
  });
});

describe("drift", () => {
  it("sends one notice when someone changes the capacity while a window holds, and re-applies nothing for the rest of it", () => {
    const w = world(nights({ stopped: true }));
    tick(w, "2026-06-01T18:00:00Z");
    w.desired = 2; // on call scales up at night
    const [drift] = tick(w, "2026-06-01T23:00:00Z");
    expect(drift).toMatchObject({
      key: "scheduled-scaling#drift#windows[nights]@2026-06-01T18:00:00.000Z",
      action: undefined,
      severity: "info",
    });
    expect(tick(w, "2026-06-01T23:05:00Z")).toEqual([]);
    expect(tick(w, "2026-06-02T03:00:00Z")).toEqual([]);
    const [end] = tick(w, "2026-06-02T05:00:00Z");
    expect(end!.action).toBeUndefined();
    expect(end!.title).toMatch(/capacity left as someone set it/);
    expect(w.desired).toBe(2);
    expect(w.calls).toHaveLength(1);
    // The next night is a new window: it applies again.
    expect(tick(w, "2026-06-02T18:00:00Z")[0]!.action).toEqual({ type: "scale", desiredCount: 0 });
  });

  it("counts a changed min/max or suspended state on the scalable target as drift, but not the scaler moving the desired count", () => {
    const w = world(nights({ minCapacity: 1, maxCapacity: 2 }), {
      desired: 4,
      target: { minCapacity: 2, maxCapacity: 10, suspended },
    });
    tick(w, "2026-06-01T18:00:00Z");
    w.desired = 1; // target tracking scales in within the window's min/max
    expect(tick(w, "2026-06-01T19:00:00Z")).toEqual([]);
    w.target!.suspended = { ...suspended, dynamicScalingInSuspended: true };
    expect(keys(tick(w, "2026-06-01T19:05:00Z"))).toEqual([
      "scheduled-scaling#drift#windows[nights]@2026-06-01T18:00:00.000Z",
    ]);
  });
});

describe("scheduled scaling with a scalable target (target tracking)", () => {
  it("moves min/max through the scalable target, leaves the desired count to the scaler, and restores min, max and suspended state exactly", () => {
    const original = { minCapacity: 2, maxCapacity: 10, suspended: { ...suspended, scheduledScalingSuspended: true } };
    const w = world(nights({ minCapacity: 1, maxCapacity: 3 }), { desired: 6, target: structuredClone(original) });
    const [start] = tick(w, "2026-06-01T18:00:00Z");
    expect(start!.action).toEqual({ type: "scale", minCapacity: 1, maxCapacity: 3 });
    expect(start!.action).not.toHaveProperty("desiredCount");
    expect(w.state.saved).toEqual({ desiredCount: 6, scalableTarget: original });
    expect(w.desired).toBe(3); // Application Auto Scaling clamps it into the new range
    const [end] = tick(w, "2026-06-02T05:00:00Z");
    expect(end!.action).toEqual({ type: "scale", minCapacity: 2, maxCapacity: 10, suspendedState: original.suspended });
    expect(w.target).toEqual(original);
  });

  it("pins min and max to a window's desired count, and stops with 0/0", () => {
    const target = { minCapacity: 2, maxCapacity: 10, suspended };
    expect(tick(world(nights({ desiredCount: 4 }), { target }), "2026-06-01T18:00:00Z")[0]!.action).toEqual({
      type: "scale",
      minCapacity: 4,
      maxCapacity: 4,
    });
    expect(tick(world(nights({ stopped: true }), { target }), "2026-06-01T18:00:00Z")[0]!.action).toEqual({
      type: "scale",
      minCapacity: 0,
      maxCapacity: 0,
    });
  });

  it("does not restore onto a scalable target registered while the window held", () => {
    const w = world(nights({ stopped: true }));
    tick(w, "2026-06-01T18:00:00Z");
    w.target = { minCapacity: 1, maxCapacity: 4, suspended };
    tick(w, "2026-06-01T19:00:00Z"); // drift
    w.state = { ...w.state, drifted: false };
    const [end] = tick(w, "2026-06-02T05:00:00Z");
    expect(end!.action).toBeUndefined();
    expect(end!.reason).toMatch(/a scalable target was registered while the window held/);
  });
});

describe("deployments", () => {
  it("never scales in during a deployment: says so once, retries each tick, and acts when it is done", () => {
    const w = world(nights({ stopped: true }), { deployment: "in-progress" });
    const [deferred] = tick(w, "2026-06-01T18:00:00Z");
    expect(deferred).toMatchObject({
      key: "scheduled-scaling#deferred#start#windows[nights]@2026-06-01T18:00:00.000Z",
      action: undefined,
    });
    expect(tick(w, "2026-06-01T18:05:00Z")).toEqual([]);
    w.deployment = "baking";
    expect(tick(w, "2026-06-01T18:10:00Z")).toEqual([]);
    expect(w.desired).toBe(3);
    w.deployment = "none";
    expect(tick(w, "2026-06-01T18:15:00Z")[0]).toMatchObject({
      key: "scheduled-scaling#start#windows[nights]@2026-06-01T18:00:00.000Z",
      action: { type: "scale", desiredCount: 0 },
    });
    expect(w.state.saved?.desiredCount).toBe(3);
  });

  it("scales out during a deployment, and defers a restore that removes tasks", () => {
    const w = world(nights({ desiredCount: 8 }), { deployment: "in-progress" });
    expect(tick(w, "2026-06-01T18:00:00Z")[0]!.action).toEqual({ type: "scale", desiredCount: 8 });
    w.deployment = "baking";
    expect(keys(tick(w, "2026-06-02T05:00:00Z"))).toEqual([
      "scheduled-scaling#deferred#end#windows[nights]@2026-06-01T18:00:00.000Z",
    ]);
    expect(w.desired).toBe(8);
    w.deployment = "none";
    tick(w, "2026-06-02T05:05:00Z");
    expect(w.desired).toBe(3);
  });

  it("with a scalable target, a restore that only lowers min/max is no scale-in and goes ahead", () => {
    const w = world(nights({ minCapacity: 6, maxCapacity: 12 }), {
      desired: 3,
      target: { minCapacity: 2, maxCapacity: 10, suspended },
    });
    tick(w, "2026-06-01T18:00:00Z");
    w.deployment = "in-progress";
    expect(tick(w, "2026-06-02T05:00:00Z")[0]!.action).toMatchObject({ minCapacity: 2, maxCapacity: 10 });
    expect(w.desired).toBe(6); // the scaler, not us, scales in later
  });
});

describe("overlap and modes", () => {
  it("hands over from one window to a larger overlapping one and keeps the values from before both", () => {
    const w = world(
      nights({ stopped: true }, [
        { name: "batch", timezone: "UTC", start: "0 1 * * *", end: "0 2 * * *", desiredCount: 2 },
      ]),
    );
    tick(w, "2026-06-01T18:00:00Z");
    const [batch] = tick(w, "2026-06-02T01:00:00Z");
    expect(batch).toMatchObject({
      action: { type: "scale", desiredCount: 2 },
      title: expect.stringContaining('window "batch"'),
    });
    const [back] = tick(w, "2026-06-02T02:00:00Z");
    expect(back!.action).toEqual({ type: "scale", desiredCount: 0 });
    tick(w, "2026-06-02T05:00:00Z");
    expect(w.desired).toBe(3);
  });

  it("in observe mode records what it would do, changes nothing, sees no drift, and acts once switched to enforce", () => {
    const w = world(nights({ stopped: true }), { mode: "observe" });
    const [observed] = tick(w, "2026-06-01T18:00:00Z");
    expect(observed!.key).toBe("scheduled-scaling#start#windows[nights]@2026-06-01T18:00:00.000Z#observe");
    expect(w.desired).toBe(3);
    expect(tick(w, "2026-06-01T18:05:00Z")).toEqual([]);
    w.mode = "enforce";
    const [enforced] = tick(w, "2026-06-01T18:10:00Z");
    expect(enforced!.key).toBe("scheduled-scaling#start#windows[nights]@2026-06-01T18:00:00.000Z");
    expect(w.desired).toBe(0);
    expect(w.state.saved?.desiredCount).toBe(3);
  });
});

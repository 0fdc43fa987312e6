import { createManualClock } from "@ecs-guardrails/sim/clock";
import { Timeline } from "@ecs-guardrails/sim/timeline";
import { describe, expect, it } from "vitest";

describe("Timeline", () => {
  it("runs work in time order, and work due at the same time in the order it was scheduled", () => {
    const clock = createManualClock(0);
    const timeline = new Timeline(clock);
    const ran: string[] = [];
    timeline.at(30, () => ran.push("c"));
    timeline.at(10, () => ran.push("a"));
    timeline.at(10, () => ran.push("b"));

    timeline.runUntil(100);

    expect(ran).toEqual(["a", "b", "c"]);
    expect(clock.now()).toBe(100);
  });

  it("shows the clock at each item's time while it runs", () => {
    const clock = createManualClock(0);
    const timeline = new Timeline(clock);
    const seen: number[] = [];
    timeline.at(5, () => seen.push(clock.now()));
    timeline.at(7, () => timeline.after(3, () => seen.push(clock.now())));

    timeline.runUntil(20);

    expect(seen).toEqual([5, 10]);
  });

  it("leaves work after the horizon for later", () => {
    const clock = createManualClock(0);
    const timeline = new Timeline(clock);
    const ran: number[] = [];
    timeline.at(50, () => ran.push(50));

    timeline.runUntil(49);
    expect(ran).toEqual([]);
    timeline.runUntil(50);
    expect(ran).toEqual([50]);
  });

  it("runs work scheduled in the past at the current time, never moving the clock back", () => {
    const clock = createManualClock(100);
    const timeline = new Timeline(clock);
    let at = -1;
    timeline.at(10, () => (at = clock.now()));

    timeline.runUntil(100);

    expect(at).toBe(100);
  });

  it("runs one owner's work, in order and with what it schedules, leaving the others' work for later", () => {
    const clock = createManualClock(0);
    const timeline = new Timeline(clock);
    const ran: string[] = [];
    timeline.owning("prod/web", () => timeline.at(10, () => timeline.after(5, () => ran.push("web later"))));
    timeline.owning("prod/api", () => timeline.at(12, () => ran.push("api")));
    timeline.at(13, () => ran.push("nobody's"));

    expect(timeline.nextOwnedAt("prod/web")).toBe(10);
    expect(timeline.runOwnedUntil("prod/web", 100)).toBe(2);
    expect(ran).toEqual(["web later"]);
    expect(timeline.nextOwnedAt("prod/web")).toBeUndefined();

    timeline.runUntil(100);
    expect(ran).toEqual(["web later", "api", "nobody's"]);
  });

  it("answers now at an overriding time for work done on behalf of a lane", () => {
    const timeline = new Timeline(createManualClock(1000));

    expect(timeline.during(5000, () => timeline.now())).toBe(5000);
    expect(timeline.now()).toBe(1000);
  });
});

describe("lanes of the manual clock", () => {
  it("gives work inside a lane the lane's time, and moves only the lane's clock", async () => {
    const { inLane } = await import("@ecs-guardrails/sim/clock");
    const clock = createManualClock(1000);
    const lane = { now: 5000 };

    const seen = await inLane(lane, async () => {
      await Promise.resolve();
      clock.advanceTo(7000);
      return clock.now();
    });

    expect([seen, lane.now, clock.now()]).toEqual([7000, 7000, 1000]);
  });
});

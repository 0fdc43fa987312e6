import { describe, expect, it } from "vitest";
import { parseConfig } from "../../packages/core/src/config/load.ts";
import type { ConfigInput } from "../../packages/core/src/config/schema.ts";
import { verdictOf } from "../faults/checks.ts";
import { batchService, nightConfig, tick as nightTick } from "../faults/scheduled-service.ts";
import { ON_DEMAND, placementFailure, SPOT, spotService, tick as spotTick } from "../faults/spot-service.ts";
import { runScenario, type Observed } from "../faults/world.ts";

// What enforce changed is put back, whatever the mode becomes (issue 18): a night window held
// in enforce mode, then the mode (or the scope, or the window itself) changes before it ends.
// Observe still puts back; off and leaving the scope hand over once, with the saved values and
// the command; back in enforce nothing is done twice. The real pipeline, DynamoDB Local.

const night = nightConfig.policies["scheduled-scaling"];
const withNight = (patch: Record<string, unknown>, rest: ConfigInput = {}) =>
  parseConfig({ ...rest, policies: { "scheduled-scaling": { ...night, ...patch } } });
const observe = withNight({ mode: "observe" });
const off = withNight({ mode: "off" });
const outOfScope = parseConfig({ ...nightConfig, scope: { clusters: ["staging"] } });
const enforce = parseConfig(nightConfig);

/** 20:05 the window starts (enforce), 20:15 the change, 06:05 the morning, 06:15/06:25 the schedule after. */
const inputs = (during: ReturnType<typeof parseConfig>, after = during) => [
  nightTick(15),
  { ...nightTick(25), config: during },
  { ...nightTick(10 * 60 + 15), config: after },
];

const handOvers = (run: Observed) => run.notices.filter((n) => n.title.includes("handed over"));
const scheduleState = (run: Observed) => run.state?.policies["scheduled-scaling"] as { holding?: string } | undefined;

describe("a night window held in enforce mode when the mode changes", () => {
  it("to observe: the morning still puts back the 4 tasks, for real, said to put back what enforce changed", async () => {
    const run = await runScenario({
      id: "observe",
      title: "observe",
      config: nightConfig,
      service: batchService(),
      inputs: inputs(observe),
      truths: () => [],
    });

    expect(run.actions).toEqual(["desired count 1", "desired count 4"]);
    expect(run.ecs.desiredCount).toBe(4);
    const restore = run.decisions.find((d) => d.eventId.startsWith("scheduled-scaling#end#"));
    expect(verdictOf(restore!)).toBe("acted");
    expect(restore!.reason).toContain("put back what enforce changed");
    expect(scheduleState(run)?.holding).toBeUndefined();
  });

  it("to off: one hand-over notice naming the saved count and the command; nothing restored later", async () => {
    const run = await runScenario({
      id: "off",
      title: "off",
      config: nightConfig,
      service: batchService(),
      inputs: inputs(off),
      truths: () => [],
    });

    expect(run.actions).toEqual(["desired count 1"]);
    expect(handOvers(run)).toHaveLength(1);
    const record = run.decisions.find((d) => d.eventId.startsWith("scheduled-scaling#hand-over#"))!;
    expect(record.reason).toContain("desired 4");
    expect(record.reason).toContain("aws ecs update-service --cluster prod --service batch --desired-count 4");
    expect(scheduleState(run)?.holding).toBeUndefined();
    expect(run.attention).toBe(false);
  });

  it("to off and back to enforce before the morning: nothing is applied or restored twice", async () => {
    const run = await runScenario({
      id: "off-enforce",
      title: "off, then enforce",
      config: nightConfig,
      service: batchService(),
      inputs: [
        nightTick(15),
        { ...nightTick(25), config: off },
        { ...nightTick(35), config: enforce },
        { ...nightTick(10 * 60 + 15), config: enforce },
      ],
      truths: () => [],
    });

    expect(run.actions).toEqual(["desired count 1"]);
    expect(handOvers(run)).toHaveLength(1);
    expect(run.notices.map((n) => n.title).filter((t) => t.includes("Scale") || t.includes("Restore"))).toEqual([
      expect.stringContaining(`Scale prod/batch for window "night": 1 task`),
    ]);
  });

  it("out of scope: handed over as with off, found by the reconcile from the attention list", async () => {
    const run = await runScenario({
      id: "scope",
      title: "out of scope",
      config: nightConfig,
      service: batchService(),
      inputs: inputs(outOfScope),
      truths: () => [],
    });

    expect(run.actions).toEqual(["desired count 1"]);
    expect(handOvers(run)).toHaveLength(1);
    expect(scheduleState(run)?.holding).toBeUndefined();
  });
});

describe("a night window held in enforce mode when the config changes", () => {
  it("removes the window: the saved count is put back at the next tick", async () => {
    const removed = withNight({ windows: [] });
    const run = await runScenario({
      id: "removed",
      title: "removed",
      config: nightConfig,
      service: batchService(),
      inputs: [nightTick(15), { ...nightTick(25), config: removed }],
      truths: () => [],
    });

    expect(run.actions).toEqual(["desired count 1", "desired count 4"]);
    expect(scheduleState(run)?.holding).toBeUndefined();
  });

  it("reorders the windows list: no new start, and the morning restores once", async () => {
    const day = { name: "lunch", timezone: "UTC", start: "0 12 * * *", end: "0 13 * * *", desiredCount: 2 };
    const before = withNight({ windows: [night.windows[0], day] });
    const after = withNight({ windows: [day, night.windows[0]] });
    const run = await runScenario({
      id: "reorder",
      title: "reorder",
      config: before,
      service: batchService(),
      inputs: [
        { ...nightTick(15), config: before },
        { ...nightTick(25), config: after },
        { ...nightTick(10 * 60 + 15), config: after },
      ],
      truths: () => [],
    });

    expect(run.actions).toEqual(["desired count 1", "desired count 4"]);
    expect(
      run.decisions.filter((d) => d.eventId.startsWith("scheduled-scaling#start#")).map((d) => d.eventId),
    ).toHaveLength(1);
  });
});

describe("a Spot fallback enforced when the mode changes", () => {
  const spot = (mode: "observe" | "off") => parseConfig({ policies: { "spot-fallback": { mode } } });

  it("to observe: the return after the cool-down is carried out", async () => {
    const run = await runScenario({
      id: "spot-observe",
      title: "spot observe",
      config: { policies: { "spot-fallback": { mode: "enforce" } } },
      service: spotService(),
      inputs: [placementFailure(1), { ...spotTick(35), config: spot("observe") }],
      truths: () => [],
    });

    expect(run.ecs.capacityProviderStrategy).toEqual(SPOT);
    // At the observed tick itself, not at the schedule's enforced ticks after the scenario.
    const restore = run.decisions.find((d) => d.eventId === "spot-fallback#restore#1");
    expect(verdictOf(restore!)).toBe("acted");
    expect(restore!.reason).toContain("put back what enforce changed");
  });

  it("to off: one hand-over naming the original strategy and the command, ECS left on on-demand", async () => {
    const run = await runScenario({
      id: "spot-off",
      title: "spot off",
      config: { policies: { "spot-fallback": { mode: "enforce" } } },
      service: spotService(),
      inputs: [placementFailure(1), { ...spotTick(10), config: spot("off") }, { ...spotTick(35), config: spot("off") }],
      truths: () => [],
    });

    expect(run.ecs.capacityProviderStrategy).toEqual(ON_DEMAND);
    expect(handOvers(run)).toHaveLength(1);
    const record = run.decisions.find((d) => d.eventId.startsWith("spot-fallback#hand-over#"))!;
    expect(record.reason).toContain("FARGATE_SPOT");
    expect(record.reason).toContain(
      "aws ecs update-service --cluster prod --service queue --capacity-provider-strategy capacityProvider=FARGATE_SPOT,base=0,weight=1 --force-new-deployment",
    );
    expect(run.attention).toBe(false);
    expect(run.state?.policies["spot-fallback"]).toMatchObject({ status: "normal", incident: 1 });
  });
});

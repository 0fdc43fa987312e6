import { describe, expect, it } from "vitest";
import {
  deploymentStateChange,
  serviceAction,
  stops,
  taskStateChange,
} from "../../packages/sim/src/events/builders.ts";
import { guardrails } from "../support/engine.ts";

const ref = { cluster: "prod", service: "queue" };
const T0 = Date.parse("2026-11-20T10:00:00Z");
const at = (m: number) => new Date(T0 + m * 60_000).toISOString();
const SPOT = [{ capacityProvider: "FARGATE_SPOT", base: 0, weight: 1 }];
const ON_DEMAND = [{ capacityProvider: "FARGATE", base: 0, weight: 1 }];
const enforce = { policies: { "spot-fallback": { mode: "enforce" as const } } };
const service = (extra: object = {}) => ({
  ...ref,
  desiredCount: 4,
  capacityProviderStrategy: SPOT,
  deployments: [
    {
      id: "ecs-svc/1",
      status: "PRIMARY" as const,
      taskDefinition: "arn:aws:ecs:us-east-1:111122223333:task-definition/queue:7",
      rolloutState: "COMPLETED" as const,
      createdAt: new Date(at(-60)),
    },
  ],
  ...extra,
});
const placementFailure = (m: number) =>
  serviceAction({
    ...ref,
    eventName: "SERVICE_TASK_PLACEMENT_FAILURE",
    reason: "RESOURCE:FARGATE",
    capacityProviders: ["FARGATE_SPOT"],
    time: at(m),
  });
const steady = (m: number) => serviceAction({ ...ref, eventName: "SERVICE_STEADY_STATE", time: at(m) });
const strategyUpdates = (g: Awaited<ReturnType<typeof guardrails>>) =>
  g.ecs.updates
    .filter((u) => u.capacityProviderStrategy)
    .map((u) => ({ strategy: u.capacityProviderStrategy, force: u.forceNewDeployment }));

async function ticks(g: Awaited<ReturnType<typeof guardrails>>, fromMinute: number, toMinute: number) {
  for (let m = fromMinute; m <= toMinute; m += 5) await g.tick(at(m));
}

describe("Fargate Spot fallback", () => {
  it("falls back exactly once for a storm of placement failures, and steady-state events cause no flapping", async () => {
    const g = await guardrails({ config: enforce, service: service() });
    for (const m of [1, 1.5, 2, 2, 3, 4]) await g.send(placementFailure(m));
    for (const m of [5, 6, 7]) await g.send(steady(m));
    await ticks(g, 5, 25);
    expect(strategyUpdates(g)).toEqual([{ strategy: ON_DEMAND, force: true }]);
    const warnings = g.messages().filter((m) => m.MessageAttributes?.["policy"]?.StringValue === "spot-fallback");
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.body.content.title).toBe(":warning: Move prod/queue from Fargate Spot to on-demand Fargate");
    expect(warnings[0]!.body.content.description).toMatch(/4 task\(s\) move to on-demand, up to \$0\.1382\/hour more/);
  });

  it("returns to Spot after the cool-down and records the incident with its on-demand hours", async () => {
    const g = await guardrails({ config: enforce, service: service() });
    await g.send(placementFailure(1));
    await ticks(g, 5, 30);
    expect(strategyUpdates(g)).toHaveLength(1);
    await g.tick(at(35));
    expect(strategyUpdates(g)).toEqual([
      { strategy: ON_DEMAND, force: true },
      { strategy: SPOT, force: true },
    ]);
    const decisions = (await g.history.timeline(ref, { limit: 50 })).items.filter((e) => e.type === "decision");
    const [restore, fallback] = decisions;
    expect(fallback).toMatchObject({
      data: {
        policy: "spot-fallback",
        verdict: "acted",
        facts: {
          strategyBefore: "FARGATE_SPOT weight 1",
          strategyAfter: "FARGATE weight 1",
          trigger: expect.stringContaining("RESOURCE:FARGATE"),
        },
      },
    });
    expect(restore).toMatchObject({
      time: at(35),
      data: {
        verdict: "acted",
        facts: {
          since: at(1),
          durationHours: "0.57",
          onDemandTaskHours: "2.27",
          strategyAfter: "FARGATE_SPOT weight 1",
        },
      },
    });
    const info = g.messages().at(-1)!;
    expect(info.MessageAttributes?.["severity"]?.StringValue).toBe("info");
    expect(info.body.content.title).toBe(":information_source: Return prod/queue to Fargate Spot");
  });

  it("backs off after a relapse: the second return waits twice as long", async () => {
    const g = await guardrails({ config: enforce, service: service() });
    await g.send(placementFailure(1));
    await g.tick(at(31));
    expect(strategyUpdates(g)).toHaveLength(2);
    await g.send(placementFailure(40));
    await g.tick(at(71));
    expect(strategyUpdates(g)).toHaveLength(3);
    await g.tick(at(101));
    expect(strategyUpdates(g).map((u) => u.strategy)).toEqual([ON_DEMAND, SPOT, ON_DEMAND, SPOT]);
  });

  it("respects a person's strategy change during the fallback: no return over it", async () => {
    const g = await guardrails({ config: enforce, service: service() });
    await g.send(placementFailure(1));
    g.ecs.state.capacityProviderStrategy = [{ capacityProvider: "FARGATE", base: 2, weight: 1 }];
    await ticks(g, 10, 60);
    expect(strategyUpdates(g)).toHaveLength(1);
    expect(g.messages().at(-1)!.body.content.title).toMatch(
      /Not returning prod\/queue to Fargate Spot: its strategy was changed by someone else/,
    );
  });

  it("falls back on an interruption storm: three Spot tasks interrupted within ten minutes", async () => {
    const g = await guardrails({ config: enforce, service: service() });
    const interrupted = (task: string, m: number, lastStatus: string, version: number) =>
      taskStateChange({
        ...ref,
        taskId: task,
        deploymentId: "ecs-svc/1",
        taskDefinition: "queue:7",
        version,
        lastStatus,
        desiredStatus: "STOPPED",
        time: at(m),
        capacityProviderName: "FARGATE_SPOT",
        stop: stops.spot(),
      });
    await g.send(interrupted("t1", 1, "RUNNING", 3));
    await g.send(interrupted("t1", 3, "STOPPED", 6));
    await g.send(interrupted("t2", 4, "RUNNING", 3));
    expect(strategyUpdates(g)).toHaveLength(0);
    await g.send(interrupted("t3", 6, "RUNNING", 3));
    expect(strategyUpdates(g)).toEqual([{ strategy: ON_DEMAND, force: true }]);
    expect(g.messages().at(-1)!.body.content.description).toMatch(
      /interruption storm: 3 Spot tasks interrupted within 10 minutes/,
    );
  });

  it("falls back when the service stays below its desired count for longer than the grace period, short of Spot", async () => {
    const g = await guardrails({ config: enforce, service: service({ runningCount: 1 }) });
    await g.tick(at(0));
    // Two interruptions, below the storm threshold: what makes the shortfall Spot's.
    for (const [task, m] of [
      ["t1", 2],
      ["t2", 3],
    ] as const) {
      await g.send(
        taskStateChange({
          ...ref,
          taskId: task,
          deploymentId: "ecs-svc/1",
          taskDefinition: "queue:7",
          version: 6,
          lastStatus: "STOPPED",
          time: at(m),
          capacityProviderName: "FARGATE_SPOT",
          stop: stops.spot(),
        }),
      );
    }
    await g.tick(at(5));
    expect(strategyUpdates(g)).toHaveLength(0);
    await g.tick(at(11));
    expect(strategyUpdates(g)).toEqual([{ strategy: ON_DEMAND, force: true }]);
  });

  it("in observe mode changes nothing but says what it would do, once per incident", async () => {
    const g = await guardrails({ service: service() });
    for (const m of [1, 2, 3]) await g.send(placementFailure(m));
    expect(g.ecs.updates).toHaveLength(0);
    const titles = g.messages().map((m) => m.body.content.title);
    expect(titles).toEqual([":warning: [observe] Would move prod/queue from Fargate Spot to on-demand Fargate"]);
  });

  it("never mistakes its own deployment for a bad release", async () => {
    // queue:6 completed before queue:7, so a rollback of our fallback deployment (queue:7) has
    // a real target: only the guard stops it.
    const td = (rev: number) => `arn:aws:ecs:us-east-1:111122223333:task-definition/queue:${rev}`;
    const older = {
      id: "ecs-svc/0",
      status: "ACTIVE" as const,
      taskDefinition: td(6),
      rolloutState: "COMPLETED" as const,
      createdAt: new Date(at(-120)),
    };
    const g = await guardrails({
      config: { policies: { "spot-fallback": { mode: "enforce" }, "auto-rollback": { mode: "enforce" } } },
      service: service({ deployments: [...service().deployments, older] }),
    });
    for (const [id, name, m] of [
      ["ecs-svc/0", "SERVICE_DEPLOYMENT_IN_PROGRESS", -120],
      ["ecs-svc/0", "SERVICE_DEPLOYMENT_COMPLETED", -110],
      ["ecs-svc/1", "SERVICE_DEPLOYMENT_IN_PROGRESS", -60],
      ["ecs-svc/1", "SERVICE_DEPLOYMENT_COMPLETED", -50],
    ] as const) {
      await g.send(deploymentStateChange({ ...ref, deploymentId: id, eventName: name, time: at(m) }));
    }
    await g.send(placementFailure(1));
    const ours = g.ecs.state.deployments[0]!.id;
    expect(ours).not.toBe("ecs-svc/1");
    const crash = (n: number) =>
      taskStateChange({
        ...ref,
        taskId: `c${n}`,
        deploymentId: ours,
        taskDefinition: "queue:7",
        version: 5,
        lastStatus: "STOPPED",
        time: at(2 + n),
        stop: stops.crash(1),
      });
    for (const n of [1, 2, 3, 4]) await g.send(crash(n));
    expect(g.ecs.updates.filter((u) => u.taskDefinition)).toHaveLength(0);
    expect(await g.history.getDeployment(ref, ours)).toMatchObject({ initiatedBy: "guardrails:spot-fallback" });
  });
});

describe("two reconciles of one service at once", () => {
  it("never take the other's return to Spot for a person's change: the late one is busy, not a decision", async () => {
    const g = await guardrails({ config: enforce, service: service() });
    await g.send(placementFailure(1));
    // Tick B reads the stored state (Spot fallback), then tick A returns the service to Spot
    // before B asks ECS: B sees the fallback in the state and Spot in ECS.
    const { store } = g.deps;
    const load = store.loadHistory.bind(store);
    let interleave: (() => Promise<unknown>) | undefined = () => g.tick(at(35));
    g.deps.store = Object.assign(Object.create(store), {
      loadHistory: async (...a: Parameters<typeof load>) => {
        const read = await load(...a);
        const other = interleave;
        interleave = undefined;
        await other?.();
        return read;
      },
    });

    const late = await g.tick(at(35));

    expect(strategyUpdates(g)).toEqual([
      { strategy: ON_DEMAND, force: true },
      { strategy: SPOT, force: true },
    ]);
    const decisions = (await g.history.timeline(ref, { limit: 50 })).items
      .filter((e) => e.type === "decision")
      .map((e) => e.summary);
    expect(decisions.filter((s) => /someone else/.test(String(s)))).toEqual([]);
    expect(late.failures.map((f) => f.error)).toEqual([expect.stringMatching(/^ServiceBusyError/)]);
  });
});

import { describe, expect, it } from "vitest";
import { serviceAction, stops, taskStateChange } from "../../packages/sim/src/events/builders.ts";
import { guardrails } from "../support/engine.ts";

// prod/queue on an ECS Managed Instances Spot capacity provider, through the engine with the
// fake ECS: the fallback moves its share to the on-demand counterpart the configuration names,
// and without one tells a person once and changes nothing.

const ref = { cluster: "prod", service: "queue" };
const T0 = Date.parse("2026-11-20T10:00:00Z");
const at = (m: number) => new Date(T0 + m * 60_000).toISOString();
const SPOT_MI = [
  { capacityProvider: "mi-spot", base: 0, weight: 3 },
  { capacityProvider: "mi-od", base: 0, weight: 0 },
];
const OD_MI = [{ capacityProvider: "mi-od", base: 0, weight: 3 }];
const config = (extra: object = {}) => ({ policies: { "spot-fallback": { mode: "enforce" as const, ...extra } } });
const paired = config({ counterparts: { "mi-spot": "mi-od" } });
const service = (capacityProviderStrategy = SPOT_MI) => ({
  ...ref,
  desiredCount: 4,
  capacityProviderStrategy,
  deployments: [
    {
      id: "ecs-svc/1",
      status: "PRIMARY" as const,
      taskDefinition: "arn:aws:ecs:us-east-1:111122223333:task-definition/queue:7",
      rolloutState: "COMPLETED" as const,
      createdAt: new Date(at(-60)),
    },
  ],
});
const placementFailure = (m: number) =>
  serviceAction({
    ...ref,
    eventName: "SERVICE_TASK_PLACEMENT_FAILURE",
    reason: "RESOURCE:CPU",
    capacityProviders: ["mi-spot"],
    time: at(m),
  });
const interrupted = (task: string, m: number) =>
  taskStateChange({
    ...ref,
    taskId: task,
    deploymentId: "ecs-svc/1",
    taskDefinition: "queue:7",
    version: 6,
    lastStatus: "STOPPED",
    desiredStatus: "STOPPED",
    time: at(m),
    capacityProviderName: "mi-spot",
    stop: stops.spot(),
  });
type G = Awaited<ReturnType<typeof guardrails>>;
const strategyUpdates = (g: G) =>
  g.ecs.updates.filter((u) => u.capacityProviderStrategy).map((u) => u.capacityProviderStrategy);
const spotMessages = (g: G) =>
  g.messages().filter((m) => m.MessageAttributes?.["policy"]?.StringValue === "spot-fallback");

describe("Spot fallback on ECS Managed Instances", () => {
  it("moves the Spot provider's share to the named counterpart once, and returns after the cool-down", async () => {
    const g = await guardrails({ config: paired, service: service() });
    for (const m of [1, 1, 2, 3]) await g.send(placementFailure(m));
    expect(strategyUpdates(g)).toEqual([OD_MI]);
    expect(spotMessages(g)[0]!.body.content.title).toBe(
      ":warning: Move prod/queue from Spot (mi-spot) to on-demand (mi-od)",
    );

    await g.tick(at(35));
    expect(strategyUpdates(g)).toEqual([OD_MI, SPOT_MI]);
  });

  it("without a counterpart, tells a person once for a storm delivered twice over, and never changes the service", async () => {
    const g = await guardrails({ config: config(), service: service() });
    for (const [task, m] of [
      ["t1", 1],
      ["t2", 2],
      ["t3", 3],
      ["t3", 3],
      ["t4", 4],
      ["t5", 6],
    ] as const)
      await g.send(interrupted(task, m));
    for (let m = 5; m <= 25; m += 5) await g.tick(at(m));

    expect(g.ecs.updates).toEqual([]);
    const notices = spotMessages(g);
    expect(notices).toHaveLength(1);
    expect(notices[0]!.body.content.description).toContain("mi-spot has no on-demand counterpart in the configuration");
  });

  it("does not write a strategy naming a counterpart the service's strategy lacks: it says so instead", async () => {
    const g = await guardrails({
      config: paired,
      service: service([{ capacityProvider: "mi-spot", base: 0, weight: 1 }]),
    });
    await g.send(placementFailure(1));
    await g.send(placementFailure(2));

    expect(g.ecs.updates).toEqual([]);
    expect(spotMessages(g)).toHaveLength(1);
    expect(spotMessages(g)[0]!.body.content.description).toContain(
      "mi-od is not in the service's capacity provider strategy",
    );
  });
});

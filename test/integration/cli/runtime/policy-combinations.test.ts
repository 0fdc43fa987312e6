import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "../../../../packages/core/src/config/load.ts";
import { startStack, type LocalStack } from "../../../../packages/cli/src/runtime/stack.ts";

// Auto-rollback, Spot fallback and scheduled scaling on one service, all enforcing, in the
// local runtime (the functions' own code, DynamoDB Local, the simulated ECS, the reconcile
// every 5 simulated minutes). Each changes a different part of the service — the task
// definition, the capacity provider strategy, the desired count — and none may undo another's
// change or take it for a person's (issue 13, "must not undo each other").
//
// shop/cart, 4 tasks on Fargate Spot, a night window 20:00–07:00 UTC at 1 task:
//  19:40–20:05 no Spot capacity: fallback to on-demand, back to Spot after the 30-minute cool-down;
//  20:00 the window starts during the fallback: 1 task, on whatever capacity holds;
//  22:00 a release that crashes (ECS's breaker off, so the guardrails judge it): rolled back,
//        still 1 task, still on Spot;
//  07:00 the window ends: 4 tasks again, on Spot.

const DAY = Date.parse("2026-03-02T00:00:00Z");
const utc = (h: number, m = 0) => DAY + (h * 60 + m) * 60_000;
const NEXT_MORNING = utc(24 + 7, 30);

let stack: LocalStack;
const decisions: string[] = [];
const record = (r: {
  results: { duplicate: boolean; decision: { policy: string; title: string }; record: { verdict: string } }[];
}) =>
  r.results
    .filter((d) => !d.duplicate)
    .forEach((d) =>
      decisions.push(
        `${d.decision.policy} ${d.record.verdict}: ${d.decision.title} @${new Date(stack.clock.now()).toISOString().slice(11, 16)}`,
      ),
    );

function service() {
  const { services = [] } = stack.sim.describeServices({ cluster: "shop", services: ["cart"] }) as {
    services?: {
      desiredCount?: number;
      taskDefinition?: string;
      capacityProviderStrategy?: { capacityProvider?: string }[];
    }[];
  };
  const s = services[0]!;
  return {
    desired: s.desiredCount,
    revision: s.taskDefinition?.split("/").pop(),
    capacity: s.capacityProviderStrategy?.map((c) => c.capacityProvider).join(","),
  };
}

beforeAll(async () => {
  const config = parseConfig({
    policies: {
      "auto-rollback": { mode: "enforce" },
      "spot-fallback": { mode: "enforce" },
      "scheduled-scaling": {
        mode: "enforce",
        schedules: {
          nights: {
            windows: [
              { name: "night", timezone: "UTC", days: ["mon-sun"], from: "20:00", to: "07:00", desiredCount: 1 },
            ],
          },
        },
      },
    },
    overrides: [{ cluster: "shop", service: "cart", policies: { "scheduled-scaling": { schedule: "nights" } } }],
  });
  stack = await startStack({
    config,
    start: utc(19, 30),
    simulatorEmits: true,
    scheduleReconcile: true,
    onResult: record,
    onReconcile: record,
  });
  stack.sim.registerTaskDefinition({ family: "cart", cpu: 512, memory: 1024 });
  stack.sim.registerTaskDefinition({ family: "cart", cpu: 512, memory: 1024 });
  stack.sim.setFault({ taskDefinition: "cart:2" }, { kind: "crash", afterSeconds: 20 });
  stack.sim.addService({
    cluster: "shop",
    name: "cart",
    taskDefinition: "cart:1",
    desiredCount: 4,
    capacityProviderStrategy: [{ capacityProvider: "FARGATE_SPOT", weight: 1 }],
    initial: "deploying",
    deploymentConfiguration: { deploymentCircuitBreaker: { enable: false, rollback: false } },
  });
  stack.sim.addSpotOutage({ start: utc(19, 40), end: utc(20, 5), interruptRunning: true });
  stack.sim.at(
    utc(22),
    () => void stack.sim.updateService({ cluster: "shop", service: "cart", taskDefinition: "cart:2" }),
  );
}, 60_000);

afterAll(async () => {
  await stack?.stop();
});

const advanceTo = (t: number) => stack.advance(t - stack.clock.now(), 60_000);
const by = (policy: string) => decisions.filter((d) => d.startsWith(policy));

describe("three policies on one service", () => {
  it("scales in for the night while the service runs on on-demand Fargate", async () => {
    await advanceTo(utc(20, 5));
    expect(by("spot-fallback")[0]).toMatch(/^spot-fallback acted/);
    expect(service()).toMatchObject({ desired: 1, capacity: "FARGATE" });
  });

  it("returns to Spot without putting back the daytime count", async () => {
    await advanceTo(utc(21, 30));
    expect(service()).toMatchObject({ desired: 1, capacity: "FARGATE_SPOT", revision: "cart:1" });
  });

  it("rolls back a bad release in the night and keeps the night's count and the Spot strategy", async () => {
    await advanceTo(utc(23, 30));
    expect(by("auto-rollback").filter((d) => d.includes("acted"))).toHaveLength(1);
    expect(service()).toMatchObject({ desired: 1, capacity: "FARGATE_SPOT", revision: "cart:1" });
  });

  it("restores the daytime count in the morning, on Spot, with the known-good revision", async () => {
    await advanceTo(NEXT_MORNING);
    expect(service()).toMatchObject({ desired: 4, capacity: "FARGATE_SPOT", revision: "cart:1" });
  });

  it("never takes another policy's change for a person's, and acts once per transition", () => {
    expect(decisions.filter((d) => /someone else|by hand|drift|changed by/i.test(d))).toEqual([]);
    expect(by("scheduled-scaling").filter((d) => d.includes(" acted"))).toHaveLength(2);
    expect(by("spot-fallback").filter((d) => d.includes(" acted"))).toHaveLength(2);
  });
});

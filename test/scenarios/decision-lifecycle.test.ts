import { PublishCommand } from "@aws-sdk/client-sns";
import { describe, expect, it } from "vitest";
import { deploymentStateChange, serviceAction } from "../../packages/sim/src/events/builders.ts";
import { crashAt, deliverMayDie } from "../support/crash.ts";
import { guardrails } from "../support/engine.ts";
import { at, crash, enforce, history, ref, replay, service, td } from "../support/rollout-scenario.ts";

// A decision is final only once it acted, noted or observed. Blocked and failed decisions are
// retried; an invocation that dies between acting and recording is completed by the next one
// from what ECS shows; the message is delivered until SNS takes it. (Issue 8, "Decision lifecycle".)

type G = Awaited<ReturnType<typeof guardrails>>;
const titles = (g: G) => g.messages().map((m) => String(m.body.content.title));
const failed = () =>
  deploymentStateChange({
    ...ref,
    deploymentId: "ecs-svc/2",
    eventName: "SERVICE_DEPLOYMENT_FAILED",
    reason: "ECS deployment circuit breaker: tasks failed to start.",
    time: at(300),
  });

describe("a blocked decision", () => {
  it("is retried on the next event once the kill switch is off, and the block is announced once", async () => {
    const g = await guardrails({ config: { ...enforce, killSwitch: true }, service: service() });
    await replay(g, [...history(), crash(1), crash(2), crash(3), crash(4)]);
    expect(g.rollbacks()).toHaveLength(0);
    expect(titles(g).filter((t) => t.includes("[blocked]"))).toHaveLength(1);

    g.deps.config.killSwitch = false;
    await g.send(crash(5, 200));

    expect(g.rollbacks().map((u) => u.taskDefinition)).toEqual([td(41)]);
  });

  it("is retried by the reconcile when it answered a one-shot event (SERVICE_DEPLOYMENT_FAILED)", async () => {
    const g = await guardrails({ config: { ...enforce, killSwitch: true }, service: service() });
    await replay(g, [...history(), failed()]);
    await g.tick(at(310));
    expect(g.rollbacks()).toHaveLength(0);

    g.deps.config.killSwitch = false;
    await g.tick(at(600));
    await g.tick(at(900));

    expect(g.rollbacks().map((u) => u.taskDefinition)).toEqual([td(41)]);
    expect(await g.history.getDeployment(ref, "ecs-svc/2")).toMatchObject({
      outcome: "rolled-back",
      rolledBackBy: "guardrails:auto-rollback",
    });
  });

  it("leaves the reconcile's retry list once the deployment it answered is no longer rolled out", async () => {
    const g = await guardrails({ config: { ...enforce, killSwitch: true }, service: service() });
    await replay(g, [...history(), failed()]);
    // Someone rolled back by hand: ecs-svc/3 (web:41) is now PRIMARY.
    g.ecs.state.deployments.unshift({
      id: "ecs-svc/3",
      status: "PRIMARY",
      taskDefinition: td(41),
      rolloutState: "IN_PROGRESS",
      createdAt: new Date(at(320)),
    });
    g.ecs.state.deployments[1]!.status = "ACTIVE";
    g.deps.config.killSwitch = false;
    await g.tick(at(600));

    expect(g.rollbacks()).toHaveLength(0);
    expect(await g.store.parkedDecisions()).toEqual([]);
  });
});

describe("an observed decision", () => {
  it("that enforce's rate limit would block is parked, said so, and retried by the reconcile once the window clears", async () => {
    const g = await guardrails({ config: { guards: { maxActionsPerService: 1 } }, service: service() });
    // An action observe would have taken a minute earlier (another policy's): counted as if taken.
    await g.store.complete(ref, observedAction(at(240)), undefined, { lockSeconds: 120 });
    await replay(g, [...history(), failed()]);
    await g.tick(at(310));
    const blocked = await rollbackLines(g);
    expect(blocked).toEqual([
      expect.objectContaining({
        mode: "observe",
        verdict: "blocked",
        guard: expect.stringMatching(/^enforce would be blocked here: rate limit: 1 automatic actions/),
      }),
    ]);

    await g.tick(at(240 + 3600 + 60));

    expect((await rollbackLines(g)).map((d) => `${d.mode} ${d.verdict}`)).toEqual([
      "observe blocked",
      "observe observed",
    ]);
    expect(g.rollbacks()).toHaveLength(0);
  });

  it("does not stand in for the enforced one when the mode changes to enforce", async () => {
    const g = await guardrails({ service: service() });
    await replay(g, [...history(), crash(1), crash(2), crash(3)]);
    expect(titles(g).some((t) => t.includes("[observe] Would roll back"))).toBe(true);

    g.deps.config.policies["auto-rollback"].mode = "enforce";
    await g.send(crash(4));

    expect(g.rollbacks().map((u) => u.taskDefinition)).toEqual([td(41)]);
  });
});

describe("an invocation that dies", () => {
  it("between UpdateService and its record has its rollback completed by the retry: marked, announced, not repeated", async () => {
    const g = await guardrails({ config: enforce, service: service() });
    await replay(g, [...history(), crash(1), crash(2)]);
    const died = crashAt(g.deps, "store", "complete");
    expect(await deliverMayDie(g.send(crash(3)), died)).toBe("died");
    expect(g.rollbacks()).toHaveLength(1);

    // Lambda's retry comes after the dead invocation's lock (120 s) has passed.
    await g.send({ ...crash(3), time: at(400) });
    await g.send({ ...crash(3), time: at(401) });

    const ours = g.ecs.state.deployments[0]!.id;
    expect(g.rollbacks()).toHaveLength(1);
    expect(await g.history.getDeployment(ref, "ecs-svc/2")).toMatchObject({
      outcome: "rolled-back",
      rolledBackBy: "guardrails:auto-rollback",
    });
    expect(await g.history.getDeployment(ref, ours)).toMatchObject({
      initiatedBy: "guardrails:auto-rollback",
      rollbackOf: "ecs-svc/2",
    });
    expect(titles(g).filter((t) => t.includes("Roll back prod/web"))).toHaveLength(1);
  });

  it("before acting has its claim taken over once stale, and the rollback happens once", async () => {
    const g = await guardrails({ config: enforce, service: service() });
    await replay(g, [...history(), crash(1), crash(2)]);
    const died = crashAt(g.deps, "ecs", "updateService");
    expect(await deliverMayDie(g.send(crash(3)), died)).toBe("died");
    expect(g.rollbacks()).toHaveLength(0);
    await expect(g.send({ ...crash(3), time: at(200) })).rejects.toThrow(/another invocation is acting on prod\/web/);

    await g.send({ ...crash(3), time: at(400) });

    expect(g.rollbacks().map((u) => u.taskDefinition)).toEqual([td(41)]);
  });
});

describe("a decision's message", () => {
  it("is delivered by the retry when SNS failed after the decision was recorded, and only once", async () => {
    const g = await guardrails({ config: enforce, service: service() });
    await replay(g, [...history(), crash(1), crash(2)]);
    let down = true;
    g.snsMock.on(PublishCommand).callsFake(async () => {
      if (!down) return { MessageId: "m-2" };
      down = false;
      throw new Error("SNS is down");
    });
    await expect(g.send(crash(3))).rejects.toThrow(/SNS Publish failed for prod\/web/);
    expect(g.rollbacks()).toHaveLength(1);

    // Lambda's retry, a minute later, finds the message still in the outbox.
    await g.send({ ...crash(3), time: at(215) });
    await g.send({ ...crash(3), time: at(216) });

    const rollbackCalls = g.snsMock
      .commandCalls(PublishCommand)
      .filter((c) => String(c.args[0].input.Message).includes("Roll back prod/web"));
    expect(rollbackCalls).toHaveLength(2); // the failed attempt, then the delivery
    expect(g.rollbacks()).toHaveLength(1);
  });
});

describe("spot-fallback under faults", () => {
  const queue = { cluster: "prod", service: "web" };
  const SPOT = [{ capacityProvider: "FARGATE_SPOT", base: 0, weight: 1 }];
  const ON_DEMAND = [{ capacityProvider: "FARGATE", base: 0, weight: 1 }];
  const spotService = () => ({
    ...service({ capacityProviderStrategy: SPOT }),
    deployments: [
      {
        id: "ecs-svc/1",
        status: "PRIMARY" as const,
        taskDefinition: td(41),
        rolloutState: "COMPLETED" as const,
        createdAt: new Date(at(0)),
      },
    ],
  });
  const placementFailure = (s: number) =>
    serviceAction({
      ...queue,
      eventName: "SERVICE_TASK_PLACEMENT_FAILURE",
      reason: "RESOURCE:FARGATE",
      capacityProviders: ["FARGATE_SPOT"],
      time: at(s),
    });
  const strategies = (g: G) =>
    g.ecs.updates.filter((u) => u.capacityProviderStrategy).map((u) => u.capacityProviderStrategy);
  const spotEnforce = { policies: { "spot-fallback": { mode: "enforce" as const } } };

  it("falls back at the next placement failure after a blocked one: one incident, one key, not final", async () => {
    const g = await guardrails({ config: { ...spotEnforce, killSwitch: true }, service: spotService() });
    await g.send(placementFailure(60));
    g.deps.config.killSwitch = false;
    await g.send(placementFailure(120));

    expect(strategies(g)).toEqual([ON_DEMAND]);
  });

  it("still returns to Spot after dying between the fallback's UpdateService and its record", async () => {
    const g = await guardrails({ config: spotEnforce, service: spotService() });
    const died = crashAt(g.deps, "store", "complete");
    expect(await deliverMayDie(g.send(placementFailure(60)), died)).toBe("died");
    await g.send(placementFailure(300));
    await g.tick(at(60 + 31 * 60));

    expect(strategies(g)).toEqual([ON_DEMAND, SPOT]);
  });

  it("returns an enforced incident even while set to observe (it puts back what enforce changed), and not again once enforced", async () => {
    const g = await guardrails({ config: spotEnforce, service: spotService() });
    await g.send(placementFailure(60));
    g.deps.config.policies["spot-fallback"].mode = "observe";
    await g.tick(at(60 + 31 * 60));
    expect(strategies(g)).toEqual([ON_DEMAND, SPOT]);
    expect(titles(g).some((t) => t.includes("[observe] Would return"))).toBe(false);

    g.deps.config.policies["spot-fallback"].mode = "enforce";
    await g.tick(at(60 + 36 * 60));

    expect(strategies(g)).toEqual([ON_DEMAND, SPOT]);
  });
});

describe("a snapshot", () => {
  it("reads ECS only once the stored state is in, so ECS's view is never older than the state beside it", async () => {
    const g = await guardrails({ config: enforce, service: service() });
    await replay(g, history());
    const order: string[] = [];
    const { store, ecs } = g.deps;
    const loadHistory = store.loadHistory.bind(store);
    const describeService = ecs.describeService.bind(ecs);
    g.deps.store = Object.assign(Object.create(store), {
      loadHistory: async (...a: Parameters<typeof loadHistory>) =>
        await loadHistory(...a).finally(() => order.push("state read")),
    });
    g.deps.ecs = Object.assign(Object.create(ecs), {
      describeService: (...a: Parameters<typeof describeService>) => (order.push("ECS asked"), describeService(...a)),
    });

    await g.send(crash(1));

    expect(order.slice(0, 2)).toEqual(["state read", "ECS asked"]);
  });
});

/** The observed action of another policy, as the engine records it (counted as if taken). */
function observedAction(time: string) {
  return {
    key: "spot-fallback#fallback#1@observe",
    policy: "spot-fallback",
    time,
    mode: "observe" as const,
    verdict: "observed" as const,
    title: "Move prod/web from Fargate Spot to Fargate",
    reason: "ECS could not place tasks on FARGATE_SPOT",
    guard: "spot-fallback is in observe mode",
    action: { type: "capacity-fallback" },
    rolledBack: undefined,
    startedDeployment: undefined,
    counted: false,
    observedActionTimes: [time],
    deploymentId: undefined,
    facts: {},
  };
}

/** The service's rollback decisions in its history, oldest first. */
async function rollbackLines(g: G) {
  const { items } = await g.history.timeline(ref, { since: at(0) });
  return [...items]
    .reverse()
    .filter((e) => e.type === "decision" && e.data?.["policy"] === "auto-rollback" && e.data?.["action"])
    .map((e) => ({ ...(e.data as { mode: string; verdict: string; guard?: string }), time: e.time }));
}

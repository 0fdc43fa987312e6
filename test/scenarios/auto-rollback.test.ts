import type { Decision } from "../../packages/core/src/model/decision.ts";
import { describe, expect, it } from "vitest";
import {
  alarmStateChange,
  deploymentStateChange,
  serviceAction,
  stops,
  taskStateChange,
} from "../../packages/sim/src/events/builders.ts";
import { guardrails } from "../support/engine.ts";
import { at, crash, enforce, history, ref, replay, service, td } from "../support/rollout-scenario.ts";

describe("auto-rollback", () => {
  it("rolls a crash-looping revision back to the last known-good one after the third failure", async () => {
    const g = await guardrails({ config: enforce, service: service() });
    await replay(g, [...history(), crash(1), crash(2)]);
    expect(g.rollbacks()).toHaveLength(0);
    await g.send(crash(3));
    expect(g.rollbacks()).toEqual([
      { cluster: "prod", service: "web", taskDefinition: td(41), forceNewDeployment: true },
    ]);
    const dep = await g.history.getDeployment(ref, "ecs-svc/2");
    expect(dep).toMatchObject({ outcome: "rolled-back", rolledBackBy: "guardrails:auto-rollback" });
    expect(dep?.reasons[0]).toMatch(/3 task failures of the new revision \(3 crash\) reached the threshold of 3/);
  });

  it("rolls back exactly once when every event is delivered twice and shuffled within a minute", async () => {
    const g = await guardrails({ config: enforce, service: service() });
    await replay(g, history());
    const burst = [crash(1, 130), crash(2, 140), crash(3, 150), crash(4, 160), crash(5, 170)];
    const delivered = [...burst, ...burst].sort((a, b) =>
      (a.id + b.detail.taskArn).localeCompare(b.id + a.detail.taskArn),
    );
    await replay(g, delivered);
    expect(g.rollbacks()).toHaveLength(1);
    const decisions = (await g.history.timeline(ref, { limit: 100 })).items.filter((e) => e.type === "decision");
    // The timeline is ordered by event time, and the shuffle decides which event came first.
    expect(decisions.map((d) => d.summary).sort()).toEqual([
      expect.stringContaining("auto-rollback acted: Roll back prod/web from web:42 to web:41"),
      expect.stringContaining("auto-rollback noted: First task failure"),
    ]);
  });

  it("rolls back once when two invocations race on the same service", async () => {
    const g = await guardrails({ config: enforce, service: service() });
    await replay(g, [...history(), crash(1), crash(2)]);
    const results = await Promise.allSettled([g.send(crash(3)), g.send(crash(4))]);
    expect(results.every((r) => r.status === "fulfilled" || r.reason.name === "ServiceBusyError")).toBe(true);
    expect(g.rollbacks()).toHaveLength(1);
  });

  it("acts on nothing in observe mode but says what it would have done", async () => {
    const g = await guardrails({ service: service() });
    await replay(g, [...history(), crash(1), crash(2), crash(3)]);
    expect(g.ecs.updates).toHaveLength(0);
    const titles = g.messages().map((m) => m.body.content.title);
    expect(titles.at(-1)).toMatch(/\[observe\] Would roll back prod\/web from web:42 to web:41/);
  });

  it("does not double a rollback that ECS's circuit breaker is already doing", async () => {
    const g = await guardrails({
      config: enforce,
      service: service({ circuitBreaker: { enable: true, rollback: true } }),
    });
    await replay(g, [
      ...history(),
      deploymentStateChange({
        ...ref,
        deploymentId: "ecs-svc/2",
        eventName: "SERVICE_DEPLOYMENT_FAILED",
        time: at(300),
      }),
    ]);
    await g.send(
      deploymentStateChange({
        ...ref,
        deploymentId: "ecs-svc/2",
        eventName: "SERVICE_DEPLOYMENT_FAILED",
        time: at(300),
      }),
    );
    expect(g.ecs.updates).toHaveLength(0);
    const messages = g.messages();
    expect(messages).toHaveLength(1);
    expect(messages[0]!.body.content.title).toMatch(/ECS is rolling back/);
  });

  it("rolls back a failed deployment when the circuit breaker will not", async () => {
    const g = await guardrails({
      config: enforce,
      service: service({ circuitBreaker: { enable: true, rollback: false } }),
    });
    await replay(g, [
      ...history(),
      deploymentStateChange({
        ...ref,
        deploymentId: "ecs-svc/2",
        eventName: "SERVICE_DEPLOYMENT_FAILED",
        time: at(300),
      }),
    ]);
    expect(g.rollbacks().map((u) => u.taskDefinition)).toEqual([td(41)]);
  });

  it("notifies instead of acting when no earlier revision ever completed", async () => {
    const g = await guardrails({ config: enforce, service: service({ deployments: [service().deployments[0]] }) });
    await replay(g, [
      deploymentStateChange({
        ...ref,
        deploymentId: "ecs-svc/2",
        eventName: "SERVICE_DEPLOYMENT_IN_PROGRESS",
        time: at(100),
      }),
      crash(1),
      crash(2),
      crash(3),
    ]);
    expect(g.ecs.updates).toHaveLength(0);
    const last = g.messages().at(-1)!;
    expect(last.body.content.title).toMatch(/Cannot roll back prod\/web \(web:42\): no known-good revision/);
    expect(last.MessageAttributes?.["severity"]?.StringValue).toBe("critical");
  });

  it("rolls back when ECS reports that the new revision's tasks cannot start", async () => {
    const g = await guardrails({ config: enforce, service: service() });
    await replay(g, [...history(), serviceAction({ ...ref, eventName: "SERVICE_TASK_START_IMPAIRED", time: at(400) })]);
    expect(g.rollbacks()).toHaveLength(1);
  });

  it("rolls back when a mapped alarm fires during the deployment", async () => {
    const config = {
      ...enforce,
      overrides: [{ cluster: "prod", service: "web", policies: { "auto-rollback": { alarms: ["web-5xx"] } } }],
    };
    const g = await guardrails({ config, service: service() });
    await replay(g, [...history(), alarmStateChange({ alarmName: "other-alarm", state: "ALARM", time: at(200) })]);
    expect(g.rollbacks()).toHaveLength(0);
    await g.send(alarmStateChange({ alarmName: "web-5xx", state: "ALARM", time: at(210) }));
    expect(g.rollbacks()).toHaveLength(1);
  });

  it("rolls back for an alarm already firing when the deployment started, if configured", async () => {
    const mapping = { alarms: ["web-5xx"], includeAlarmsAlreadyFiring: true };
    const config = {
      ...enforce,
      overrides: [{ cluster: "prod", service: "web", policies: { "auto-rollback": mapping } }],
    };
    const g = await guardrails({ config, service: service() });
    const [start1, done1, start2] = history();
    await replay(g, [
      start1!,
      done1!,
      alarmStateChange({ alarmName: "web-5xx", state: "ALARM", time: at(90) }),
      start2!,
    ]);
    expect(g.rollbacks()).toHaveLength(1);
  });

  it("takes over the decision of an invocation that died after claiming it, and rolls back once", async () => {
    const g = await guardrails({ config: enforce, service: service() });
    await replay(g, [...history(), crash(1), crash(2)]);
    // The dead invocation claimed the decision and the service's lock, then died before acting.
    const key = "auto-rollback#rollback#ecs-svc/2";
    const decision: Decision = {
      policy: "auto-rollback",
      key,
      action: { type: "rollback", deploymentId: "ecs-svc/2", taskDefinition: td(41), fromTaskDefinition: td(42) },
      severity: "critical",
      title: "Roll back prod/web from web:42 to web:41",
      reason: "3 task failures of the new revision (3 crash) reached the threshold of 3",
      threadId: "prod/web/ecs-svc/2",
      deploymentId: "ecs-svc/2",
      facts: {},
    };
    const intent = { key, owner: "dead-invocation", until: at(265), time: at(145), mode: "enforce" as const, decision };
    expect(await g.store.claim(ref, intent, { now: new Date(at(145)), lockSeconds: 120 })).toEqual({
      status: "claimed",
    });
    // Its retry, while the claim is fresh, is told the service is busy (Lambda retries later).
    await expect(g.send(crash(3, 150))).rejects.toThrow(/another invocation is acting on prod\/web/);
    expect(g.ecs.updates).toHaveLength(0);
    // Once the claim is stale, the retry takes it over and acts, once.
    await g.send({ ...crash(3, 150), time: at(400) });
    await g.send({ ...crash(3, 150), time: at(401) });
    expect(g.rollbacks().map((u) => u.taskDefinition)).toEqual([td(41)]);
  });

  it("never rolls back its own rollback", async () => {
    // web:40 completed before web:41, so a rollback of the rollback (web:41) has a real target:
    // only the guard stops it.
    const older = {
      id: "ecs-svc/0",
      status: "ACTIVE" as const,
      taskDefinition: td(40),
      rolloutState: "COMPLETED" as const,
      createdAt: new Date(at(-200)),
    };
    const g = await guardrails({
      config: enforce,
      service: service({ deployments: [...service().deployments, older] }),
    });
    const before = [
      deploymentStateChange({
        ...ref,
        deploymentId: "ecs-svc/0",
        eventName: "SERVICE_DEPLOYMENT_IN_PROGRESS",
        time: at(-200),
      }),
      deploymentStateChange({
        ...ref,
        deploymentId: "ecs-svc/0",
        eventName: "SERVICE_DEPLOYMENT_COMPLETED",
        time: at(-150),
      }),
    ];
    await replay(g, [...before, ...history(), crash(1), crash(2), crash(3)]);
    expect(g.rollbacks().map((u) => u.taskDefinition)).toEqual([td(41)]);
    const ours = g.ecs.state.deployments[0]!.id;
    const crashOfRollback = (n: number) =>
      taskStateChange({
        ...ref,
        taskId: `rb${n}`,
        deploymentId: ours,
        taskDefinition: "web:41",
        version: 5,
        lastStatus: "STOPPED",
        time: at(600 + n),
        stop: stops.crash(1),
      });
    await replay(g, [
      deploymentStateChange({ ...ref, deploymentId: ours, eventName: "SERVICE_DEPLOYMENT_IN_PROGRESS", time: at(500) }),
      crashOfRollback(1),
      crashOfRollback(2),
      crashOfRollback(3),
      crashOfRollback(4),
    ]);
    expect(g.rollbacks().map((u) => u.taskDefinition)).toEqual([td(41)]);
    expect(await g.history.getDeployment(ref, ours)).toMatchObject({
      initiatedBy: "guardrails:auto-rollback",
      rollbackOf: "ecs-svc/2",
    });
  });
});

describe("rollback notifications", () => {
  it("tells one deployment's story in one chat thread: the first failure, then the rollback", async () => {
    const g = await guardrails({ config: enforce, service: service() });
    await replay(g, [...history(), crash(1), crash(2), crash(3), crash(4), crash(1)]);
    const messages = g.messages();
    expect(messages).toHaveLength(2);
    for (const m of messages) {
      expect(m.body).toMatchObject({ version: "1.0", source: "custom", metadata: { threadId: "prod/web/ecs-svc/2" } });
      expect(m.MessageAttributes).toMatchObject({
        cluster: { StringValue: "prod" },
        service: { StringValue: "web" },
        policy: { StringValue: "auto-rollback" },
      });
    }
    expect(messages[1]!.body.content.description).toMatch(/web:42[\s\S]*web:41|web:41[\s\S]*web:42/);
    expect(messages[1]!.Subject).toMatch(/^\[CRITICAL\] prod\/web/);
  });
});

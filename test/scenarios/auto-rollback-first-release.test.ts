import { describe, expect, it } from "vitest";
import { deploymentStateChange, stops, taskStateChange } from "../../packages/sim/src/events/builders.ts";
import { guardrails } from "../support/engine.ts";
import { at, enforce, ref, replay, service, td } from "../support/rollout-scenario.ts";

// The guardrails are installed on a service that web:41 already runs (ecs-svc/1, COMPLETED
// before the install: no event of it ever reached the history). Its first release, web:42
// (ecs-svc/2), completes; ECS then stops listing ecs-svc/1; OOM kills follow inside the bake window.

const oom = (n: number, s: number) =>
  taskStateChange({
    ...ref,
    taskId: `oom${n}`,
    deploymentId: "ecs-svc/2",
    taskDefinition: "web:42",
    version: 5,
    lastStatus: "STOPPED",
    time: at(s),
    stop: stops.outOfMemory(),
  });

describe("a service's first release after install", () => {
  it("is rolled back to the revision ECS listed as completed when the release began, after ECS stopped listing it", async () => {
    const g = await guardrails({ config: enforce, service: service() });
    await g.send(
      deploymentStateChange({
        ...ref,
        deploymentId: "ecs-svc/2",
        eventName: "SERVICE_DEPLOYMENT_IN_PROGRESS",
        time: at(100),
      }),
    );
    // ECS finishes the rollout and forgets the deployment it replaced.
    g.ecs.state.deployments = [{ ...g.ecs.state.deployments[0]!, rolloutState: "COMPLETED" }];
    await g.send(
      deploymentStateChange({
        ...ref,
        deploymentId: "ecs-svc/2",
        eventName: "SERVICE_DEPLOYMENT_COMPLETED",
        time: at(400),
      }),
    );

    // Two minutes after completion, well inside the 10-minute bake window.
    await replay(g, [oom(1, 520), oom(2, 530), oom(3, 540)]);

    expect(g.rollbacks().map((u) => u.taskDefinition)).toEqual([td(41)]);
    const titles = g.messages().map((m) => m.body.content.title as string);
    expect(titles.some((t) => /no known-good revision/.test(t))).toBe(false);
    expect(await g.history.getDeployment(ref, "ecs-svc/1")).toMatchObject({
      taskDefinitionArn: td(41),
      outcome: "completed",
      source: "observed",
    });
  });
});

describe("a service's first release whose start the guardrails missed", () => {
  it("is rolled back to the revision the first snapshot saw listed as completed", async () => {
    const g = await guardrails({ config: enforce, service: service() });
    // No IN_PROGRESS event arrives; the first OOM kill loads a snapshot while ECS still lists ecs-svc/1.
    await g.send(oom(1, 300));
    g.ecs.state.deployments = [{ ...g.ecs.state.deployments[0]!, rolloutState: "COMPLETED" }];
    await g.send(
      deploymentStateChange({
        ...ref,
        deploymentId: "ecs-svc/2",
        eventName: "SERVICE_DEPLOYMENT_COMPLETED",
        time: at(400),
      }),
    );

    await replay(g, [oom(2, 520), oom(3, 530)]);

    expect(g.rollbacks().map((u) => u.taskDefinition)).toEqual([td(41)]);
  });
});

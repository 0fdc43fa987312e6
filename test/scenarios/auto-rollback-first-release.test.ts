import { describe, expect, it } from "vitest";
import { deploymentStateChange, stops, taskStateChange } from "../../packages/sim/src/events/builders.ts";
import { deployment, deploymentArn, fakeEcsHistory, revision, revisionArn } from "../support/ecs-history.ts";
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

describe("a service's first release that completed before the guardrails were installed", () => {
  // ECS's own history knows both releases; DescribeServices lists only ecs-svc/2 now. The
  // revisions' ids share nothing with the ecs-svc ids.
  const ecsHistory = () =>
    fakeEcsHistory(
      [
        deployment(
          deploymentArn("prod", "web", "aXk3dQ0pLr7b2Vs9YtN1c"),
          revisionArn("prod", "web", "4980306466373577095"),
          "SUCCESSFUL",
          "2026-11-02T10:00:00.000Z",
        ),
        deployment(
          deploymentArn("prod", "web", "EZe5RNVLH6PPzHXINuP28"),
          revisionArn("prod", "web", "9313423515462893900"),
          "SUCCESSFUL",
          at(100),
          { finishedAt: at(400) },
        ),
      ],
      [
        revision(revisionArn("prod", "web", "4980306466373577095"), td(41), "2026-11-02T10:00:00.000Z"),
        revision(revisionArn("prod", "web", "9313423515462893900"), td(42), at(100)),
      ],
    );
  const installedAfter = async (imports: boolean) => {
    const g = await guardrails({ config: enforce, service: service() });
    g.ecs.state.deployments = [{ ...g.ecs.state.deployments[0]!, rolloutState: "COMPLETED" }];
    if (imports) g.deps.imports = { ecsHistory: ecsHistory().port, ledger: g.ledger, history: g.history };
    await g.send(
      deploymentStateChange({
        ...ref,
        deploymentId: "ecs-svc/2",
        eventName: "SERVICE_DEPLOYMENT_COMPLETED",
        time: at(400),
      }),
    );
    await replay(g, [oom(1, 520), oom(2, 530), oom(3, 540)]);
    return g;
  };

  it("has no revision to return to without ECS's history", async () => {
    const g = await installedAfter(false);
    expect(g.rollbacks()).toEqual([]);
    expect(g.messages().map((m) => m.body.content.title as string)).toContainEqual(
      expect.stringMatching(/no known-good revision/),
    );
  });

  it("is rolled back to the known-good revision imported from ECS's deployment history", async () => {
    const g = await installedAfter(true);
    expect(g.rollbacks().map((u) => u.taskDefinition)).toEqual([td(41)]);
    const state = await g.history.getServiceState(ref);
    expect(state?.imported).toMatchObject({ status: "imported", deployments: 2 });
    // The release itself resolved to its ecs-svc id through DescribeServices: it is no known-good of its own.
    expect(state?.knownGoodRevision).toMatchObject({ deploymentId: "ecs-svc/2", config: { taskDefinition: td(42) } });
  });
});

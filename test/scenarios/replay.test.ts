import { serviceAction, stops, taskStateChange } from "@ecs-guardrails/sim/events/builders";
import { mergeInputs, parseReplayInput, type ReplayInput } from "@ecs-guardrails/cli/replay/input";
import { describe, expect, it } from "vitest";
import { fixture, fixtureNames, replayed } from "../support/replay.ts";

// `guardrails replay` end to end on recorded streams: the answers, what it infers, and what it
// costs (reconcile ticks, not the calendar).

const plain = (
  events: unknown[],
  config: unknown = { policies: { "auto-rollback": { mode: "enforce" } } },
): ReplayInput => ({ events, clusters: [], services: [], config, until: undefined });

describe("replay answers as ECS did when each event was sent", () => {
  it("does not roll back a revision whose tasks fail 45 minutes after its deployment COMPLETED", async () => {
    const out = await replayed(fixture("late-failure-plain-stream.json"));

    // The only rollback is of web:43, which crash-loops while in progress; the crash wave of
    // web:42 at 09:50, far outside its 10-minute bake window, is not taken as in-deployment.
    expect(
      out.actions.map((a) => [
        a.action,
        a.at,
        a.fromTaskDefinition?.split("/").pop(),
        a.taskDefinition?.split("/").pop(),
      ]),
    ).toEqual([["rollback", "2026-11-21T10:07:30.000Z", "web:43", "web:42"]]);
    expect(out.notifications.filter((n) => n.includes("web:42)"))).toEqual([]);
  });

  it("stops a crash-looping release that also changed the strategy and the network: ECS returns to its source revision", async () => {
    const out = await replayed(fixture("revision-rollback-scenario.json"));

    expect(out.actions).toEqual([
      expect.objectContaining({
        action: "rollback",
        verdict: "acted",
        fromTaskDefinition: expect.stringMatching(/web:42$/),
        taskDefinition: expect.stringMatching(/web:41$/),
        reason: expect.stringContaining(
          "ECS stops the deployment and returns to its source revision, all of it (StopServiceDeployment, ROLLBACK)",
        ),
      }),
    ]);
  });

  it("builds the service of a plain stream from its events and says what it could not tell", async () => {
    const out = await replayed(fixture("late-failure-plain-stream.json"));

    expect(out.lines[0]).toEqual({
      type: "inferred",
      cluster: "shop",
      service: "web",
      taskDefinition: "web:41",
      desiredCount: 2,
      capacityProviderStrategy: [{ capacityProvider: "FARGATE", base: 0, weight: 1 }],
      deployments: [
        { id: "ecs-svc/1000000000000000041", taskDefinition: "web:41", status: "PRIMARY", rolloutState: "COMPLETED" },
      ],
      unknown: ["deploymentCircuitBreaker", "deploymentController"],
    });
  });

  it("lets ECS's circuit breaker roll back by itself and never undoes its rollback", async () => {
    const out = await replayed(fixture("circuit-breaker-rollback-plain-stream.json"));

    expect(out.actions).toEqual([]);
    expect(out.notifications).toEqual([
      "warning First task failure in the deployment of shop/api (api:8)",
      "warning ECS is rolling back the deployment of shop/api (api:8)",
    ]);
  });

  it("replays a service on an EC2 Auto Scaling group provider of a declared cluster", async () => {
    const out = await replayed(fixture("asg-capacity-provider-scenario.json"));

    expect(out.actions).toEqual([
      expect.objectContaining({
        action: "rollback",
        cluster: "batch",
        service: "worker",
        taskDefinition: expect.stringMatching(/worker:11$/),
      }),
    ]);
  });

  it("never calls UpdateService on a CodeDeploy service: it says what to roll back by hand", async () => {
    const out = await replayed(fixture("code-deploy-scenario.json"));

    expect(out.lines.filter((l) => l.type === "action" || l.type === "rejected")).toEqual([]);
    // ECS describes a CODE_DEPLOY service with task sets, which have no rollout state; the
    // known-good checkout:4 comes from ECS's deployment history, imported at first sight.
    expect(out.lines).toContainEqual(
      expect.objectContaining({
        type: "notification",
        severity: "critical",
        title: "Roll back shop/checkout from checkout:5 to checkout:4 by hand",
      }),
    );
  });

  it("refuses, in one line, a service naming a provider its declared cluster does not have", async () => {
    const input = { ...fixture("asg-capacity-provider-scenario.json") };
    input.clusters = [{ name: "batch", capacityProviders: ["asg-large"] }];

    await expect(replayed(input)).rejects.toThrow(
      "scenario services[0] (batch/worker): capacity provider asg-spot is not associated with cluster batch (declare it in the cluster's capacityProviders)",
    );
  });
});

describe("replay cost follows the events, not the calendar", () => {
  it.each(fixtureNames())(
    "decides the same when it ticks only where needed as when it ticks every 5 minutes (%s)",
    async (name) => {
      const input = fixture(name);
      const ticks = { every: 0, needed: 0 };

      const every = await replayed(input, { everySlot: true, onTick: () => void (ticks.every += 1) });
      const needed = await replayed(input, { onTick: () => void (ticks.needed += 1) });

      expect(needed.lines).toEqual(every.lines);
      expect(ticks.needed).toBeLessThanOrEqual(ticks.every);
    },
    120_000,
  );

  it("runs no reconcile tick across a two-year gap of a steady Spot service, after the one that first sees it", async () => {
    const ref = { cluster: "prod", service: "queue" };
    const steady = (time: string) => serviceAction({ ...ref, eventName: "SERVICE_STEADY_STATE", time });
    const input: ReplayInput = {
      ...plain([steady("2024-11-20T10:00:00Z"), steady("2026-11-20T10:00:00Z"), steady("2026-11-20T10:20:00Z")], {
        policies: { "spot-fallback": { mode: "enforce" } },
      }),
      services: [
        {
          cluster: "prod",
          name: "queue",
          taskDefinition: "queue:7",
          desiredCount: 2,
          capacityProviderStrategy: [{ capacityProvider: "FARGATE_SPOT", weight: 1 }],
        },
      ],
    };
    const ticks: number[] = [];

    const out = await replayed(input, { onTick: (at) => void ticks.push(at) });

    expect(out.lines.at(-1)).toMatchObject({ type: "summary", events: 3, actions: 0 });
    // Its first sight is the first slot (a steady-state event loads no snapshot): that tick
    // imports ECS's deployment history, a write, so it runs for real; none runs after it.
    expect(ticks).toEqual([Date.parse("2024-11-20T10:04:59Z")]);
  });

  it("runs no reconcile tick for four events of a plain stream spanning two years", async () => {
    const ref = { cluster: "prod", service: "web" };
    const task = (n: number, time: string, lastStatus: string) =>
      taskStateChange({
        ...ref,
        taskId: `t${n}`,
        deploymentId: "ecs-svc/1",
        taskDefinition: "web:1",
        version: lastStatus === "RUNNING" ? 3 : 7,
        lastStatus,
        time,
        ...(lastStatus === "STOPPED" ? { stop: stops.scaleIn("ecs-svc/1") } : {}),
      });
    const ticks: number[] = [];

    const out = await replayed(
      plain([
        task(1, "2024-11-20T10:00:00Z", "RUNNING"),
        task(2, "2025-06-01T10:00:00Z", "RUNNING"),
        task(1, "2026-01-01T10:00:00Z", "STOPPED"),
        task(2, "2026-11-20T10:00:00Z", "STOPPED"),
      ]),
      { onTick: (at) => void ticks.push(at) },
    );

    expect(out.lines.at(-1)).toMatchObject({ type: "summary", events: 4, rejected: 0 });
    expect(ticks).toEqual([]);
  });

  it("ticks where a Spot fallback waits for its cool-down, and returns at the same slot as ticking every 5 minutes", async () => {
    const input = fixture("spot-outage-scenario.json");
    const ticks: string[] = [];

    const out = await replayed(input, { onTick: (at) => void ticks.push(new Date(at).toISOString()) });

    expect(out.actions.filter((a) => a.action === "capacity-restore").map((a) => a.at)).toEqual([
      "2026-11-20T10:34:59.000Z",
      "2026-11-20T11:54:59.000Z",
    ]);
    // Only the slots that acted ran for real (two returns); the waiting was probed.
    expect(ticks).toEqual(["2026-11-20T10:34:59.000Z", "2026-11-20T11:54:59.000Z"]);
  });

  it("gives the same lines with one lane at a time as with eight in flight, each service keeping its order", async () => {
    const files = [
      "crash-loop-scenario.json",
      "spot-outage-scenario.json",
      "late-failure-plain-stream.json",
      "circuit-breaker-rollback-plain-stream.json",
    ];
    const merged = mergeInputs(files.map((file) => ({ file, input: { ...fixture(file), config: undefined } })));
    const input = {
      ...merged,
      config: { policies: { "auto-rollback": { mode: "enforce" }, "spot-fallback": { mode: "enforce" } } },
    };

    const one = await replayed(input, { concurrency: 1 });
    const eight = await replayed(input, { concurrency: 8 });

    expect(eight.lines).toEqual(one.lines);
    expect(one.actions.length).toBe(6);
  }, 120_000);
});

describe("several files", () => {
  it("merges the files by event time, each keeping its order, and names a rejected event by its file", async () => {
    const ref = { cluster: "prod", service: "web" };
    const crash = (n: number, time: string) =>
      taskStateChange({
        ...ref,
        taskId: `t${n}`,
        deploymentId: "ecs-svc/2",
        taskDefinition: "web:42",
        version: 5,
        lastStatus: "STOPPED",
        time,
        stop: stops.crash(1),
      });
    const a = parseReplayInput(
      JSON.stringify({
        services: [
          {
            cluster: "prod",
            name: "web",
            taskDefinition: "web:42",
            desiredCount: 4,
            deployments: [
              { id: "ecs-svc/2", taskDefinition: "web:42", rolloutState: "IN_PROGRESS" },
              { id: "ecs-svc/1", taskDefinition: "web:41", status: "ACTIVE" },
            ],
          },
        ],
        events: [crash(1, "2026-11-20T10:00:10Z"), crash(3, "2026-11-20T10:00:30Z")],
      }),
    );
    const b = parseReplayInput(
      [
        JSON.stringify(crash(2, "2026-11-20T10:00:20Z")),
        JSON.stringify({ source: "aws.ecs", "detail-type": "ECS Task State Change" }),
      ].join("\n"),
    );
    const merged = mergeInputs([
      { file: "a.json", input: a },
      { file: "b.jsonl", input: b },
    ]);

    expect(merged.origins).toEqual([
      { file: "a.json", index: 0 },
      { file: "b.jsonl", index: 0 },
      { file: "b.jsonl", index: 1 },
      { file: "a.json", index: 1 },
    ]);
    const out = await replayed({ ...merged, config: { policies: { "auto-rollback": { mode: "enforce" } } } });
    expect(out.actions).toEqual([expect.objectContaining({ action: "rollback", at: "2026-11-20T10:00:30.000Z" })]);
    expect(out.lines).toContainEqual(expect.objectContaining({ type: "rejected", file: "b.jsonl", index: 1 }));
  });
});

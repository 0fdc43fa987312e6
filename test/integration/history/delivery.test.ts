import { describe, expect, it } from "vitest";
import {
  deploymentStateChange,
  serviceAction,
  stops,
  taskStateChange,
} from "../../../packages/sim/src/events/builders.ts";
import { ingestEvent } from "../../../packages/core/src/engine/ingest.ts";
import { fixedResolver, freshStore, snapshotOf } from "../../support/history.ts";

// At-least-once, unordered delivery (docs/design/aws-facts.md#ecs-events): the history must not depend on either.

const svc = { cluster: "prod", service: "api" };
const T0 = Date.parse("2026-11-20T10:00:00Z");
const at = (s: number) => new Date(T0 + s * 1000).toISOString();
const tdArn = (rev: string) => `arn:aws:ecs:us-east-1:111122223333:task-definition/${rev}`;
// ECS answers with full ARNs, as task events carry them: both sources agree.
const resolver = () => fixedResolver({ "ecs-svc/1": tdArn("api:1"), "ecs-svc/2": tdArn("api:2") });
const task = (
  taskId: string,
  dep: string,
  version: number,
  lastStatus: string,
  s: number,
  stop?: ReturnType<typeof stops.crash>,
) =>
  taskStateChange({
    ...svc,
    taskId,
    deploymentId: dep,
    taskDefinition: dep === "ecs-svc/1" ? "api:1" : "api:2",
    version,
    lastStatus,
    time: at(s),
    ...(stop ? { stop } : {}),
  });

/** A release that completes, then a bad one whose tasks crash and run out of memory. */
function stream() {
  return [
    deploymentStateChange({
      ...svc,
      deploymentId: "ecs-svc/1",
      eventName: "SERVICE_DEPLOYMENT_IN_PROGRESS",
      time: at(0),
    }),
    task("a", "ecs-svc/1", 2, "RUNNING", 10),
    deploymentStateChange({
      ...svc,
      deploymentId: "ecs-svc/1",
      eventName: "SERVICE_DEPLOYMENT_COMPLETED",
      time: at(60),
    }),
    serviceAction({ ...svc, eventName: "SERVICE_STEADY_STATE", time: at(61) }),
    deploymentStateChange({
      ...svc,
      deploymentId: "ecs-svc/2",
      eventName: "SERVICE_DEPLOYMENT_IN_PROGRESS",
      time: at(100),
    }),
    task("b", "ecs-svc/2", 2, "RUNNING", 110),
    task("b", "ecs-svc/2", 5, "STOPPED", 130, stops.crash(2)),
    task("c", "ecs-svc/2", 3, "RUNNING", 140),
    task("c", "ecs-svc/2", 6, "STOPPED", 150, stops.outOfMemory()),
    task("d", "ecs-svc/2", 4, "STOPPED", 160, stops.imagePull()),
    task("a", "ecs-svc/1", 4, "STOPPED", 170, stops.scaleIn("ecs-svc/2")),
    serviceAction({ ...svc, eventName: "SERVICE_TASK_START_IMPAIRED", time: at(180) }),
  ];
}

function shuffled<T>(items: T[], seed: number): T[] {
  const out = [...items];
  let s = seed;
  for (let i = out.length - 1; i > 0; i -= 1) {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

async function historyAfter(events: unknown[], options: { concurrent?: boolean } = {}) {
  const { store } = await freshStore();
  const deps = { history: store, deployments: resolver() };
  if (options.concurrent) await Promise.all(events.map((e) => ingestEvent(e, deps)));
  else for (const e of events) await ingestEvent(e, deps);
  return snapshotOf(store, svc);
}

describe("history under real delivery", () => {
  it("converges to the same history whatever order the events arrive in, duplicates included", async () => {
    const inOrder = await historyAfter(stream());
    expect(inOrder.state).toMatchObject({
      currentDeploymentId: "ecs-svc/2",
      lastKnownGoodTaskDefinition: tdArn("api:1"),
    });
    expect(inOrder.deployments.find((d) => d.deploymentId === "ecs-svc/2")).toMatchObject({
      failureCount: 3,
      failures: { crash: 1, "out-of-memory": 1, "failed-to-start": 1 },
    });
    for (const seed of [1, 7, 42]) {
      const redelivered = shuffled([...stream(), ...shuffled(stream(), seed + 1).slice(0, 6)], seed);
      expect(await historyAfter(redelivered)).toEqual(inOrder);
    }
  });

  it("loses no update when concurrent invocations write the same service at once", async () => {
    const crashes = Array.from({ length: 25 }, (_, i) =>
      task(`t${i}`, "ecs-svc/2", 5, "STOPPED", 200 + i, stops.crash(1)),
    );
    const history = await historyAfter([...crashes, ...crashes], { concurrent: true });
    const dep = history.deployments.find((d) => d.deploymentId === "ecs-svc/2");
    expect(dep).toMatchObject({ failureCount: 25, failures: { crash: 25 } });
    expect(history.timeline).toHaveLength(25);
    expect(history.failures).toHaveLength(25);
  });

  it("converges when the whole stream is delivered concurrently and twice", async () => {
    const inOrder = await historyAfter(stream());
    expect(await historyAfter([...stream(), ...stream()], { concurrent: true })).toEqual(inOrder);
  });
});

describe("reading the history", () => {
  it("pages a service's timeline newest first", async () => {
    const { store } = await freshStore();
    const deps = { history: store, deployments: resolver() };
    for (const e of stream()) await ingestEvent(e, deps);
    const first = await store.timeline(svc, { limit: 3 });
    const second = await store.timeline(svc, { limit: 3, cursor: first.cursor! });
    const times = [...first.items, ...second.items].map((e) => e.time);
    expect(times).toEqual([...times].sort().reverse());
    expect(new Set(times).size).toBe(6);
  });

  it("lists recent events across a cluster, whichever service they belong to", async () => {
    const { store } = await freshStore();
    const deps = { history: store, deployments: resolver() };
    await ingestEvent(serviceAction({ ...svc, eventName: "SERVICE_STEADY_STATE", time: at(5) }), deps);
    await ingestEvent(
      serviceAction({ cluster: "prod", service: "worker", eventName: "SERVICE_STEADY_STATE", time: at(6) }),
      deps,
    );
    await ingestEvent(
      serviceAction({ cluster: "staging", service: "api", eventName: "SERVICE_STEADY_STATE", time: at(7) }),
      deps,
    );
    const recent = await store.clusterTimeline("prod", { since: at(0), until: at(3600) });
    expect(recent.map((e) => e.service)).toEqual(["worker", "api"]);
  });
});

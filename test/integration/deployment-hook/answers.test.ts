import { describe, expect, it } from "vitest";
import { stops, taskStateChange } from "../../../packages/sim/src/events/builders.ts";
import type { HookStage } from "../../../packages/core/src/capabilities/deployment-hook/settings.ts";
import {
  HOOK_REF,
  hookWorld,
  invocation,
  rollbackInvocation,
  TARGET_DEPLOYMENT,
} from "../../support/deployment-hook.ts";

// The hook over the real history (DynamoDB Local): what it answers at each stage, from the task
// failures and alarms the ingest function recorded, and what it leaves in the history.

// Alarms belong to one service: mapped in an override naming it (config checks).
const ENFORCE = {
  policies: { "auto-rollback": { mode: "enforce" as const } },
  overrides: [{ ...HOOK_REF, policies: { "auto-rollback": { alarms: ["my-service-5xx"] } } }],
};

function crash(n: number, time: string) {
  return taskStateChange({
    ...HOOK_REF,
    taskId: `t${n}`,
    deploymentId: TARGET_DEPLOYMENT,
    taskDefinition: "my-service:8",
    version: 3,
    lastStatus: "STOPPED",
    time,
    stop: stops.crash(),
  });
}

async function threeCrashes(world: Awaited<ReturnType<typeof hookWorld>>) {
  for (const n of [1, 2, 3]) await world.record(crash(n, `2026-11-20T10:0${n}:00Z`));
}

describe("the deployment hook over the service's history", () => {
  it.each<[HookStage, string]>([
    ["POST_SCALE_UP", "IN_PROGRESS"],
    ["TEST_TRAFFIC_SHIFT", "SUCCEEDED"],
    ["POST_TEST_TRAFFIC_SHIFT", "IN_PROGRESS"],
    ["PRODUCTION_TRAFFIC_SHIFT", "SUCCEEDED"],
    ["POST_PRODUCTION_TRAFFIC_SHIFT", "IN_PROGRESS"],
  ])("answers a clean revision at %s with %s first", async (stage, first) => {
    const world = await hookWorld({ config: ENFORCE });

    const outcome = await world.ask(invocation(stage));

    expect(outcome.response.hookStatus).toBe(first);
    if (first === "IN_PROGRESS") expect(outcome.response.callBackDelay).toBe(30);
  });

  it("watches a clean revision through the bake, then answers SUCCEEDED, recording every answer with its reason", async () => {
    const world = await hookWorld({ config: ENFORCE, start: "2026-11-20T10:10:00Z" });
    const ask = () => world.ask(invocation("POST_TEST_TRAFFIC_SHIFT"));

    const answers = [(await ask()).response.hookStatus];
    world.at("2026-11-20T10:12:30Z");
    answers.push((await ask()).response.hookStatus);
    world.at("2026-11-20T10:15:00Z");
    answers.push((await ask()).response.hookStatus);

    expect(answers).toEqual(["IN_PROGRESS", "IN_PROGRESS", "SUCCEEDED"]);
    const timeline = (await world.timeline())
      .filter((e) => e.data?.["source"] === "deployment-hook")
      .map((e) => e.summary);
    expect(timeline).toEqual([
      "deployment hook answered SUCCEEDED at POST_TEST_TRAFFIC_SHIFT: no task failures and no mapped alarm in ALARM through the 5-minute bake",
      "deployment hook answered IN_PROGRESS at POST_TEST_TRAFFIC_SHIFT: watching the target revision: no task failures so far, 2 min 30 s of the 5-minute bake done",
      "deployment hook answered IN_PROGRESS at POST_TEST_TRAFFIC_SHIFT: watching the target revision: no task failures so far, 0 min 0 s of the 5-minute bake done",
    ]);
    expect(world.notifier.published).toEqual([]);
  });

  it("answers FAILED once the target revision's failures reach the threshold, tells people once, and marks the deployment rolled back by the guardrails", async () => {
    const world = await hookWorld({ config: ENFORCE, start: "2026-11-20T10:04:00Z" });
    await threeCrashes(world);

    const first = await world.ask(invocation("POST_TEST_TRAFFIC_SHIFT"));
    const repeated = await world.ask(invocation("POST_TEST_TRAFFIC_SHIFT"));

    expect([first.response, repeated.response]).toEqual([{ hookStatus: "FAILED" }, { hookStatus: "FAILED" }]);
    expect(first.answer.reason).toBe("3 task failures of the target revision (3 crash) reached the threshold of 3");
    expect(world.notifier.published.map((n) => [n.severity, n.title])).toEqual([
      ["critical", "Roll back my-cluster/my-service through its deployment lifecycle hook"],
    ]);
    expect(world.notifier.published[0]!.threadId).toBe(`my-cluster/my-service/${TARGET_DEPLOYMENT}`);
    const record = (await world.history.listDeployments(HOOK_REF)).find((d) => d.deploymentId === TARGET_DEPLOYMENT);
    expect(record).toMatchObject({ rolledBackBy: "guardrails:auto-rollback", outcome: "rolled-back" });
  });

  it("answers a late invocation of an earlier stage FAILED too, and lets ECS's rollback through", async () => {
    const world = await hookWorld({ config: ENFORCE, start: "2026-11-20T10:04:00Z" });
    await threeCrashes(world);
    await world.ask(invocation("POST_TEST_TRAFFIC_SHIFT"));

    const late = await world.ask(invocation("POST_SCALE_UP"));
    const rollback = await world.ask(rollbackInvocation());

    expect(late.answer).toMatchObject({ response: { hookStatus: "FAILED" }, rule: "already-failed" });
    expect(rollback.answer).toMatchObject({ response: { hookStatus: "SUCCEEDED" }, rule: "rolling-back" });
    expect(world.notifier.published).toHaveLength(1);
  });

  it("answers FAILED when a mapped alarm goes into ALARM during the deployment", async () => {
    const world = await hookWorld({ config: ENFORCE, start: "2026-11-20T10:03:00Z" });
    await world.alarm("my-service-5xx", "ALARM", "2026-11-20T10:02:00.000Z");

    const outcome = await world.ask(invocation("TEST_TRAFFIC_SHIFT"));

    expect(outcome.response).toEqual({ hookStatus: "FAILED" });
    expect(outcome.answer.reason).toBe("mapped alarm my-service-5xx is in ALARM during the deployment");
  });

  it("judges with the service's tags: a threshold tag of 1 fails the revision at its first crash", async () => {
    const world = await hookWorld({
      config: ENFORCE,
      service: {
        ...(await import("../../support/deployment-hook.ts")).BLUE_GREEN_SERVICE,
        tags: { "guardrails:auto-rollback:failure-threshold": "1" },
      },
    });
    await world.record(crash(1, "2026-11-20T10:00:30Z"));

    expect((await world.ask(invocation("POST_SCALE_UP"))).response.hookStatus).toBe("FAILED");
  });

  it("answers SUCCEEDED in observe mode, recording and announcing once what it would have answered", async () => {
    const world = await hookWorld({
      config: { policies: { "auto-rollback": { mode: "observe" } } },
      start: "2026-11-20T10:04:00Z",
    });
    await threeCrashes(world);

    const first = await world.ask(invocation("POST_SCALE_UP"));
    const second = await world.ask(invocation("POST_TEST_TRAFFIC_SHIFT"));

    expect([first.response, second.response]).toEqual([{ hookStatus: "SUCCEEDED" }, { hookStatus: "SUCCEEDED" }]);
    expect(first.answer.verdict).toBe("FAILED");
    expect(world.notifier.published.map((n) => n.title)).toEqual([
      "[observe] Would roll back my-cluster/my-service through its deployment lifecycle hook",
    ]);
    const entries = (await world.timeline()).filter((e) => e.data?.["source"] === "deployment-hook");
    expect(entries.map((e) => e.summary)).toContain(
      "deployment hook answered SUCCEEDED at POST_SCALE_UP (enforce would answer FAILED): 3 task failures of the target revision (3 crash) reached the threshold of 3; observe mode answers SUCCEEDED instead of FAILED",
    );
    const record = (await world.history.listDeployments(HOOK_REF)).find((d) => d.deploymentId === TARGET_DEPLOYMENT);
    expect(record?.rolledBackBy).toBeUndefined();
  });

  it("answers SUCCEEDED for a service outside the scope without reading anything", async () => {
    const world = await hookWorld({ config: { ...ENFORCE, scope: { exclude: ["my-cluster/*"] } } });
    await threeCrashes(world);

    expect((await world.ask(invocation("POST_SCALE_UP"))).answer).toMatchObject({
      response: { hookStatus: "SUCCEEDED" },
      mode: "off",
    });
  });
});

describe("the deployment hook in off mode and under the kill switch", () => {
  it("answers SUCCEEDED in off mode and tells nobody", async () => {
    const world = await hookWorld({
      config: { policies: { "auto-rollback": { mode: "off" } } },
      start: "2026-11-20T10:04:00Z",
    });
    for (const n of [1, 2, 3]) await world.record(crash(n, `2026-11-20T10:0${n}:00Z`));

    expect((await world.ask(invocation("POST_SCALE_UP"))).response).toEqual({ hookStatus: "SUCCEEDED" });
    expect(world.notifier.published).toEqual([]);
  });

  it("answers SUCCEEDED under the kill switch and announces the rollback it did not ask for as blocked", async () => {
    const world = await hookWorld({ config: { ...ENFORCE, killSwitch: true }, start: "2026-11-20T10:04:00Z" });
    for (const n of [1, 2, 3]) await world.record(crash(n, `2026-11-20T10:0${n}:00Z`));

    expect((await world.ask(invocation("POST_SCALE_UP"))).response).toEqual({ hookStatus: "SUCCEEDED" });
    expect(world.notifier.published.map((n) => n.title)).toEqual([
      "[blocked] Would roll back my-cluster/my-service through its deployment lifecycle hook",
    ]);
  });
});

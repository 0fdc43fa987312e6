import { describe, expect, it } from "vitest";
import { makeDeploymentHook } from "../../../functions/deployment-hook.ts";
import { stops, taskStateChange } from "../../../packages/sim/src/events/builders.ts";
import { answerHook } from "../../../packages/core/src/capabilities/deployment-hook/run.ts";
import type { HookDeps } from "../../../packages/core/src/capabilities/deployment-hook/ports.ts";
import { HOOK_REF, hookWorld, invocation, isValidResponse, TARGET_DEPLOYMENT } from "../../support/deployment-hook.ts";
import { FaultInjector, type Fault, type FaultKind } from "../../support/faults.ts";

// A thrown error or an invalid answer makes ECS roll back, so the hook's own faults — at every
// port call it makes — must become answers: IN_PROGRESS a bounded number of times, then the
// configured outcome; a verdict already reached stands once its record is written.

const ENFORCE = { policies: { "auto-rollback": { mode: "enforce" as const } }, deploymentHook: { maxFaults: 2 } };
const SERVICES = { store: "DynamoDB", answers: "DynamoDB", ecs: "ECS", revisions: "ECS", notifier: "SNS" } as const;
const silent = { info: () => {}, warn: () => {}, error: () => {} };

async function failingWorld(config: object = ENFORCE) {
  const world = await hookWorld({ config, start: "2026-11-20T10:04:00Z" });
  for (const n of [1, 2, 3])
    await world.record(
      taskStateChange({
        ...HOOK_REF,
        taskId: `t${n}`,
        deploymentId: TARGET_DEPLOYMENT,
        taskDefinition: "my-service:8",
        version: 3,
        lastStatus: "STOPPED",
        time: `2026-11-20T10:0${n}:00Z`,
        stop: stops.crash(),
      }),
    );
  return world;
}

function through(injector: FaultInjector) {
  return (raw: unknown, deps: HookDeps) => injector.invoke("hook", () => answerHook(raw, injector.wrapDeps(deps)));
}

/** Every port call of an invocation that judges, records, and notifies. */
const CALLS = [
  // Which ecs-svc deployment the invocation is about, asked of ECS beside the other reads (identity.ts).
  "revisions.describeServiceDeployments",
  "store.loadHistory",
  "ecs.describeService",
  "revisions.describeServiceRevisions",
  "store.complete",
  "notifier.publish",
  "store.delivered",
  "answers.recordAnswer",
];

/** What the faulted invocation answers: asked again before a verdict is recorded, the verdict once it is. */
const EXPECTED: Record<string, string> = {
  "revisions.describeServiceDeployments": "IN_PROGRESS",
  "revisions.describeServiceRevisions": "IN_PROGRESS",
  "store.loadHistory": "IN_PROGRESS",
  "ecs.describeService": "IN_PROGRESS",
  "store.complete": "IN_PROGRESS",
  "notifier.publish": "FAILED",
  "store.delivered": "FAILED",
  "answers.recordAnswer": "FAILED",
};

describe("the deployment hook under its own faults", () => {
  it("makes these port calls when it fails a revision, in this order", async () => {
    const world = await failingWorld();
    const injector = new FaultInjector({ services: SERVICES });

    await world.ask(invocation("POST_TEST_TRAFFIC_SHIFT"), through(injector));

    expect(injector.calls.filter((c) => c.level === "port").map((c) => c.name)).toEqual(CALLS);
  });

  const cases = CALLS.flatMap((name, i) =>
    (["throw", "throttle", "timeout"] as FaultKind[]).map((kind) => [name, kind, i + 1] as const),
  );

  it.each(cases)(
    "answers validly when %s fails (%s), and FAILED with one notice once the fault is over",
    async (name, kind, at) => {
      const world = await failingWorld();
      const injector = new FaultInjector({ fault: { kind, at } as Fault, services: SERVICES });

      const faulted = await world.ask(invocation("POST_TEST_TRAFFIC_SHIFT"), through(injector));
      injector.lift();
      world.at("2026-11-20T10:05:00Z");
      const after = await world.ask(invocation("POST_TEST_TRAFFIC_SHIFT"), through(injector));

      expect(injector.fired?.name).toBe(name);
      expect(isValidResponse(faulted.response)).toBe(true);
      expect(faulted.response.hookStatus).toBe(EXPECTED[name]);
      expect(after.response).toEqual({ hookStatus: "FAILED" });
      // SNS took the message but its outbox mark was never written: sent again once, the
      // documented at-least-once boundary (SNS standard topics take no idempotency key).
      const accepted =
        (name === "notifier.publish" && kind === "timeout") || (name === "store.delivered" && kind !== "timeout");
      const expectedNotices = accepted ? 2 : 1;
      expect(world.notifier.published).toHaveLength(expectedNotices);
    },
  );

  it.each([
    ["store.loadHistory", "throttle"],
    ["ecs.describeService", "throttle"],
  ] as const)("answers IN_PROGRESS twice while %s keeps failing, then the configured outcome", async (every, kind) => {
    for (const onFault of ["SUCCEEDED", "FAILED"] as const) {
      const world = await failingWorld({ ...ENFORCE, deploymentHook: { maxFaults: 2, onFault } });
      const injector = new FaultInjector({ fault: { kind, every }, services: SERVICES });
      const answers: string[] = [];
      for (let n = 0; n < 3; n += 1)
        answers.push((await world.ask(invocation("POST_SCALE_UP"), through(injector))).response.hookStatus);

      expect(answers).toEqual(["IN_PROGRESS", "IN_PROGRESS", onFault]);
      // The outcome is told once, as a rollback or as a deployment let through unjudged.
      const title =
        onFault === "FAILED"
          ? "Roll back my-cluster/my-service through its deployment lifecycle hook"
          : "Let the deployment of my-cluster/my-service continue unjudged";
      expect(world.notifier.published.map((n) => n.title)).toEqual([title]);
    }
  });

  it("counts one HookAnswersOnFault metric for the onFault answer, none for the answers asking ECS to call again", async () => {
    const world = await failingWorld({ ...ENFORCE, deploymentHook: { maxFaults: 2, onFault: "SUCCEEDED" } });
    const injector = new FaultInjector({
      fault: { kind: "throttle", every: "ecs.describeService" },
      services: SERVICES,
    });
    const counted: string[] = [];
    const handler = makeDeploymentHook(
      () => injector.wrapDeps(world.deps),
      silent,
      (metric) => counted.push(metric),
    );
    const answers: string[] = [];
    let hookDetails: Record<string, unknown> | undefined;
    for (let n = 0; n < 3; n += 1) {
      const raw = { ...invocation("POST_SCALE_UP"), ...(hookDetails ? { hookDetails } : {}) };
      const response = await injector.invoke("hook", () => handler(raw));
      hookDetails = response.hookDetails;
      answers.push(response.hookStatus);
      expect(counted, `after answer ${n + 1}`).toEqual(n < 2 ? [] : ["HookAnswersOnFault"]);
    }

    expect(answers).toEqual(["IN_PROGRESS", "IN_PROGRESS", "SUCCEEDED"]);
  });

  it("counts the onFault answer of a hook that cannot even start (its configuration fails) too", async () => {
    const counted: string[] = [];
    const handler = makeDeploymentHook(
      () => {
        throw new Error("invalid guardrails.config.json");
      },
      silent,
      (metric) => counted.push(metric),
    );
    const statuses: string[] = [];
    let hookDetails: Record<string, unknown> | undefined;
    // The default maxFaults (5) answers IN_PROGRESS five times, then onFault.
    for (let n = 0; n < 6; n += 1) {
      const response = await handler({ ...invocation("POST_SCALE_UP"), ...(hookDetails ? { hookDetails } : {}) });
      hookDetails = response.hookDetails;
      statuses.push(response.hookStatus);
    }

    expect(statuses).toEqual([...Array(5).fill("IN_PROGRESS"), "SUCCEEDED"]);
    expect(counted).toEqual(["HookAnswersOnFault"]);
  });

  it("still fails, and tells, a deployment it let through unjudged at an earlier stage", async () => {
    const world = await failingWorld({ ...ENFORCE, deploymentHook: { maxFaults: 0 } });
    const injector = new FaultInjector({
      fault: { kind: "throttle", every: "ecs.describeService" },
      services: SERVICES,
    });
    await world.ask(invocation("POST_SCALE_UP"), through(injector));
    injector.lift();

    const later = await world.ask(invocation("POST_TEST_TRAFFIC_SHIFT"), through(injector));

    expect(later.response).toEqual({ hookStatus: "FAILED" });
    expect(world.notifier.published.map((n) => n.title)).toEqual([
      "Let the deployment of my-cluster/my-service continue unjudged",
      "Roll back my-cluster/my-service through its deployment lifecycle hook",
    ]);
  });

  it("records the faults it answered in the history when the history can be written", async () => {
    const world = await failingWorld();
    const injector = new FaultInjector({
      fault: { kind: "throttle", every: "ecs.describeService" },
      services: SERVICES,
    });

    await world.ask(invocation("POST_SCALE_UP"), through(injector));

    const entry = (await world.timeline()).find((e) => e.data?.["source"] === "deployment-hook");
    expect(entry?.data).toMatchObject({ hookStatus: "IN_PROGRESS", rule: "fault" });
    expect(entry?.reason).toContain("ThrottlingException");
  });
});

describe("the deployment hook function", () => {
  const garbage: unknown[] = [
    undefined,
    null,
    0,
    "",
    "POST_SCALE_UP",
    [],
    {},
    { executionId: 5 },
    { ...invocation("POST_SCALE_UP"), lifecycleStage: "BAKE_TIME" },
    { ...invocation("POST_SCALE_UP"), executionDetails: null },
    { ...invocation("POST_SCALE_UP"), hookDetails: [1, 2] },
    { ...invocation("POST_SCALE_UP"), hookDetails: { guardrails: "garbled" } },
  ];

  it.each(garbage.map((g, i) => [i, g]))("never throws on malformed input %i, and answers validly", async (_, raw) => {
    const world = await hookWorld({ config: ENFORCE });
    const handler = makeDeploymentHook(() => world.deps, silent);

    const response = await handler(raw);

    expect(isValidResponse(response)).toBe(true);
  });

  it("bounds a malformed invocation's retries like any other fault of its own", async () => {
    const world = await hookWorld({ config: ENFORCE });
    const broken = {
      ...invocation("POST_SCALE_UP"),
      executionDetails: { serviceArn: "arn:aws:ecs:us-west-2:1:service/my-cluster/my-service" },
    };
    const answers: string[] = [];
    for (let n = 0; n < 3; n += 1) answers.push((await world.ask(broken)).response.hookStatus);

    expect(answers).toEqual(["IN_PROGRESS", "IN_PROGRESS", "SUCCEEDED"]);
    const entry = (await world.timeline()).find((e) => e.data?.["source"] === "deployment-hook");
    expect(entry?.reason).toContain("executionDetails.targetServiceRevisionArn is required");
  });

  it("turns a bug of its own (here a clock that throws) into a bounded fault answer, not an exception", async () => {
    const world = await hookWorld({ config: ENFORCE });
    const broken = {
      ...world.deps,
      clock: {
        now: (): Date => {
          throw new TypeError("clock broke");
        },
      },
    };

    const outcome = await answerHook(invocation("POST_SCALE_UP"), broken);

    expect(outcome.response).toMatchObject({ hookStatus: "IN_PROGRESS", callBackDelay: 30 });
    expect(outcome.answer.reason).toContain("unexpected error: TypeError: clock broke");
  });

  it("answers, and does not throw, when its dependencies cannot even be built", async () => {
    const handler = makeDeploymentHook(() => {
      throw new Error("environment variable TABLE_NAME is not set");
    }, silent);

    expect(await handler(invocation("POST_SCALE_UP"))).toMatchObject({ hookStatus: "IN_PROGRESS", callBackDelay: 30 });
  });
});

import { describe, expect, it } from "vitest";
import { executeAction, executorsFor } from "@ecs-guardrails/core/engine/executors";
import type { ServiceGateway } from "@ecs-guardrails/core/engine/ports";
import type { ActionRequest } from "@ecs-guardrails/core/registry";
import { awaiting, fakeHooks } from "../../../support/fake-hooks.ts";
import { REF, at } from "../../../support/snapshots.ts";

// A paused hook's answer is made only while ECS still waits for it: the hook is re-read first,
// and a hook ECS has moved on from, or whose time is up, is never answered.

const ARN = "arn:aws:ecs:us-east-1:111122223333:service-deployment/prod/web/abc";
const ecs: ServiceGateway = {
  describeService: async () => undefined,
  updateService: async () => {
    throw new Error("a hook's answer never updates the service");
  },
};
const answer = (a: "CONTINUE" | "ROLLBACK", notAfter = at(570)): ActionRequest => ({
  type: "pause-hook-answer",
  serviceDeploymentArn: ARN,
  hookId: "h1",
  answer: a,
  notAfter,
  stage: "POST_TEST_TRAFFIC_SHIFT",
  deploymentId: "ecs-svc/2",
});
const run = (hooks: ReturnType<typeof fakeHooks>, action: ActionRequest, now = at(300)) =>
  executeAction(
    REF,
    action,
    undefined,
    executorsFor({ ecs, serviceDeployments: hooks, clock: { now: () => new Date(now) } }),
  );

describe("answering a paused deployment", () => {
  it("calls ContinueServiceDeployment with the answer while ECS waits for it", async () => {
    const hooks = fakeHooks({ [ARN]: [awaiting("h1", at(600))] });

    const outcome = await run(hooks, answer("ROLLBACK"));

    expect(outcome.status).toBe("done");
    expect(hooks.answers).toEqual([{ serviceDeploymentArn: ARN, hookId: "h1", action: "ROLLBACK" }]);
  });

  it.each(["FAILED", "TIMED_OUT", "IN_PROGRESS"])(
    "never answers CONTINUE to a hook ECS shows %s: moot, with why",
    async (status) => {
      const hooks = fakeHooks({ [ARN]: [{ ...awaiting("h1", at(600)), status }] });

      const outcome = await run(hooks, answer("CONTINUE"));

      expect(outcome).toMatchObject({ status: "moot", reason: expect.stringContaining(status) });
      expect(hooks.answers).toEqual([]);
    },
  );

  it.each([
    ["CONTINUE", "SUCCEEDED"],
    ["ROLLBACK", "FAILED"],
  ] as const)(
    "takes a hook ECS shows as %s leaves it (%s) as already answered, without answering again",
    async (a, status) => {
      const hooks = fakeHooks({ [ARN]: [{ ...awaiting("h1", at(600)), status }] });

      expect(await run(hooks, answer(a))).toMatchObject({ status: "already-done" });
      expect(hooks.answers).toEqual([]);
    },
  );

  it("never answers a hook ECS no longer lists", async () => {
    const hooks = fakeHooks({ [ARN]: [] });

    expect(await run(hooks, answer("CONTINUE"))).toMatchObject({ status: "moot" });
  });

  it("never answers once the decision's time is up, and names ECS's timeout action", async () => {
    const hooks = fakeHooks({ [ARN]: [awaiting("h1", at(600), "CONTINUE")] });

    const outcome = await run(hooks, answer("ROLLBACK", at(570)), at(580));

    expect(outcome).toMatchObject({ status: "moot", reason: expect.stringContaining("CONTINUE") });
    expect(hooks.answers).toEqual([]);
  });

  it("never answers past the expiry ECS shows now, even when the decision thought it had longer", async () => {
    const hooks = fakeHooks({ [ARN]: [awaiting("h1", at(400))] });

    expect(await run(hooks, answer("CONTINUE", at(900)), at(450))).toMatchObject({ status: "moot" });
    expect(hooks.answers).toEqual([]);
  });

  it("fails (to be retried) when the re-read fails, without answering", async () => {
    const hooks = fakeHooks({ [ARN]: [awaiting("h1", at(600))] });
    hooks.failing.describeServiceDeployments = new Error("ThrottlingException");

    await expect(run(hooks, answer("CONTINUE"))).rejects.toThrow("ThrottlingException");
    expect(hooks.answers).toEqual([]);
  });

  it("fails clearly in a function not given ECS's service deployments", async () => {
    const outcome = executeAction(REF, answer("CONTINUE"), undefined, executorsFor({ ecs }));

    await expect(outcome).rejects.toThrow("service deployments");
  });
});

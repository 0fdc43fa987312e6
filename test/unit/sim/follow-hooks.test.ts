import { EcsSimulator } from "@ecs-guardrails/sim/api";
import { createManualClock } from "@ecs-guardrails/sim/clock";
import type { StreamFact } from "@ecs-guardrails/sim/follow";
import { describe, expect, it } from "vitest";

// A recorded HOOK_AWAITING_ACTION followed by the simulated ECS: the hook is held under the
// ids ECS gave it, so ContinueServiceDeployment with those ids answers it.

const T0 = Date.parse("2026-11-20T10:00:00Z");
const ref = { cluster: "prod", service: "web" };
const SD = "arn:aws:ecs:us-east-1:111122223333:service-deployment/prod/web/Kq2Jv8pXbN4wRt6yLm0Zc1";
const HOOK = "ecs-pause-recorded-1";

function world() {
  const clock = createManualClock(T0);
  const sim = new EcsSimulator({ clock, emit: () => undefined });
  for (const revision of [41, 42]) sim.registerTaskDefinition({ family: "web", revision });
  sim.addService({
    ...ref,
    name: "web",
    taskDefinition: "web:41",
    desiredCount: 2,
    deployments: [{ id: "ecs-svc/1", taskDefinition: "web:41", rolloutState: "COMPLETED" }],
  });
  /** The recorded service deployment's stage and hooks; none when ECS would not find it. */
  const hooks = () => {
    const { serviceDeployments = [] } = sim.describeServiceDeployments({ serviceDeploymentArns: [SD] }) as {
      serviceDeployments?: { lifecycleStage: string; lifecycleHookDetails?: { hookId: string; status: string }[] }[];
    };
    return serviceDeployments.map((sd) => [
      sd.lifecycleStage,
      (sd.lifecycleHookDetails ?? []).map((h) => `${h.hookId} ${h.status}`),
    ]);
  };
  return { sim, hooks };
}

const inProgress: StreamFact = {
  kind: "deployment",
  ...ref,
  deploymentId: "ecs-svc/2",
  state: "IN_PROGRESS",
  time: T0,
  taskDefinition: "web:42",
};
const paused = (s: number, status = "AWAITING_ACTION"): StreamFact => ({
  kind: "hook",
  ...ref,
  serviceDeploymentArn: SD,
  hookId: HOOK,
  stage: "POST_SCALE_UP",
  status,
  expiresAt: T0 + 60 * 60_000,
  timeoutAction: "ROLLBACK",
  time: T0 + s * 1000,
});

describe("the simulator following recorded pause hooks", () => {
  it("holds the hook under the recorded ids, and ContinueServiceDeployment with them answers it", () => {
    const { sim, hooks } = world();
    sim.follow(inProgress);
    sim.follow(paused(60));

    expect(hooks()).toEqual([["POST_SCALE_UP", [`${HOOK} AWAITING_ACTION`]]]);

    sim.continueServiceDeployment({ serviceDeploymentArn: SD, hookId: HOOK, action: "CONTINUE" });

    expect(hooks()).toEqual([[expect.any(String), [`${HOOK} SUCCEEDED`]]]);
  });

  it("does not wake a hook that was answered when its event comes again late", () => {
    const { sim, hooks } = world();
    sim.follow(inProgress);
    sim.follow(paused(60));
    sim.continueServiceDeployment({ serviceDeploymentArn: SD, hookId: HOOK, action: "ROLLBACK" });

    sim.follow(paused(61));

    expect(hooks()).toEqual([[expect.any(String), [`${HOOK} FAILED`]]]);
  });

  it("ignores a hook event while no deployment is being rolled out", () => {
    const { sim, hooks } = world();

    sim.follow(paused(60));

    expect(hooks()).toEqual([]);
  });
});

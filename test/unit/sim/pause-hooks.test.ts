import { EcsSimulator } from "@ecs-guardrails/sim/api";
import { createManualClock } from "@ecs-guardrails/sim/clock";
import type { SimEvent } from "@ecs-guardrails/sim/types";
import { describe, expect, it } from "vitest";

// Pause lifecycle hooks: a deployment reaching a stage with a PAUSE hook waits (HOOK_AWAITING_ACTION)
// until ContinueServiceDeployment continues or rolls it back, or the hook's timeout applies its
// timeoutAction.

const MINUTE = 60_000;
const START = Date.parse("2026-03-02T09:00:00Z");

type Hook = { lifecycleStages: string[]; timeoutConfiguration?: { timeoutInMinutes?: number; action?: string } };

function setup() {
  const events: SimEvent[] = [];
  const sim = new EcsSimulator({ clock: createManualClock(START), emit: (e) => events.push(e) });
  sim.registerTaskDefinition({ family: "web" });
  sim.registerTaskDefinition({ family: "web" });
  sim.addService({ cluster: "prod", name: "web", taskDefinition: "web:1", desiredCount: 2 });
  const deploy = (...hooks: Hook[]) => {
    sim.updateService({
      cluster: "prod",
      service: "web",
      taskDefinition: "web:2",
      deploymentConfiguration: { lifecycleHooks: hooks.map((h) => ({ targetType: "PAUSE", ...h })) },
    });
    return sim.listServiceDeployments({ cluster: "prod", service: "web" }).serviceDeployments[0]!.serviceDeploymentArn;
  };
  const describe = (arn: string) =>
    sim.describeServiceDeployments({ serviceDeploymentArns: [arn] }).serviceDeployments[0]!;
  const service = () => sim.describeServices({ cluster: "prod", services: ["web"] }).services[0]!;
  const hookEvents = () => events.filter((e) => e["detail-type"] === "ECS Hook State Change");
  return { sim, events, deploy, describe, service, hookEvents };
}

function ecsError(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected an ECS error");
}

describe("a PAUSE hook at PRE_SCALE_UP", () => {
  it("holds the deployment before any new task starts, emits HOOK_AWAITING_ACTION, and CONTINUE resumes it", () => {
    const w = setup();
    const arn = w.deploy({ lifecycleStages: ["PRE_SCALE_UP"], timeoutConfiguration: { timeoutInMinutes: 30 } });

    w.sim.advance(10 * MINUTE);

    const paused = w.describe(arn);
    expect(paused).toMatchObject({ status: "IN_PROGRESS", lifecycleStage: "PRE_SCALE_UP" });
    const [hook] = paused.lifecycleHookDetails!;
    expect(hook).toMatchObject({ targetType: "PAUSE", status: "AWAITING_ACTION", timeoutAction: "ROLLBACK" });
    expect(hook!.hookId).toMatch(/^ecs-pause-[A-Za-z0-9_-]{43}$/);
    expect(hook!.expiresAt).toEqual(new Date(START + 30 * MINUTE));
    expect(w.service().deployments[0]).toMatchObject({ runningCount: 0, pendingCount: 0 });
    const [event] = w.hookEvents();
    expect(event).toMatchObject({
      source: "aws.ecs",
      resources: [expect.stringContaining(":service/prod/web"), arn],
      detail: {
        eventName: "HOOK_AWAITING_ACTION",
        serviceDeploymentArn: arn,
        hookId: hook!.hookId,
        lifecycleStage: "PRE_SCALE_UP",
        targetType: "PAUSE",
        status: "AWAITING_ACTION",
        timeoutAction: "ROLLBACK",
        expiresAt: "2026-03-02T09:30:00.000Z",
      },
    });

    w.sim.continueServiceDeployment({ serviceDeploymentArn: arn, hookId: hook!.hookId, action: "CONTINUE" });
    w.sim.advance(30 * MINUTE);

    expect(w.describe(arn).status).toBe("SUCCESSFUL");
    expect(w.describe(arn).lifecycleHookDetails![0]!.status).toBe("SUCCEEDED");
    expect(w.service().taskDefinition).toMatch(/web:2$/);
    expect(w.hookEvents()).toHaveLength(1);
  });
});

describe("a PAUSE hook at POST_SCALE_UP", () => {
  it("keeps the deployment from completing until continued; ROLLBACK returns to the source revision", () => {
    const w = setup();
    const arn = w.deploy({ lifecycleStages: ["POST_SCALE_UP"] });

    w.sim.advance(30 * MINUTE);

    expect(w.describe(arn)).toMatchObject({ status: "IN_PROGRESS", lifecycleStage: "POST_SCALE_UP" });
    expect(w.service().deployments[0]).toMatchObject({ rolloutState: "IN_PROGRESS", runningCount: 2 });
    const hookId = w.describe(arn).lifecycleHookDetails![0]!.hookId!;

    w.sim.continueServiceDeployment({ serviceDeploymentArn: arn, hookId, action: "ROLLBACK" });
    w.sim.advance(30 * MINUTE);

    expect(w.describe(arn).status).toBe("ROLLBACK_SUCCESSFUL");
    expect(w.service().taskDefinition).toMatch(/web:1$/);
  });
});

describe("a PAUSE hook's timeout", () => {
  it("applies timeoutAction CONTINUE and marks the hook TIMED_OUT", () => {
    const w = setup();
    const arn = w.deploy({
      lifecycleStages: ["PRE_SCALE_UP"],
      timeoutConfiguration: { timeoutInMinutes: 5, action: "CONTINUE" },
    });

    w.sim.advance(40 * MINUTE);

    expect(w.describe(arn).lifecycleHookDetails![0]!.status).toBe("TIMED_OUT");
    expect(w.describe(arn).status).toBe("SUCCESSFUL");
  });

  it("defaults to 24 hours and ROLLBACK, as ECS does", () => {
    const w = setup();
    const arn = w.deploy({ lifecycleStages: ["POST_SCALE_UP"] });
    w.sim.advance(30 * MINUTE);
    const hook = w.describe(arn).lifecycleHookDetails![0]!;
    expect(hook.expiresAt!.getTime() - w.describe(arn).createdAt!.getTime()).toBeGreaterThanOrEqual(24 * 60 * MINUTE);

    w.sim.advance(25 * 60 * MINUTE);

    expect(w.describe(arn).lifecycleHookDetails![0]!.status).toBe("TIMED_OUT");
    expect(w.describe(arn).status).toBe("ROLLBACK_SUCCESSFUL");
  });
});

describe("ContinueServiceDeployment", () => {
  it("refuses an unknown hook, a hook no longer awaiting action, and an unknown deployment", () => {
    const w = setup();
    const arn = w.deploy({ lifecycleStages: ["PRE_SCALE_UP"] });
    w.sim.advance(MINUTE);
    const hookId = w.describe(arn).lifecycleHookDetails![0]!.hookId!;

    expect(
      ecsError(() => w.sim.continueServiceDeployment({ serviceDeploymentArn: arn, hookId: "ecs-pause-x" })).name,
    ).toBe("InvalidParameterException");
    w.sim.continueServiceDeployment({ serviceDeploymentArn: arn, hookId, action: "CONTINUE" });
    expect(ecsError(() => w.sim.continueServiceDeployment({ serviceDeploymentArn: arn, hookId })).name).toBe(
      "InvalidParameterException",
    );
    expect(ecsError(() => w.sim.continueServiceDeployment({ serviceDeploymentArn: `${arn}x`, hookId })).name).toBe(
      "ServiceDeploymentNotFoundException",
    );
    expect(
      ecsError(() => w.sim.continueServiceDeployment({ serviceDeploymentArn: arn, hookId, action: "SKIP" })).name,
    ).toBe("InvalidParameterException");
  });
});

describe("lifecycleHooks in the deployment configuration", () => {
  it("are shown by DescribeServices and checked as ECS checks them", () => {
    const w = setup();
    w.deploy({ lifecycleStages: ["PRE_SCALE_UP"] });

    expect(w.service().deploymentConfiguration.lifecycleHooks).toEqual([
      { targetType: "PAUSE", lifecycleStages: ["PRE_SCALE_UP"] },
    ]);
    const update = (hook: Record<string, unknown>) => () =>
      w.sim.updateService({ cluster: "prod", service: "web", deploymentConfiguration: { lifecycleHooks: [hook] } });
    expect(ecsError(update({ targetType: "PAUSE", lifecycleStages: ["SOMETIME"] })).name).toBe(
      "InvalidParameterException",
    );
    expect(
      ecsError(
        update({
          targetType: "PAUSE",
          lifecycleStages: ["PRE_SCALE_UP"],
          timeoutConfiguration: { timeoutInMinutes: 0 },
        }),
      ).name,
    ).toBe("InvalidParameterException");
    expect(ecsError(update({ targetType: "AWS_LAMBDA", lifecycleStages: ["PRE_SCALE_UP"] })).name).toBe(
      "InvalidParameterException",
    );
  });
});

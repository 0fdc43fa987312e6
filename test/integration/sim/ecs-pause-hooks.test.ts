import {
  ContinueServiceDeploymentCommand,
  DescribeServiceDeploymentsCommand,
  InvalidParameterException,
  UpdateServiceCommand,
} from "@aws-sdk/client-ecs";
import { EcsServiceDeployments } from "@ecs-guardrails/aws/ecs/service-deployments";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startWorld, webService } from "./world.ts";
import type { World } from "./world.ts";

// Pause hooks through the real SDK client: UpdateService sets deploymentConfiguration.lifecycleHooks,
// the deployment pauses, DescribeServiceDeployments shows the hook, ContinueServiceDeployment
// resumes it (also through the aws adapter the guardrails use).

const MINUTE = 60_000;
let world: World;

beforeEach(async () => {
  world = await startWorld();
});
afterEach(async () => {
  await world.close();
});

async function pausedDeployment(stage: string) {
  webService(world, { desiredCount: 2 });
  await world.ecs.send(
    new UpdateServiceCommand({
      cluster: "prod",
      service: "web",
      taskDefinition: "web:2",
      deploymentConfiguration: {
        lifecycleHooks: [
          {
            targetType: "PAUSE",
            lifecycleStages: [stage as "POST_SCALE_UP"],
            timeoutConfiguration: { timeoutInMinutes: 60 },
          },
        ],
      },
    }),
  );
  world.sim.advance(30 * MINUTE);
  const event = world.events.find((e) => e["detail-type"] === "ECS Hook State Change")!;
  return { arn: event.detail.serviceDeploymentArn as string, hookId: event.detail.hookId as string };
}

describe("pause hooks through the SDK", () => {
  it("shows the paused hook with a Date expiresAt and continues it with ContinueServiceDeployment", async () => {
    const { arn, hookId } = await pausedDeployment("POST_SCALE_UP");

    const before = await world.ecs.send(new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [arn] }));
    const sd = before.serviceDeployments![0]!;
    expect(sd).toMatchObject({ status: "IN_PROGRESS", lifecycleStage: "POST_SCALE_UP" });
    expect(sd.lifecycleHookDetails).toEqual([
      {
        hookId,
        targetType: "PAUSE",
        status: "AWAITING_ACTION",
        expiresAt: expect.any(Date),
        timeoutAction: "ROLLBACK",
      },
    ]);
    expect(sd.deploymentConfiguration!.lifecycleHooks![0]!.targetType).toBe("PAUSE");

    const out = await world.ecs.send(
      new ContinueServiceDeploymentCommand({ serviceDeploymentArn: arn, hookId, action: "CONTINUE" }),
    );
    world.sim.advance(5 * MINUTE);

    expect(out.serviceDeploymentArn).toBe(arn);
    const after = await world.ecs.send(new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [arn] }));
    expect(after.serviceDeployments![0]!.status).toBe("SUCCESSFUL");
    const again = await world.ecs
      .send(new ContinueServiceDeploymentCommand({ serviceDeploymentArn: arn, hookId, action: "CONTINUE" }))
      .catch((e: unknown) => e);
    expect(again).toBeInstanceOf(InvalidParameterException);
  });

  it("rolls back through the aws adapter's continueServiceDeployment", async () => {
    const { arn, hookId } = await pausedDeployment("PRE_SCALE_UP");
    const adapter = new EcsServiceDeployments(world.ecs);

    expect(await adapter.continueServiceDeployment(arn, hookId, "ROLLBACK")).toEqual({ outcome: "continued" });
    world.sim.advance(30 * MINUTE);

    const { found } = await adapter.describeServiceDeployments([arn]);
    expect(found[0]).toMatchObject({ status: "ROLLBACK_SUCCESSFUL", lifecycleHooks: [{ hookId, status: "FAILED" }] });
  });
});

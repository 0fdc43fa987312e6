import { beforeEach, describe, expect, it } from "vitest";
import { mockClient } from "aws-sdk-client-mock";
import {
  ApplicationAutoScalingClient,
  ConcurrentUpdateException,
  DescribeScalableTargetsCommand,
  RegisterScalableTargetCommand,
} from "@aws-sdk/client-application-auto-scaling";
import { AppAutoScalingTargets } from "@ecs-guardrails/aws/autoscaling/scalable-targets";
import { AwsAdapterError } from "@ecs-guardrails/aws/errors";

// The adapter's own logic: the SDK's calls it makes and how it translates their failures.

const client = new ApplicationAutoScalingClient({
  region: "us-east-1",
  credentials: { accessKeyId: "test", secretAccessKey: "test" },
});
const aas = mockClient(client);
const targets = new AppAutoScalingTargets(client);
const web = { cluster: "prod", service: "web" };
const registered = {
  ServiceNamespace: "ecs" as const,
  ScalableDimension: "ecs:service:DesiredCount" as const,
  ResourceId: "service/prod/web",
  MinCapacity: 1,
  MaxCapacity: 4,
  RoleARN: "arn",
  CreationTime: new Date(),
};

beforeEach(() => aas.reset());

describe("Application Auto Scaling adapter", () => {
  it("sends min, max and the suspended state in the API's names, for the ECS dimension", async () => {
    aas.on(DescribeScalableTargetsCommand).resolves({ ScalableTargets: [registered] });
    aas.on(RegisterScalableTargetCommand).resolves({});
    await targets.setRange(web, {
      minCapacity: 0,
      maxCapacity: 0,
      suspendedState: {
        dynamicScalingInSuspended: true,
        dynamicScalingOutSuspended: false,
        scheduledScalingSuspended: false,
      },
    });
    expect(aas.commandCalls(RegisterScalableTargetCommand)[0]!.args[0].input).toEqual({
      ServiceNamespace: "ecs",
      ScalableDimension: "ecs:service:DesiredCount",
      ResourceId: "service/prod/web",
      MinCapacity: 0,
      MaxCapacity: 0,
      SuspendedState: {
        DynamicScalingInSuspended: true,
        DynamicScalingOutSuspended: false,
        ScheduledScalingSuspended: false,
      },
    });
  });

  it("reads a target without a suspended state as nothing suspended, and follows NextToken", async () => {
    aas
      .on(DescribeScalableTargetsCommand)
      .resolvesOnce({ ScalableTargets: [], NextToken: "2" })
      .resolvesOnce({ ScalableTargets: [registered] });
    expect((await targets.describe([web])).get("prod/web")).toEqual({
      minCapacity: 1,
      maxCapacity: 4,
      suspended: {
        dynamicScalingInSuspended: false,
        dynamicScalingOutSuspended: false,
        scheduledScalingSuspended: false,
      },
    });
    expect(aas.commandCalls(DescribeScalableTargetsCommand)[1]!.args[0].input.NextToken).toBe("2");
  });

  it("turns an SDK failure into an adapter error naming the operation, the service and the code", async () => {
    aas.on(DescribeScalableTargetsCommand).resolves({ ScalableTargets: [registered] });
    aas.on(RegisterScalableTargetCommand).rejects(new ConcurrentUpdateException({ message: "busy", $metadata: {} }));
    const error = await targets.setRange(web, { minCapacity: 1, maxCapacity: 2 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AwsAdapterError);
    expect((error as AwsAdapterError).message).toBe(
      "Application Auto Scaling RegisterScalableTarget failed for prod/web: ConcurrentUpdateException: busy",
    );
    expect((error as AwsAdapterError).cause).toBeInstanceOf(ConcurrentUpdateException);
  });
});

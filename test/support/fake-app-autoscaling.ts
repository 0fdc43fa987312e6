import {
  ApplicationAutoScalingClient,
  DescribeScalableTargetsCommand,
  type DescribeScalableTargetsCommandInput,
  RegisterScalableTargetCommand,
  type RegisterScalableTargetCommandInput,
} from "@aws-sdk/client-application-auto-scaling";
import { mockClient } from "aws-sdk-client-mock";
import type { FakeService } from "./fake-ecs.ts";

// A real ApplicationAutoScalingClient whose DescribeScalableTargets/RegisterScalableTarget
// answer from one in-memory scalable target of a fake ECS service (fake-ecs.ts): registering
// moves the service's desired count into the new range, as AWS does. `changes` lists the
// registrations that changed something, so a repeated one (a retry) is seen as harmless.

export type FakeScalableTarget = {
  minCapacity: number;
  maxCapacity: number;
  suspended: { in: boolean; out: boolean; scheduled: boolean };
};

export function fakeAppAutoScaling(service: FakeService, initial: FakeScalableTarget | undefined) {
  const state = { target: structuredClone(initial) };
  const changes: RegisterScalableTargetCommandInput[] = [];
  const client = new ApplicationAutoScalingClient({
    region: "us-east-1",
    credentials: { accessKeyId: "test", secretAccessKey: "test" },
  });
  const mock = mockClient(client);
  const resourceId = `service/${service.cluster}/${service.service}`;
  mock.on(DescribeScalableTargetsCommand).callsFake(async (input: DescribeScalableTargetsCommandInput) => {
    const t = state.target;
    if (!t || !(input.ResourceIds ?? [resourceId]).includes(resourceId)) return { ScalableTargets: [] };
    const SuspendedState = {
      DynamicScalingInSuspended: t.suspended.in,
      DynamicScalingOutSuspended: t.suspended.out,
      ScheduledScalingSuspended: t.suspended.scheduled,
    };
    return {
      ScalableTargets: [
        {
          ServiceNamespace: "ecs",
          ScalableDimension: "ecs:service:DesiredCount",
          ResourceId: resourceId,
          MinCapacity: t.minCapacity,
          MaxCapacity: t.maxCapacity,
          SuspendedState,
          RoleARN: "arn:aws:iam::111122223333:role/aas",
          CreationTime: new Date(0),
        },
      ],
    };
  });
  mock.on(RegisterScalableTargetCommand).callsFake(async (input: RegisterScalableTargetCommandInput) => {
    const before = JSON.stringify(state.target);
    const t = (state.target ??= {
      minCapacity: input.MinCapacity!,
      maxCapacity: input.MaxCapacity!,
      suspended: { in: false, out: false, scheduled: false },
    });
    t.minCapacity = input.MinCapacity ?? t.minCapacity;
    t.maxCapacity = input.MaxCapacity ?? t.maxCapacity;
    const s = input.SuspendedState;
    if (s)
      t.suspended = {
        in: s.DynamicScalingInSuspended ?? t.suspended.in,
        out: s.DynamicScalingOutSuspended ?? t.suspended.out,
        scheduled: s.ScheduledScalingSuspended ?? t.suspended.scheduled,
      };
    service.desiredCount = Math.min(Math.max(service.desiredCount, t.minCapacity), t.maxCapacity);
    if (JSON.stringify(state.target) !== before) changes.push(input);
    return {};
  });
  return { client, state, changes, mock };
}

export const describeRangeChange = (input: RegisterScalableTargetCommandInput) =>
  `scalable target min ${input.MinCapacity} max ${input.MaxCapacity}${input.SuspendedState ? ` suspended ${JSON.stringify(input.SuspendedState)}` : ""}`;

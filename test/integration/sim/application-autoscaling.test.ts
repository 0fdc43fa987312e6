import {
  ApplicationAutoScalingClient,
  DescribeScalableTargetsCommand,
  DescribeScalingPoliciesCommand,
  PutScalingPolicyCommand,
  RegisterScalableTargetCommand,
  ValidationException,
} from "@aws-sdk/client-application-auto-scaling";
import { DescribeServicesCommand, ECSClient } from "@aws-sdk/client-ecs";
import { AppAutoScalingTargets, ScalableTargetMissingError } from "@ecs-guardrails/aws/autoscaling/scalable-targets";
import { startLocalEndpoints, type CallRecord, type LocalEndpoints } from "@ecs-guardrails/sim/endpoints/server";
import { EcsSimulator } from "@ecs-guardrails/sim/api";
import { AppAutoScalingSimulator, ecsCapacityOf } from "@ecs-guardrails/sim/app-autoscaling";
import { createManualClock } from "@ecs-guardrails/sim/clock";
import { converge } from "@ecs-guardrails/core/capabilities/scheduled-scaling/converge";
import { targetAt } from "@ecs-guardrails/core/time/holds";
import type { ScheduledScale } from "@ecs-guardrails/core/capabilities/scheduled-scaling/plan";
import { parseScheduledScalingSettings } from "@ecs-guardrails/core/capabilities/scheduled-scaling/settings";
import { IDLE, type ScheduleState } from "@ecs-guardrails/core/capabilities/scheduled-scaling/state";
import { windowsOf } from "@ecs-guardrails/core/capabilities/scheduled-scaling/windows-of";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { droppedFields, missingPaths } from "../../support/reply-shapes.ts";

// Application Auto Scaling served by the local endpoints over its JSON 1.1 protocol
// (AnyScaleFrontendService.*), called through the real SDK client and the project's adapter.

const ADAPTER_READS = {
  describeScalableTargets: [
    "ScalableTargets[].ResourceId",
    "ScalableTargets[].MinCapacity",
    "ScalableTargets[].MaxCapacity",
    "ScalableTargets[].SuspendedState.DynamicScalingInSuspended",
    "ScalableTargets[].SuspendedState.DynamicScalingOutSuspended",
    "ScalableTargets[].SuspendedState.ScheduledScalingSuspended",
    "ScalableTargets[].CreationTime",
  ],
  describeScalingPolicies: [
    "ScalingPolicies[].PolicyName",
    "ScalingPolicies[].PolicyType",
    "ScalingPolicies[].TargetTrackingScalingPolicyConfiguration.TargetValue",
    "ScalingPolicies[].TargetTrackingScalingPolicyConfiguration.PredefinedMetricSpecification.PredefinedMetricType",
  ],
};

const WEB = { cluster: "prod", service: "web" };
const target = (ref = WEB) => ({
  ServiceNamespace: "ecs" as const,
  ScalableDimension: "ecs:service:DesiredCount" as const,
  ResourceId: `service/${ref.cluster}/${ref.service}`,
});

let sim: EcsSimulator;
let aas: AppAutoScalingSimulator;
let endpoints: LocalEndpoints;
let calls: CallRecord[];
let client: ApplicationAutoScalingClient;
let ecs: ECSClient;
let adapter: AppAutoScalingTargets;

beforeEach(async () => {
  const clock = createManualClock("2026-06-01T17:00:00Z");
  sim = new EcsSimulator({ clock, emit: () => {} });
  aas = new AppAutoScalingSimulator({ ecs: ecsCapacityOf(sim), now: clock.now });
  calls = [];
  endpoints = await startLocalEndpoints({
    ecs: sim,
    applicationAutoScaling: aas,
    now: clock.now,
    onCall: (c) => calls.push(c),
  });
  const config = {
    endpoint: endpoints.url,
    region: "us-east-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
    maxAttempts: 1,
  };
  client = new ApplicationAutoScalingClient(config);
  ecs = new ECSClient(config);
  adapter = new AppAutoScalingTargets(client);
  sim.registerTaskDefinition({ family: "web", cpu: 256, memory: 512 });
  sim.addService({ cluster: "prod", name: "web", taskDefinition: "web:1", desiredCount: 4 });
});
afterEach(async () => {
  client.destroy();
  ecs.destroy();
  await endpoints.close();
});

const rawReply = (operation: string) =>
  JSON.parse(calls.filter((c) => c.operation === operation).at(-1)!.response) as unknown;
const desired = async () =>
  (await ecs.send(new DescribeServicesCommand({ cluster: "prod", services: ["web"] }))).services![0]!.desiredCount;

describe("Application Auto Scaling on the local endpoints", () => {
  it("registers a scalable target and describes it in the SDK's shapes, nothing dropped", async () => {
    await client.send(
      new RegisterScalableTargetCommand({
        ...target(),
        MinCapacity: 2,
        MaxCapacity: 8,
        SuspendedState: { ScheduledScalingSuspended: true },
      }),
    );
    const out = await client.send(
      new DescribeScalableTargetsCommand({ ServiceNamespace: "ecs", ResourceIds: [target().ResourceId] }),
    );
    expect(missingPaths(out, ADAPTER_READS.describeScalableTargets)).toEqual([]);
    expect(droppedFields(rawReply("DescribeScalableTargets"), out)).toEqual([]);
    expect(out.ScalableTargets![0]!.CreationTime).toBeInstanceOf(Date);
    expect(await adapter.describe([WEB])).toEqual(
      new Map([
        [
          "prod/web",
          {
            minCapacity: 2,
            maxCapacity: 8,
            suspended: {
              dynamicScalingInSuspended: false,
              dynamicScalingOutSuspended: false,
              scheduledScalingSuspended: true,
            },
          },
        ],
      ]),
    );
  });

  it("moves the desired count into a new range at once, as Application Auto Scaling does", async () => {
    await client.send(new RegisterScalableTargetCommand({ ...target(), MinCapacity: 1, MaxCapacity: 2 }));
    expect(await desired()).toBe(2);
    await adapter.setRange(WEB, { minCapacity: 5, maxCapacity: 6 });
    expect(await desired()).toBe(5);
  });

  it("rejects a minimum above the maximum as the SDK's ValidationException", async () => {
    await expect(
      client.send(new RegisterScalableTargetCommand({ ...target(), MinCapacity: 5, MaxCapacity: 2 })),
    ).rejects.toBeInstanceOf(ValidationException);
    await expect(
      client.send(
        new RegisterScalableTargetCommand({
          ...target({ cluster: "prod", service: "nope" }),
          MinCapacity: 1,
          MaxCapacity: 2,
        }),
      ),
    ).rejects.toThrow(/ECS service doesn't exist/);
  });

  it("never registers a target for a service that has none when setting a range", async () => {
    await expect(adapter.setRange(WEB, { minCapacity: 0, maxCapacity: 0 })).rejects.toBeInstanceOf(
      ScalableTargetMissingError,
    );
    expect((await adapter.describe([WEB])).size).toBe(0);
    expect(await desired()).toBe(4);
  });

  it("never leaves a target behind when it is deregistered between setRange's describe and its register", async () => {
    await client.send(new RegisterScalableTargetCommand({ ...target(), MinCapacity: 1, MaxCapacity: 4 }));
    // Someone deregisters the target just before the adapter's RegisterScalableTarget is sent.
    client.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === "RegisterScalableTargetCommand") aas.deregisterScalableTarget({ ...target() });
        return next(args);
      },
      { step: "initialize", name: "deregisterFirst" },
    );

    await expect(adapter.setRange(WEB, { minCapacity: 2, maxCapacity: 3 })).rejects.toBeInstanceOf(
      ScalableTargetMissingError,
    );
    expect((await adapter.describe([WEB])).size).toBe(0);
  });

  it("describes targets of more than 50 services in batches", async () => {
    const refs = Array.from({ length: 55 }, (_, i) => ({ cluster: "prod", service: `svc-${i}` }));
    for (const r of refs) {
      sim.addService({ cluster: "prod", name: r.service, taskDefinition: "web:1", desiredCount: 1 });
      if (Number(r.service.slice(4)) % 2 === 0)
        await client.send(new RegisterScalableTargetCommand({ ...target(r), MinCapacity: 1, MaxCapacity: 3 }));
    }
    const found = await adapter.describe(refs);
    expect(found.size).toBe(28);
    expect(calls.filter((c) => c.operation === "DescribeScalableTargets")).toHaveLength(2);
  });

  it("lists scaling policies, and target tracking moves the desired count within min/max", async () => {
    await client.send(new RegisterScalableTargetCommand({ ...target(), MinCapacity: 2, MaxCapacity: 6 }));
    await client.send(
      new PutScalingPolicyCommand({
        ...target(),
        PolicyName: "cpu60",
        PolicyType: "TargetTrackingScaling",
        TargetTrackingScalingPolicyConfiguration: {
          TargetValue: 60,
          PredefinedMetricSpecification: { PredefinedMetricType: "ECSServiceAverageCPUUtilization" },
        },
      }),
    );
    const out = await client.send(
      new DescribeScalingPoliciesCommand({ ServiceNamespace: "ecs", ResourceId: target().ResourceId }),
    );
    expect(missingPaths(out, ADAPTER_READS.describeScalingPolicies)).toEqual([]);
    expect(droppedFields(rawReply("DescribeScalingPolicies"), out)).toEqual([]);
    expect(await adapter.scalingPolicies(WEB)).toEqual([
      {
        name: "cpu60",
        type: "TargetTrackingScaling",
        targetValue: 60,
        metric: "ECSServiceAverageCPUUtilization",
        disableScaleIn: false,
      },
    ]);

    aas.setDemand("prod", "web", 3); // 3 tasks' worth of work: 75 % on 4 tasks
    aas.evaluateTargetTracking();
    expect(await desired()).toBe(5); // ceil(3 / 0.6)
    aas.setDemand("prod", "web", 10);
    aas.evaluateTargetTracking();
    expect(await desired()).toBe(6); // capped at max
    aas.setDemand("prod", "web", 0.5);
    await adapter.setRange(WEB, {
      minCapacity: 2,
      maxCapacity: 6,
      suspendedState: {
        dynamicScalingInSuspended: true,
        dynamicScalingOutSuspended: false,
        scheduledScalingSuspended: false,
      },
    });
    aas.evaluateTargetTracking();
    expect(await desired()).toBe(6); // scale-in suspended
  });
});

describe("scheduled scaling with target tracking, through the SDK", () => {
  it("moves min/max for the night, leaves the desired count to the scaler, and restores the exact range in the morning", async () => {
    await client.send(new RegisterScalableTargetCommand({ ...target(), MinCapacity: 2, MaxCapacity: 10 }));
    await client.send(
      new PutScalingPolicyCommand({
        ...target(),
        PolicyName: "cpu50",
        PolicyType: "TargetTrackingScaling",
        TargetTrackingScalingPolicyConfiguration: { TargetValue: 50 },
      }),
    );
    aas.setDemand("prod", "web", 2); // 50 % on 4 tasks: steady
    const windows = windowsOf(
      parseScheduledScalingSettings({
        windows: [
          {
            name: "nights",
            timezone: "Europe/Berlin",
            days: ["mon-fri"],
            from: "20:00",
            to: "07:00",
            minCapacity: 1,
            maxCapacity: 2,
          },
        ],
      }),
    );
    let state: ScheduleState = IDLE;
    const tickAt = async (iso: string) => {
      const now = new Date(iso);
      const view = {
        desiredCount: (await desired())!,
        scalableTarget: (await adapter.describe([WEB])).get("prod/web"),
      };
      const { decisions } = converge({
        ref: WEB,
        mode: "enforce",
        now,
        target: targetAt(windows, now),
        view,
        deployment: "none",
        state,
      });
      for (const d of decisions) {
        const a = d.action as ScheduledScale | undefined;
        if (a) {
          expect(a.desiredCount).toBeUndefined();
          await adapter.setRange(WEB, {
            minCapacity: a.minCapacity!,
            maxCapacity: a.maxCapacity!,
            ...(a.suspendedState ? { suspendedState: a.suspendedState } : {}),
          });
        }
        state = d.state!.value as ScheduleState;
      }
      return decisions;
    };

    expect(await tickAt("2026-06-01T18:00:00Z")).toHaveLength(1);
    expect(await desired()).toBe(2); // clamped by Application Auto Scaling, not set by us
    aas.setDemand("prod", "web", 0.4);
    aas.evaluateTargetTracking();
    expect(await desired()).toBe(1); // the scaler keeps working inside the night's range
    expect(await tickAt("2026-06-01T18:05:00Z")).toEqual([]); // not drift
    await tickAt("2026-06-02T05:00:00Z");
    expect((await adapter.describe([WEB])).get("prod/web")).toMatchObject({ minCapacity: 2, maxCapacity: 10 });
    expect(await desired()).toBe(2);
    expect(calls.filter((c) => c.operation === "UpdateService")).toEqual([]); // the desired count was never ours to set
  });
});

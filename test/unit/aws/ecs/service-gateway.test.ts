import { beforeEach, describe, expect, it } from "vitest";
import { mockClient } from "aws-sdk-client-mock";
import {
  DescribeServicesCommand,
  ECSClient,
  ServiceNotActiveException,
  UpdateServiceCommand,
  type Service,
} from "@aws-sdk/client-ecs";
import { EcsServiceGateway } from "@ecs-guardrails/aws/ecs/service-gateway";
import { AwsAdapterError } from "@ecs-guardrails/aws/errors";
import type { ServiceChange } from "@ecs-guardrails/core/engine/ports";

// ECS as the policy engine sees it: DescribeServices (tags included) into a ServiceDescription,
// UpdateService with only the fields a change names.

const client = new ECSClient({ region: "us-east-1", credentials: { accessKeyId: "test", secretAccessKey: "test" } });
const ecs = mockClient(client);
const gateway = new EcsServiceGateway(client);
const web = { cluster: "prod", service: "web" };
const td = (rev: number) => `arn:aws:ecs:us-east-1:111122223333:task-definition/web:${rev}`;

const service = (patch: Partial<Service> = {}): Service => ({
  serviceName: "web",
  serviceArn: "arn:aws:ecs:us-east-1:111122223333:service/prod/web",
  status: "ACTIVE",
  desiredCount: 4,
  runningCount: 3,
  pendingCount: 1,
  taskDefinition: td(42),
  capacityProviderStrategy: [
    { capacityProvider: "FARGATE_SPOT", base: 0, weight: 3 },
    { capacityProvider: "FARGATE", base: 1 },
  ],
  deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: false } },
  deployments: [
    {
      id: "ecs-svc/2",
      status: "PRIMARY",
      taskDefinition: td(42),
      rolloutState: "IN_PROGRESS",
      createdAt: new Date("2026-11-20T10:01:40Z"),
      desiredCount: 4,
      runningCount: 1,
      failedTasks: 2,
    },
    {
      id: "ecs-svc/1",
      status: "ACTIVE",
      taskDefinition: td(41),
      rolloutState: "COMPLETED",
      createdAt: new Date("2026-11-20T09:00:00Z"),
      desiredCount: 4,
      runningCount: 2,
    },
  ],
  tags: [{ key: "guardrails:auto-rollback", value: "enforce" }, { key: "team", value: "payments" }, { key: "empty" }],
  ...patch,
});

beforeEach(() => {
  ecs.reset();
});

describe("EcsServiceGateway.describeService", () => {
  it("asks DescribeServices for the service with its tags", async () => {
    ecs.on(DescribeServicesCommand).resolves({ services: [service()] });

    await gateway.describeService(web);

    expect(ecs.commandCalls(DescribeServicesCommand).map((c) => c.args[0].input)).toEqual([
      { cluster: "prod", services: ["web"], include: ["TAGS"] },
    ]);
  });

  it("maps the service into a ServiceDescription", async () => {
    ecs.on(DescribeServicesCommand).resolves({ services: [service()] });

    const description = await gateway.describeService(web);

    expect(description).toEqual({
      cluster: "prod",
      service: "web",
      serviceArn: "arn:aws:ecs:us-east-1:111122223333:service/prod/web",
      status: "ACTIVE",
      desiredCount: 4,
      runningCount: 3,
      pendingCount: 1,
      taskDefinition: td(42),
      launchType: undefined,
      capacityProviderStrategy: [
        { capacityProvider: "FARGATE_SPOT", base: 0, weight: 3 },
        { capacityProvider: "FARGATE", base: 1, weight: 0 },
      ],
      circuitBreaker: { enable: true, rollback: false },
      deploymentController: "ECS",
      deploymentStrategy: "ROLLING",
      deploymentAlarms: undefined,
      deployments: [
        {
          id: "ecs-svc/2",
          status: "PRIMARY",
          taskDefinition: td(42),
          rolloutState: "IN_PROGRESS",
          createdAt: "2026-11-20T10:01:40.000Z",
          desiredCount: 4,
          runningCount: 1,
          failedTasks: 2,
        },
        {
          id: "ecs-svc/1",
          status: "ACTIVE",
          taskDefinition: td(41),
          rolloutState: "COMPLETED",
          createdAt: "2026-11-20T09:00:00.000Z",
          desiredCount: 4,
          runningCount: 2,
          failedTasks: 0,
        },
      ],
      tags: { "guardrails:auto-rollback": "enforce", team: "payments", empty: "" },
    });
  });

  it("carries the circuit breaker's threshold configuration and reset setting as ECS describes them", async () => {
    const deploymentCircuitBreaker = {
      enable: true,
      rollback: true,
      thresholdConfiguration: { type: "COUNT" as const, value: 2 },
      resetOnHealthyTask: false,
    };
    ecs
      .on(DescribeServicesCommand)
      .resolves({ services: [service({ deploymentConfiguration: { deploymentCircuitBreaker } })] });

    const description = await gateway.describeService(web);

    expect(description?.circuitBreaker).toEqual(deploymentCircuitBreaker);
  });

  it("leaves the threshold and reset settings out when ECS applies its defaults", async () => {
    ecs.on(DescribeServicesCommand).resolves({ services: [service()] });

    const description = await gateway.describeService(web);

    expect(description?.circuitBreaker).toEqual({ enable: true, rollback: false });
  });

  it("leaves the circuit breaker undefined when the service has none", async () => {
    ecs
      .on(DescribeServicesCommand)
      .resolves({ services: [service({ deploymentConfiguration: {}, tags: undefined, launchType: "FARGATE" })] });

    const description = await gateway.describeService(web);

    expect(description).toMatchObject({
      circuitBreaker: undefined,
      deploymentAlarms: undefined,
      tags: {},
      launchType: "FARGATE",
    });
  });

  it.each<[string, Partial<Service>, object]>([
    [
      "CodeDeploy",
      { deploymentController: { type: "CODE_DEPLOY" } },
      { deploymentController: "CODE_DEPLOY", deploymentStrategy: "ROLLING" },
    ],
    ["an external controller", { deploymentController: { type: "EXTERNAL" } }, { deploymentController: "EXTERNAL" }],
    [
      "ECS's blue/green strategy",
      { deploymentController: { type: "ECS" }, deploymentConfiguration: { strategy: "BLUE_GREEN" } },
      { deploymentController: "ECS", deploymentStrategy: "BLUE_GREEN" },
    ],
    [
      "ECS's canary strategy",
      { deploymentConfiguration: { strategy: "CANARY" } },
      { deploymentController: "ECS", deploymentStrategy: "CANARY" },
    ],
    [
      "ECS's linear strategy",
      { deploymentConfiguration: { strategy: "LINEAR" } },
      { deploymentController: "ECS", deploymentStrategy: "LINEAR" },
    ],
  ])("reads the deployment controller and strategy of a service deployed by %s", async (_, patch, expected) => {
    ecs.on(DescribeServicesCommand).resolves({ services: [service(patch)] });

    expect(await gateway.describeService(web)).toMatchObject(expected);
  });

  it("reads a CODE_DEPLOY service's task sets as its deployments, without a rollout state", async () => {
    const at = new Date("2026-11-20T10:00:00Z");
    ecs.on(DescribeServicesCommand).resolves({
      services: [
        service({
          deploymentController: { type: "CODE_DEPLOY" },
          deployments: [],
          taskSets: [
            {
              id: "ecs-svc/9",
              status: "PRIMARY",
              taskDefinition: td(43),
              computedDesiredCount: 4,
              runningCount: 2,
              createdAt: at,
              updatedAt: at,
            },
          ],
        }),
      ],
    });

    const described = await gateway.describeService(web);

    expect(described?.deployments).toEqual([
      {
        id: "ecs-svc/9",
        status: "PRIMARY",
        taskDefinition: td(43),
        rolloutState: undefined,
        createdAt: at.toISOString(),
        updatedAt: at.toISOString(),
        desiredCount: 4,
        runningCount: 2,
        failedTasks: 0,
      },
    ]);
  });

  it("reads ECS's deployment alarms and whether they roll back", async () => {
    const deploymentConfiguration = {
      alarms: { alarmNames: ["web-5xx", "web-latency"], enable: true, rollback: true },
    };
    ecs.on(DescribeServicesCommand).resolves({ services: [service({ deploymentConfiguration })] });

    expect(await gateway.describeService(web)).toMatchObject({
      deploymentAlarms: { alarmNames: ["web-5xx", "web-latency"], enable: true, rollback: true },
      circuitBreaker: undefined,
    });
  });

  it.each([
    ["ECS", "an Express Mode service"],
    ["CUSTOMER", "a service of the customer's own"],
  ] as const)("reads resourceManagementType %s (%s) as who manages the service", async (type, _what) => {
    ecs.on(DescribeServicesCommand).resolves({ services: [service({ resourceManagementType: type })] });

    expect(await gateway.describeService(web)).toMatchObject({ managedBy: type });
  });

  it.each([
    ["INACTIVE", { services: [service({ status: "INACTIVE" })] }],
    [
      "missing",
      { services: [], failures: [{ arn: "arn:aws:ecs:us-east-1:111122223333:service/prod/web", reason: "MISSING" }] },
    ],
  ])("returns undefined for a service that is %s", async (_, answer) => {
    ecs.on(DescribeServicesCommand).resolves(answer);

    expect(await gateway.describeService(web)).toBeUndefined();
  });

  it("wraps an SDK error in an AwsAdapterError naming the operation", async () => {
    ecs.on(DescribeServicesCommand).rejects(new Error("Rate exceeded"));

    const error = await gateway.describeService(web).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(AwsAdapterError);
    expect((error as Error).message).toBe("ECS DescribeServices failed for prod/web: Rate exceeded");
    expect((error as AwsAdapterError).context).toEqual({
      cluster: "prod",
      service: "web",
      operation: "DescribeServices",
    });
  });
});

describe("EcsServiceGateway.updateService", () => {
  const answersWithNewPrimary = () =>
    ecs.on(UpdateServiceCommand).resolves({
      service: service({
        deployments: [
          { id: "ecs-svc/1", status: "ACTIVE", taskDefinition: td(42) },
          { id: "ecs-svc/3", status: "PRIMARY", taskDefinition: td(41) },
        ],
      }),
    });

  it("returns the id of the new PRIMARY deployment", async () => {
    answersWithNewPrimary();

    expect(await gateway.updateService(web, { taskDefinition: td(41), forceNewDeployment: true })).toEqual({
      deploymentId: "ecs-svc/3",
    });
  });

  const FARGATE = [{ capacityProvider: "FARGATE", base: 0, weight: 1 }];
  const REVISION = {
    capacityProviderStrategy: [{ capacityProvider: "FARGATE_SPOT", base: 0, weight: 3 }],
    networkConfiguration: { awsvpcConfiguration: { subnets: ["subnet-a"], securityGroups: ["sg-web"] } },
    loadBalancers: [{ targetGroupArn: "arn:aws:elasticloadbalancing:tg/web", containerName: "web", containerPort: 80 }],
    serviceRegistries: [{ registryArn: "arn:aws:servicediscovery:srv-web" }],
    serviceConnectConfiguration: { enabled: true, namespace: "prod" },
    volumeConfigurations: [{ name: "data", managedEBSVolume: { roleArn: "arn:aws:iam::1:role/ebs", sizeInGiB: 20 } }],
  };

  it.each<[string, ServiceChange, object]>([
    [
      "a rollback",
      { taskDefinition: td(41), forceNewDeployment: true },
      { taskDefinition: td(41), forceNewDeployment: true },
    ],
    [
      "a capacity change",
      { capacityProviderStrategy: FARGATE, forceNewDeployment: true },
      { capacityProviderStrategy: FARGATE, forceNewDeployment: true },
    ],
    [
      "a rollback to a known-good revision's whole configuration",
      { taskDefinition: td(41), ...REVISION, forceNewDeployment: true },
      { taskDefinition: td(41), ...REVISION, forceNewDeployment: true },
    ],
    ["a scale to zero", { desiredCount: 0 }, { desiredCount: 0 }],
    ["a scale with forceNewDeployment false", { desiredCount: 2, forceNewDeployment: false }, { desiredCount: 2 }],
  ])("sends only the fields of %s", async (_, change, fields) => {
    answersWithNewPrimary();

    await gateway.updateService(web, change);

    expect(ecs.commandCalls(UpdateServiceCommand).map((c) => c.args[0].input)).toEqual([
      { cluster: "prod", service: "web", ...fields },
    ]);
  });

  it("returns no deployment id when ECS lists no PRIMARY deployment", async () => {
    ecs.on(UpdateServiceCommand).resolves({ service: service({ deployments: [] }) });

    expect(await gateway.updateService(web, { desiredCount: 1 })).toEqual({ deploymentId: undefined });
  });

  it("wraps an SDK error in an AwsAdapterError that keeps the cause", async () => {
    const inactive = new ServiceNotActiveException({ message: "Service was not ACTIVE.", $metadata: {} });
    ecs.on(UpdateServiceCommand).rejects(inactive);

    const error = await gateway.updateService(web, { desiredCount: 1 }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(AwsAdapterError);
    expect((error as Error).message).toBe("ECS UpdateService failed for prod/web: Service was not ACTIVE.");
    expect((error as Error).cause).toBe(inactive);
  });
});

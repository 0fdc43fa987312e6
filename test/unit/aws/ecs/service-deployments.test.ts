import {
  ConflictException,
  ContinueServiceDeploymentCommand,
  DescribeServiceDeploymentsCommand,
  DescribeServiceRevisionsCommand,
  ECSClient,
  ListServiceDeploymentsCommand,
  ServerException,
  ServiceDeploymentNotFoundException,
  StopServiceDeploymentCommand,
} from "@aws-sdk/client-ecs";
import { EcsServiceDeployments } from "@ecs-guardrails/aws/ecs/service-deployments";
import { AwsAdapterError } from "@ecs-guardrails/aws/errors";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";

// ECS's service deployments and revisions behind the core's ServiceDeploymentGateway: every
// page of the list, describes in batches of ECS's limit of 20, and a stop ECS refuses because
// the deployment is no longer in progress answered as an outcome.

const client = new ECSClient({ region: "us-east-1", credentials: { accessKeyId: "test", secretAccessKey: "test" } });
const ecs = mockClient(client);
const gateway = new EcsServiceDeployments(client);
const web = { cluster: "prod", service: "web" };
const PREFIX = "arn:aws:ecs:us-east-1:111122223333";
const sdArn = (id: string) => `${PREFIX}:service-deployment/prod/web/${id}`;
const revArn = (id: string) => `${PREFIX}:service-revision/prod/web/${id}`;

beforeEach(() => {
  ecs.reset();
});

describe("listServiceDeployments", () => {
  it("follows nextToken over every page and passes the filter with Dates", async () => {
    ecs
      .on(ListServiceDeploymentsCommand)
      .resolvesOnce({
        serviceDeployments: [
          {
            serviceDeploymentArn: sdArn("b"),
            serviceArn: `${PREFIX}:service/prod/web`,
            clusterArn: `${PREFIX}:cluster/prod`,
            status: "IN_PROGRESS",
            createdAt: new Date("2026-03-02T10:00:00Z"),
            startedAt: new Date("2026-03-02T10:00:01Z"),
            targetServiceRevisionArn: revArn("2"),
          },
        ],
        nextToken: "page-2",
      })
      .resolvesOnce({ serviceDeployments: [{ serviceDeploymentArn: sdArn("a"), status: "SUCCESSFUL" }] });

    const listed = await gateway.listServiceDeployments(web, {
      status: ["IN_PROGRESS", "SUCCESSFUL"],
      createdAfter: "2026-03-01T00:00:00Z",
    });

    expect(listed.map((d) => [d.arn, d.status])).toEqual([
      [sdArn("b"), "IN_PROGRESS"],
      [sdArn("a"), "SUCCESSFUL"],
    ]);
    expect(listed[0]).toMatchObject({
      createdAt: "2026-03-02T10:00:00.000Z",
      startedAt: "2026-03-02T10:00:01.000Z",
      finishedAt: undefined,
      targetRevisionArn: revArn("2"),
    });
    const calls = ecs.commandCalls(ListServiceDeploymentsCommand).map((c) => c.args[0].input);
    expect(calls).toEqual([
      {
        cluster: "prod",
        service: "web",
        status: ["IN_PROGRESS", "SUCCESSFUL"],
        createdAt: { after: new Date("2026-03-01T00:00:00Z") },
        maxResults: 100,
      },
      expect.objectContaining({ nextToken: "page-2" }),
    ]);
  });
});

describe("describeServiceDeployments and describeServiceRevisions", () => {
  it("ask ECS 20 ARNs at a time and gather what it found and what it missed", async () => {
    const arns = Array.from({ length: 45 }, (_, i) => sdArn(`d${i}`));
    ecs.on(DescribeServiceDeploymentsCommand).callsFake(async (input: { serviceDeploymentArns: string[] }) => ({
      serviceDeployments: input.serviceDeploymentArns
        .filter((a) => a !== sdArn("d44"))
        .map((a) => ({
          serviceDeploymentArn: a,
          status: "ROLLBACK_SUCCESSFUL",
          sourceServiceRevisions: [
            { arn: revArn("1"), requestedTaskCount: 0, runningTaskCount: 0, pendingTaskCount: 0 },
          ],
          targetServiceRevision: { arn: revArn("2"), requestedTaskCount: 2, runningTaskCount: 0 },
          deploymentCircuitBreaker: { status: "TRIGGERED", failureCount: 3, threshold: 3 },
          rollback: {
            reason: "circuit breaker",
            startedAt: new Date("2026-03-02T10:05:00Z"),
            serviceRevisionArn: revArn("1"),
          },
          lifecycleHookDetails: [{ hookId: "h1", targetType: "PAUSE", status: "SUCCEEDED", timeoutAction: "ROLLBACK" }],
        })),
      failures: input.serviceDeploymentArns.includes(sdArn("d44")) ? [{ arn: sdArn("d44"), reason: "MISSING" }] : [],
    }));

    const out = await gateway.describeServiceDeployments(arns);

    expect(
      ecs.commandCalls(DescribeServiceDeploymentsCommand).map((c) => c.args[0].input.serviceDeploymentArns!.length),
    ).toEqual([20, 20, 5]);
    expect(out.found).toHaveLength(44);
    expect(out.missing).toEqual([{ arn: sdArn("d44"), reason: "MISSING" }]);
    expect(out.found[0]).toMatchObject({
      status: "ROLLBACK_SUCCESSFUL",
      sourceRevisions: [{ arn: revArn("1"), requestedTaskCount: 0 }],
      targetRevision: { arn: revArn("2"), requestedTaskCount: 2, pendingTaskCount: 0 },
      circuitBreaker: { status: "TRIGGERED", failureCount: 3, threshold: 3 },
      rollback: { reason: "circuit breaker", startedAt: "2026-03-02T10:05:00.000Z", revisionArn: revArn("1") },
      lifecycleHooks: [{ hookId: "h1", targetType: "PAUSE", status: "SUCCEEDED", timeoutAction: "ROLLBACK" }],
    });
  });

  it("maps a revision's task definition, strategy, network and load balancers", async () => {
    ecs.on(DescribeServiceRevisionsCommand).resolves({
      serviceRevisions: [
        {
          serviceRevisionArn: revArn("1"),
          taskDefinition: `${PREFIX}:task-definition/web:1`,
          capacityProviderStrategy: [{ capacityProvider: "FARGATE_SPOT", weight: 3 }],
          networkConfiguration: { awsvpcConfiguration: { subnets: ["subnet-a"], assignPublicIp: "DISABLED" } },
          loadBalancers: [{ targetGroupArn: "tg", containerName: "app", containerPort: 8080 }],
          serviceRegistries: [{ registryArn: "reg" }],
          createdAt: new Date("2026-03-02T09:00:00Z"),
        },
      ],
      failures: [],
    });

    const out = await gateway.describeServiceRevisions([revArn("1")]);

    expect(out.found[0]).toMatchObject({
      taskDefinition: `${PREFIX}:task-definition/web:1`,
      capacityProviderStrategy: [{ capacityProvider: "FARGATE_SPOT", base: 0, weight: 3 }],
      network: { subnets: ["subnet-a"], securityGroups: [], assignPublicIp: "DISABLED" },
      loadBalancers: [{ targetGroupArn: "tg", containerName: "app", containerPort: 8080 }],
      serviceRegistryArns: ["reg"],
      serviceConnectEnabled: false,
      createdAt: "2026-03-02T09:00:00.000Z",
    });
  });

  it("make no call for no ARNs", async () => {
    expect(await gateway.describeServiceRevisions([])).toEqual({ found: [], missing: [] });
    expect(ecs.calls()).toHaveLength(0);
  });
});

describe("stopServiceDeployment and continueServiceDeployment", () => {
  it("answer ECS's refusal of a deployment not in progress, and an unknown one, as outcomes", async () => {
    ecs
      .on(StopServiceDeploymentCommand)
      .rejectsOnce(new ConflictException({ message: "not in progress", $metadata: {} }))
      .rejectsOnce(new ServiceDeploymentNotFoundException({ message: "gone", $metadata: {} }))
      .resolvesOnce({ serviceDeploymentArn: sdArn("a") });

    expect(await gateway.stopServiceDeployment(sdArn("a"), "ROLLBACK")).toEqual({
      outcome: "not-in-progress",
      message: "not in progress",
    });
    expect(await gateway.stopServiceDeployment(sdArn("a"), "ROLLBACK")).toEqual({ outcome: "not-found" });
    expect(await gateway.stopServiceDeployment(sdArn("a"), "ABORT")).toEqual({ outcome: "stopped" });
    expect(ecs.commandCalls(StopServiceDeploymentCommand).at(-1)!.args[0].input).toEqual({
      serviceDeploymentArn: sdArn("a"),
      stopType: "ABORT",
    });
  });

  it("continue a paused hook, and raise an adapter error for anything else ECS says", async () => {
    ecs
      .on(ContinueServiceDeploymentCommand)
      .resolvesOnce({ serviceDeploymentArn: sdArn("a") })
      .rejectsOnce(new ServerException({ message: "boom", $metadata: {} }));

    expect(await gateway.continueServiceDeployment(sdArn("a"), "h1", "CONTINUE")).toEqual({ outcome: "continued" });
    expect(ecs.commandCalls(ContinueServiceDeploymentCommand)[0]!.args[0].input).toEqual({
      serviceDeploymentArn: sdArn("a"),
      hookId: "h1",
      action: "CONTINUE",
    });
    await expect(gateway.continueServiceDeployment(sdArn("a"), "h1", "ROLLBACK")).rejects.toBeInstanceOf(
      AwsAdapterError,
    );
  });
});

describe("the fake ECS of the unit tests", () => {
  it("answers the service deployment calls the adapter makes, refusing a stop of a finished deployment", async () => {
    const { fakeEcs } = await import("../../../support/fake-ecs.ts");
    const fake = fakeEcs({
      cluster: "prod",
      service: "web",
      desiredCount: 1,
      deployments: [
        {
          id: "ecs-svc/1",
          status: "PRIMARY",
          taskDefinition: "web:1",
          rolloutState: "COMPLETED",
          createdAt: new Date(),
        },
      ],
      serviceDeployments: [
        { serviceDeploymentArn: sdArn("new"), status: "IN_PROGRESS", targetServiceRevision: { arn: revArn("2") } },
        { serviceDeploymentArn: sdArn("old"), status: "SUCCESSFUL", targetServiceRevision: { arn: revArn("1") } },
      ],
      serviceRevisions: [{ serviceRevisionArn: revArn("1"), taskDefinition: "web:1" }],
    });
    const adapter = new EcsServiceDeployments(fake.client);

    expect(
      (await adapter.listServiceDeployments(web, { status: ["IN_PROGRESS"] })).map((d) => d.targetRevisionArn),
    ).toEqual([revArn("2")]);
    expect((await adapter.describeServiceRevisions([revArn("1"), revArn("9")])).missing).toEqual([
      { arn: revArn("9"), reason: "MISSING" },
    ]);
    expect(await adapter.stopServiceDeployment(sdArn("old"), "ROLLBACK")).toMatchObject({ outcome: "not-in-progress" });
    expect(await adapter.stopServiceDeployment(sdArn("new"), "ROLLBACK")).toEqual({ outcome: "stopped" });
    expect((await adapter.describeServiceDeployments([sdArn("new")])).found[0]!.status).toBe("ROLLBACK_REQUESTED");
    expect(fake.stops).toHaveLength(2);
  });
});

import { beforeEach, describe, expect, it } from "vitest";
import { mockClient } from "aws-sdk-client-mock";
import { AccessDeniedException, DescribeServicesCommand, ECSClient, type Deployment } from "@aws-sdk/client-ecs";
import { EcsDeploymentResolver } from "@ecs-guardrails/aws/ecs/deployment-resolver";
import { AwsAdapterError } from "@ecs-guardrails/aws/errors";

// Deployment events do not carry the task definition; the resolver asks DescribeServices once
// and remembers every deployment the service lists.

const client = new ECSClient({ region: "us-east-1", credentials: { accessKeyId: "test", secretAccessKey: "test" } });
const ecs = mockClient(client);
const web = { cluster: "prod", service: "web" };
const td = (rev: number) => `arn:aws:ecs:us-east-1:111122223333:task-definition/web:${rev}`;

const lists = (...deployments: Deployment[]) =>
  ecs.on(DescribeServicesCommand).resolves({ services: [{ serviceName: "web", deployments }], failures: [] });

beforeEach(() => {
  ecs.reset();
});

describe("EcsDeploymentResolver", () => {
  it("answers every deployment the service lists with one DescribeServices call", async () => {
    lists(
      { id: "ecs-svc/2", taskDefinition: td(42), status: "PRIMARY" },
      { id: "ecs-svc/1", taskDefinition: td(41), status: "ACTIVE" },
    );
    const resolver = new EcsDeploymentResolver(client);

    const answers = [
      await resolver.taskDefinitionOf(web, "ecs-svc/2"),
      await resolver.taskDefinitionOf(web, "ecs-svc/1"),
      await resolver.taskDefinitionOf(web, "ecs-svc/2"),
    ];

    expect(answers).toEqual([td(42), td(41), td(42)]);
    expect(ecs.commandCalls(DescribeServicesCommand)).toHaveLength(1);
    expect(ecs.commandCalls(DescribeServicesCommand)[0]?.args[0].input).toEqual({ cluster: "prod", services: ["web"] });
  });

  it("keeps answering from its cache after ECS stops listing a deployment", async () => {
    lists({ id: "ecs-svc/1", taskDefinition: td(41), status: "PRIMARY" });
    const resolver = new EcsDeploymentResolver(client);
    await resolver.taskDefinitionOf(web, "ecs-svc/1");
    lists({ id: "ecs-svc/2", taskDefinition: td(42), status: "PRIMARY" });

    expect(await resolver.taskDefinitionOf(web, "ecs-svc/1")).toBe(td(41));
    expect(await resolver.taskDefinitionOf(web, "ecs-svc/2")).toBe(td(42));
    expect(ecs.commandCalls(DescribeServicesCommand)).toHaveLength(2);
  });

  it("keys its cache on the service as well as the deployment id", async () => {
    const api = { cluster: "prod", service: "api" };
    ecs
      .on(DescribeServicesCommand, { services: ["web"] })
      .resolves({ services: [{ serviceName: "web", deployments: [{ id: "ecs-svc/7", taskDefinition: td(42) }] }] });
    ecs.on(DescribeServicesCommand, { services: ["api"] }).resolves({
      services: [
        {
          serviceName: "api",
          deployments: [
            { id: "ecs-svc/7", taskDefinition: "arn:aws:ecs:us-east-1:111122223333:task-definition/api:3" },
          ],
        },
      ],
    });
    const resolver = new EcsDeploymentResolver(client);

    expect(await resolver.taskDefinitionOf(web, "ecs-svc/7")).toBe(td(42));
    expect(await resolver.taskDefinitionOf(api, "ecs-svc/7")).toBe(
      "arn:aws:ecs:us-east-1:111122223333:task-definition/api:3",
    );
    expect(await resolver.taskDefinitionOf({ cluster: "staging", service: "web" }, "ecs-svc/7")).toBe(td(42));
    expect(ecs.commandCalls(DescribeServicesCommand)).toHaveLength(3);
  });

  it("returns undefined for a deployment ECS does not list", async () => {
    lists({ id: "ecs-svc/2", taskDefinition: td(42), status: "PRIMARY" });

    expect(await new EcsDeploymentResolver(client).taskDefinitionOf(web, "ecs-svc/0")).toBeUndefined();
  });

  it("returns undefined when the service does not exist", async () => {
    ecs.on(DescribeServicesCommand).resolves({
      services: [],
      failures: [{ arn: "arn:aws:ecs:us-east-1:111122223333:service/prod/web", reason: "MISSING" }],
    });

    expect(await new EcsDeploymentResolver(client).taskDefinitionOf(web, "ecs-svc/2")).toBeUndefined();
  });

  it("evicts the oldest entry once it holds maxEntries", async () => {
    lists(
      { id: "ecs-svc/1", taskDefinition: td(41) },
      { id: "ecs-svc/2", taskDefinition: td(42) },
      { id: "ecs-svc/3", taskDefinition: td(43) },
    );
    const resolver = new EcsDeploymentResolver(client, 2);
    await resolver.taskDefinitionOf(web, "ecs-svc/3");

    await resolver.taskDefinitionOf(web, "ecs-svc/3");
    await resolver.taskDefinitionOf(web, "ecs-svc/2");
    expect(ecs.commandCalls(DescribeServicesCommand)).toHaveLength(1);
    await resolver.taskDefinitionOf(web, "ecs-svc/1");
    expect(ecs.commandCalls(DescribeServicesCommand)).toHaveLength(2);
  });

  it("wraps an SDK error in an AwsAdapterError that names the service and keeps the cause", async () => {
    const denied = new AccessDeniedException({
      message: "not authorized to perform ecs:DescribeServices",
      $metadata: {},
    });
    ecs.on(DescribeServicesCommand).rejects(denied);

    const error = await new EcsDeploymentResolver(client).taskDefinitionOf(web, "ecs-svc/2").catch((e: unknown) => e);

    expect(error).toBeInstanceOf(AwsAdapterError);
    expect((error as AwsAdapterError).message).toContain("prod/web");
    expect((error as AwsAdapterError).cause).toBe(denied);
    expect((error as AwsAdapterError).context).toMatchObject({
      cluster: "prod",
      service: "web",
      deploymentId: "ecs-svc/2",
    });
  });
});

import {
  ClusterNotFoundException,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  DescribeTasksCommand,
  ECSServiceException,
  ListServicesCommand,
  ListTagsForResourceCommand,
  ListTasksCommand,
  RunTaskCommand,
  ServiceNotFoundException,
  UpdateServiceCommand,
} from "@aws-sdk/client-ecs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startWorld, webService } from "./world.ts";
import type { World } from "./world.ts";

// The ECS read operations and the errors, as the SDK surfaces them.

let world: World;

beforeEach(async () => {
  world = await startWorld();
  webService(world, { desiredCount: 2 });
});
afterEach(async () => {
  await world.close();
});

describe("ECS read operations", () => {
  it("describes a task definition revision with its cpu and memory", async () => {
    const out = await world.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: "web:2" }));

    expect(out.taskDefinition).toMatchObject({
      family: "web",
      revision: 2,
      cpu: "256",
      memory: "512",
      status: "ACTIVE",
    });
    expect(out.taskDefinition!.registeredAt).toBeInstanceOf(Date);
  });

  it("lists services page by page", async () => {
    world.sim.addService({ cluster: "prod", name: "api", taskDefinition: "web:1", desiredCount: 1 });

    const first = await world.ecs.send(new ListServicesCommand({ cluster: "prod", maxResults: 1 }));
    const second = await world.ecs.send(
      new ListServicesCommand({ cluster: "prod", maxResults: 1, nextToken: first.nextToken }),
    );

    expect([...first.serviceArns!, ...second.serviceArns!]).toEqual([
      "arn:aws:ecs:us-east-1:111122223333:service/prod/web",
      "arn:aws:ecs:us-east-1:111122223333:service/prod/api",
    ]);
    expect(second.nextToken).toBeUndefined();
  });

  it("lists the tags of a service", async () => {
    const out = await world.ecs.send(
      new ListTagsForResourceCommand({ resourceArn: "arn:aws:ecs:us-east-1:111122223333:service/prod/web" }),
    );

    expect(out.tags).toEqual([
      { key: "team", value: "payments" },
      { key: "guardrails:auto-rollback", value: "on" },
    ]);
  });

  it("lists running tasks by service and describes them with the deployment that started them", async () => {
    const { taskArns } = await world.ecs.send(new ListTasksCommand({ cluster: "prod", serviceName: "web" }));
    const { tasks, failures } = await world.ecs.send(
      new DescribeTasksCommand({ cluster: "prod", tasks: [...taskArns!, "0123456789abcdef0123456789abcdef"] }),
    );

    expect(tasks).toHaveLength(2);
    const deploymentId = world.sim.primaryDeploymentId("prod", "web");
    for (const task of tasks!)
      expect(task).toMatchObject({
        lastStatus: "RUNNING",
        group: "service:web",
        startedBy: deploymentId,
        capacityProviderName: "FARGATE",
      });
    expect(failures).toEqual([
      { arn: "arn:aws:ecs:us-east-1:111122223333:task/prod/0123456789abcdef0123456789abcdef", reason: "MISSING" },
    ]);
  });

  it("reports services it does not know as failures, not errors", async () => {
    const out = await world.ecs.send(new DescribeServicesCommand({ cluster: "prod", services: ["web", "ghost"] }));

    expect(out.services!.map((s) => s.serviceName)).toEqual(["web"]);
    expect(out.failures).toEqual([{ arn: "arn:aws:ecs:us-east-1:111122223333:service/prod/ghost", reason: "MISSING" }]);
  });
});

describe("ECS errors", () => {
  it("raises ServiceNotFoundException when updating a service that does not exist", async () => {
    const call = world.ecs.send(new UpdateServiceCommand({ cluster: "prod", service: "ghost", desiredCount: 1 }));

    await expect(call).rejects.toBeInstanceOf(ServiceNotFoundException);
    await expect(call).rejects.toMatchObject({
      name: "ServiceNotFoundException",
      message: "Service not found.",
      $metadata: { httpStatusCode: 400 },
    });
  });

  it("raises ClusterNotFoundException for a cluster that does not exist", async () => {
    const call = world.ecs.send(new DescribeServicesCommand({ cluster: "staging", services: ["web"] }));

    await expect(call).rejects.toBeInstanceOf(ClusterNotFoundException);
  });

  it("raises InvalidParameterException for a capacity provider change without forceNewDeployment", async () => {
    const call = world.ecs.send(
      new UpdateServiceCommand({
        cluster: "prod",
        service: "web",
        capacityProviderStrategy: [{ capacityProvider: "FARGATE_SPOT", weight: 1 }],
      }),
    );

    await expect(call).rejects.toMatchObject({
      name: "InvalidParameterException",
      message: expect.stringMatching(/force a new deployment/),
    });
  });

  it("raises InvalidParameterException for a task definition that is not registered", async () => {
    const call = world.ecs.send(new UpdateServiceCommand({ cluster: "prod", service: "web", taskDefinition: "web:9" }));

    await expect(call).rejects.toMatchObject({
      name: "InvalidParameterException",
      message: "TaskDefinition not found.",
    });
  });

  it("raises ClientException when describing a task definition that does not exist", async () => {
    await expect(world.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: "nope:1" }))).rejects.toMatchObject(
      { name: "ClientException" },
    );
  });

  it("answers an operation it does not serve with UnknownOperationException, which the SDK raises by name", async () => {
    const call = world.ecs.send(new RunTaskCommand({ cluster: "prod", taskDefinition: "web:1" }));

    await expect(call).rejects.toBeInstanceOf(ECSServiceException);
    await expect(call).rejects.toMatchObject({ name: "UnknownOperationException", $metadata: { httpStatusCode: 400 } });
  });
});

describe("requests the server refuses", () => {
  const post = (headers: Record<string, string>, body: string) =>
    fetch(world.endpoints.url, { method: "POST", headers, body });

  it("answers an unknown X-Amz-Target with an AWS JSON UnknownOperationException", async () => {
    const res = await post(
      { "X-Amz-Target": "NoSuchService_20200101.DoThing", "Content-Type": "application/x-amz-json-1.1" },
      "{}",
    );

    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ __type: "UnknownOperationException", message: expect.any(String) });
  });

  it("answers a body that is not JSON with SerializationException", async () => {
    const res = await post(
      {
        "X-Amz-Target": "AmazonEC2ContainerServiceV20141113.ListServices",
        "Content-Type": "application/x-amz-json-1.1",
      },
      "{nope",
    );

    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ __type: "SerializationException" });
  });

  it("answers a field of the wrong type with InvalidParameterException", async () => {
    const res = await post(
      {
        "X-Amz-Target": "AmazonEC2ContainerServiceV20141113.DescribeServices",
        "Content-Type": "application/x-amz-json-1.1",
      },
      JSON.stringify({ cluster: "prod", services: "web" }),
    );

    expect(await res.json()).toMatchObject({ __type: "InvalidParameterException" });
  });
});

import {
  ConflictException,
  CreateServiceCommand,
  DescribeServiceDeploymentsCommand,
  DescribeServiceRevisionsCommand,
  DescribeServicesCommand,
  ListServiceDeploymentsCommand,
  ServiceDeploymentNotFoundException,
  StopServiceDeploymentCommand,
  UpdateServiceCommand,
} from "@aws-sdk/client-ecs";
import { EcsServiceDeployments } from "@ecs-guardrails/aws/ecs/service-deployments";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startWorld, webService } from "./world.ts";
import type { World } from "./world.ts";

// Service deployments and revisions through the real ECS SDK client against the local
// endpoints: the SDK parses the answers (Dates, enums, error classes) as it would ECS's.

const MINUTE = 60_000;
let world: World;

beforeEach(async () => {
  world = await startWorld();
});
afterEach(async () => {
  await world.close();
});

const list = async (extra: Record<string, unknown> = {}) =>
  (await world.ecs.send(new ListServiceDeploymentsCommand({ cluster: "prod", service: "web", ...extra })))
    .serviceDeployments!;

describe("ListServiceDeployments, DescribeServiceDeployments and DescribeServiceRevisions through the SDK", () => {
  it("list the deployment UpdateService started and describe it and its revisions, with Dates", async () => {
    webService(world, { desiredCount: 2 });
    await world.ecs.send(new UpdateServiceCommand({ cluster: "prod", service: "web", taskDefinition: "web:2" }));

    const [newest, seeded] = await list();

    expect(newest).toMatchObject({ status: "IN_PROGRESS", serviceArn: expect.stringContaining(":service/prod/web") });
    expect(newest!.createdAt).toBeInstanceOf(Date);
    expect(seeded!.status).toBe("SUCCESSFUL");
    const described = await world.ecs.send(
      new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [newest!.serviceDeploymentArn!] }),
    );
    const sd = described.serviceDeployments![0]!;
    expect(sd.sourceServiceRevisions!.map((r) => r.arn)).toEqual([seeded!.targetServiceRevisionArn]);
    expect(sd.deploymentCircuitBreaker).toEqual({ status: "MONITORING", failureCount: 0, threshold: 3 });
    const revisions = await world.ecs.send(
      new DescribeServiceRevisionsCommand({
        serviceRevisionArns: [sd.targetServiceRevision!.arn!, seeded!.targetServiceRevisionArn!],
      }),
    );
    expect(revisions.serviceRevisions!.map((r) => r.taskDefinition?.split("/")[1])).toEqual(["web:2", "web:1"]);
    expect(revisions.serviceRevisions![0]!.createdAt).toBeInstanceOf(Date);
    expect(revisions.failures).toEqual([]);
  });

  it("answer a seeded deployment ECS no longer lists (INACTIVE) as its history: a success, with its revision's launch type", async () => {
    world.sim.registerTaskDefinition({ family: "web" });
    world.sim.registerTaskDefinition({ family: "web" });
    world.sim.addService({
      cluster: "prod",
      name: "web",
      taskDefinition: "web:2",
      desiredCount: 2,
      deployments: [
        { id: "ecs-svc/2", taskDefinition: "web:2", rolloutState: "COMPLETED" },
        { id: "ecs-svc/1", taskDefinition: "web:1", status: "INACTIVE", launchType: "EC2" },
      ],
    });

    const [newest, drained] = await list();
    const described = await world.ecs.send(
      new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [newest!.serviceDeploymentArn!] }),
    );
    const revisions = await world.ecs.send(
      new DescribeServiceRevisionsCommand({ serviceRevisionArns: [drained!.targetServiceRevisionArn!] }),
    );
    const service = await world.ecs.send(new DescribeServicesCommand({ cluster: "prod", services: ["web"] }));

    expect([newest!.status, drained!.status]).toEqual(["SUCCESSFUL", "SUCCESSFUL"]);
    expect(described.serviceDeployments![0]!.sourceServiceRevisions!.map((r) => r.arn)).toEqual([
      drained!.targetServiceRevisionArn,
    ]);
    expect(revisions.serviceRevisions![0]).toMatchObject({ launchType: "EC2" });
    expect(revisions.serviceRevisions![0]!.taskDefinition).toMatch(/web:1$/);
    expect(service.services![0]!.deployments!.map((d) => d.id)).toEqual(["ecs-svc/2"]);
  });

  it("filter by createdAt sent as epoch seconds, by status, and page with nextToken", async () => {
    webService(world, { desiredCount: 1 });
    world.sim.advance(60 * MINUTE);
    const cut = new Date(world.sim.now());
    world.sim.advance(MINUTE);
    for (let i = 0; i < 3; i++)
      await world.ecs.send(new UpdateServiceCommand({ cluster: "prod", service: "web", forceNewDeployment: true }));

    expect(await list({ createdAt: { after: cut } })).toHaveLength(3);
    expect(await list({ createdAt: { before: cut } })).toHaveLength(1);
    expect((await list({ status: ["STOPPED"] })).map((d) => d.status)).toEqual(["STOPPED", "STOPPED"]);
    const first = await world.ecs.send(
      new ListServiceDeploymentsCommand({ service: "web", cluster: "prod", maxResults: 3 }),
    );
    const rest = await world.ecs.send(
      new ListServiceDeploymentsCommand({ service: "web", cluster: "prod", nextToken: first.nextToken! }),
    );
    expect(first.serviceDeployments).toHaveLength(3);
    expect(rest.serviceDeployments).toHaveLength(1);
  });

  it("a CreateService revision keeps the network configuration it was created with", async () => {
    world.sim.addCluster("prod");
    world.sim.registerTaskDefinition({ family: "api" });
    const networkConfiguration = { awsvpcConfiguration: { subnets: ["subnet-a"], securityGroups: ["sg-1"] } };
    await world.ecs.send(
      new CreateServiceCommand({
        cluster: "prod",
        serviceName: "api",
        taskDefinition: "api",
        desiredCount: 1,
        networkConfiguration,
      }),
    );

    const [sd] = (await world.ecs.send(new ListServiceDeploymentsCommand({ cluster: "prod", service: "api" })))
      .serviceDeployments!;
    const out = await world.ecs.send(
      new DescribeServiceRevisionsCommand({ serviceRevisionArns: [sd!.targetServiceRevisionArn!] }),
    );
    expect(out.serviceRevisions![0]!.networkConfiguration).toEqual(networkConfiguration);
  });
});

describe("StopServiceDeployment through the SDK", () => {
  it("ROLLBACK returns the service to the source revision", async () => {
    webService(world, { desiredCount: 2 });
    await world.ecs.send(new UpdateServiceCommand({ cluster: "prod", service: "web", taskDefinition: "web:2" }));
    const [sd] = await list();

    const out = await world.ecs.send(
      new StopServiceDeploymentCommand({ serviceDeploymentArn: sd!.serviceDeploymentArn!, stopType: "ROLLBACK" }),
    );
    world.sim.advance(30 * MINUTE);

    expect(out.serviceDeploymentArn).toBe(sd!.serviceDeploymentArn);
    expect((await list())[0]!.status).toBe("ROLLBACK_SUCCESSFUL");
    const service = (await world.ecs.send(new DescribeServicesCommand({ cluster: "prod", services: ["web"] })))
      .services![0]!;
    expect(service.taskDefinition).toMatch(/task-definition\/web:1$/);
  });

  it("refuses a finished deployment with ConflictException naming it, and an unknown one", async () => {
    webService(world, { desiredCount: 1 });
    const [done] = await list();

    const refused = await world.ecs
      .send(new StopServiceDeploymentCommand({ serviceDeploymentArn: done!.serviceDeploymentArn! }))
      .catch((e: unknown) => e);

    expect(refused).toBeInstanceOf(ConflictException);
    expect((refused as ConflictException).resourceIds).toEqual([done!.serviceDeploymentArn]);
    const unknown = await world.ecs
      .send(
        new StopServiceDeploymentCommand({
          serviceDeploymentArn: "arn:aws:ecs:us-east-1:111122223333:service-deployment/prod/web/nope",
        }),
      )
      .catch((e: unknown) => e);
    expect(unknown).toBeInstanceOf(ServiceDeploymentNotFoundException);
  });
});

describe("the aws adapter against the simulator", () => {
  it("reads a breaker rollback's history and refuses to stop it twice", async () => {
    webService(world, { desiredCount: 2 });
    world.sim.setFault({ taskDefinition: "web:2" }, { kind: "image-pull" });
    await world.ecs.send(new UpdateServiceCommand({ cluster: "prod", service: "web", taskDefinition: "web:2" }));
    world.sim.advance(60 * MINUTE);
    const adapter = new EcsServiceDeployments(world.ecs);

    const [rolledBack, seeded] = await adapter.listServiceDeployments({ cluster: "prod", service: "web" });
    const { found } = await adapter.describeServiceDeployments([rolledBack!.arn]);
    const revisions = await adapter.describeServiceRevisions([
      rolledBack!.targetRevisionArn!,
      found[0]!.rollback!.revisionArn,
    ]);

    expect(rolledBack!.status).toBe("ROLLBACK_SUCCESSFUL");
    expect(found[0]!.rollback!.revisionArn).toBe(seeded!.targetRevisionArn);
    expect(found[0]!.circuitBreaker).toEqual({ status: "TRIGGERED", failureCount: 3, threshold: 3 });
    expect(revisions.found.map((r) => r.taskDefinition.split("/")[1])).toEqual(["web:2", "web:1"]);
    expect(await adapter.stopServiceDeployment(rolledBack!.arn, "ROLLBACK")).toMatchObject({
      outcome: "not-in-progress",
    });
  });
});

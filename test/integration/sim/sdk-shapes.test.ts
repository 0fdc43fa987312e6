import {
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  DescribeTasksCommand,
  ListServicesCommand,
  ListTagsForResourceCommand,
  ListTasksCommand,
  UpdateServiceCommand,
} from "@aws-sdk/client-ecs";
import { EventBridgeClient, PutEventsCommand } from "@aws-sdk/client-eventbridge";
import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { droppedFields, missingPaths } from "../../support/reply-shapes.ts";
import { startWorld, webService } from "./world.ts";
import type { World } from "./world.ts";

// A reply of the wrong shape is no error to the SDK: a misspelt or misplaced field just comes
// back undefined. These tests make a malformed reply a test failure instead, two ways:
// 1. every field the project's adapters read (packages/aws, core's ServiceDescription) is defined;
// 2. every field the server sent survives the SDK's deserializer (nothing silently dropped).

// "a.b[].c": field c of every element of list b of a.
const ADAPTER_READS = {
  describeServices: [
    "services[].serviceArn",
    "services[].serviceName",
    "services[].clusterArn",
    "services[].status",
    "services[].desiredCount",
    "services[].runningCount",
    "services[].pendingCount",
    "services[].taskDefinition",
    "services[].capacityProviderStrategy[].capacityProvider",
    "services[].capacityProviderStrategy[].base",
    "services[].capacityProviderStrategy[].weight",
    "services[].deploymentConfiguration.deploymentCircuitBreaker.enable",
    "services[].deploymentConfiguration.deploymentCircuitBreaker.rollback",
    "services[].deploymentConfiguration.deploymentCircuitBreaker.thresholdConfiguration.type",
    "services[].deploymentConfiguration.deploymentCircuitBreaker.thresholdConfiguration.value",
    "services[].deploymentConfiguration.deploymentCircuitBreaker.resetOnHealthyTask",
    "services[].deploymentConfiguration.minimumHealthyPercent",
    "services[].deploymentConfiguration.maximumPercent",
    "services[].deployments[].id",
    "services[].deployments[].status",
    "services[].deployments[].taskDefinition",
    "services[].deployments[].rolloutState",
    "services[].deployments[].rolloutStateReason",
    "services[].deployments[].createdAt",
    "services[].deployments[].updatedAt",
    "services[].deployments[].desiredCount",
    "services[].deployments[].runningCount",
    "services[].deployments[].pendingCount",
    "services[].deployments[].failedTasks",
    "services[].deployments[].capacityProviderStrategy[].capacityProvider",
    "services[].tags[].key",
    "services[].tags[].value",
  ],
  updateService: ["service.deployments[].id", "service.deployments[].status", "service.deployments[].taskDefinition"],
  describeTaskDefinition: [
    "taskDefinition.taskDefinitionArn",
    "taskDefinition.family",
    "taskDefinition.revision",
    "taskDefinition.cpu",
    "taskDefinition.memory",
    "taskDefinition.containerDefinitions[].name",
    "tags[].key",
  ],
  describeTasks: [
    "tasks[].taskArn",
    "tasks[].clusterArn",
    "tasks[].taskDefinitionArn",
    "tasks[].lastStatus",
    "tasks[].desiredStatus",
    "tasks[].startedBy",
    "tasks[].group",
    "tasks[].version",
    "tasks[].capacityProviderName",
    "tasks[].createdAt",
    "tasks[].stopCode",
    "tasks[].stoppedReason",
    "tasks[].containers[].name",
  ],
  describeStoppedTasks: ["tasks[].stoppedAt", "tasks[].containers[].exitCode"],
  listServices: ["serviceArns"],
  listTasks: ["taskArns"],
  listTagsForResource: ["tags[].key", "tags[].value"],
  putEvents: ["FailedEntryCount", "Entries[].EventId"],
  publish: ["MessageId"],
};

const missingAll = missingPaths;
const dropped = droppedFields;

let world: World;
let taskArns: string[];

beforeAll(async () => {
  world = await startWorld();
  webService(world, {
    desiredCount: 3,
    // Set, so that DescribeServices shows them (ECS leaves them out for its defaults).
    deploymentConfiguration: {
      deploymentCircuitBreaker: {
        enable: true,
        rollback: true,
        thresholdConfiguration: { type: "BOUNDED_PERCENT", value: 50 },
        resetOnHealthyTask: true,
      },
    },
    capacityProviderStrategy: [
      { capacityProvider: "FARGATE", base: 1, weight: 1 },
      { capacityProvider: "FARGATE_SPOT", weight: 1 },
    ],
  });
  world.sim.setFault({ taskDefinition: "web:2" }, { kind: "out-of-memory", afterSeconds: 5 });
  await world.ecs.send(new UpdateServiceCommand({ cluster: "prod", service: "web", taskDefinition: "web:2" }));
  // Mid-deployment: the new tasks ran out of memory (after RUNNING: ECS's breaker does not count
  // that) while the old tasks are still stopping: two deployments, and tasks with stop codes
  // and exit codes.
  world.sim.advance(45_000);
  const listed = await world.ecs.send(new ListTasksCommand({ cluster: "prod", desiredStatus: "STOPPED" }));
  taskArns = listed.taskArns!;
});
afterAll(async () => {
  await world.close();
});

/** The raw reply body of the last call to `operation`. */
const rawReply = (operation: string) =>
  JSON.parse(world.calls.filter((c) => c.operation === operation).at(-1)!.response) as unknown;

describe("replies the SDK reads completely", () => {
  it("defines every DescribeServices field the adapters read, and the SDK drops none", async () => {
    const out = await world.ecs.send(
      new DescribeServicesCommand({ cluster: "prod", services: ["web"], include: ["TAGS"] }),
    );

    expect(out.services![0]!.deployments!.length).toBe(2);
    expect(missingAll(out, ADAPTER_READS.describeServices)).toEqual([]);
    expect(dropped(rawReply("DescribeServices"), out)).toEqual([]);
    expect(out.services![0]!.deployments![0]!.createdAt).toBeInstanceOf(Date);
  });

  it("defines the new deployment in the UpdateService reply", async () => {
    const out = await world.ecs.send(new UpdateServiceCommand({ cluster: "prod", service: "web", desiredCount: 3 }));

    expect(missingAll(out, ADAPTER_READS.updateService)).toEqual([]);
    expect(dropped(rawReply("UpdateService"), out)).toEqual([]);
  });

  it("defines every DescribeTaskDefinition field the adapters read, and the SDK drops none", async () => {
    world.sim.registerTaskDefinition({ family: "tagged", tags: { owner: "payments" } });

    const out = await world.ecs.send(
      new DescribeTaskDefinitionCommand({ taskDefinition: "tagged", include: ["TAGS"] }),
    );

    expect(missingAll(out, ADAPTER_READS.describeTaskDefinition)).toEqual([]);
    expect(dropped(rawReply("DescribeTaskDefinition"), out)).toEqual([]);
  });

  it("defines every DescribeTasks field of a stopped task, and the SDK drops none", async () => {
    const out = await world.ecs.send(new DescribeTasksCommand({ cluster: "prod", tasks: taskArns }));

    const stopped = { tasks: out.tasks!.filter((t) => t.lastStatus === "STOPPED") };
    expect(stopped.tasks.length).toBeGreaterThan(0);
    expect(missingAll(out, ADAPTER_READS.describeTasks)).toEqual([]);
    expect(missingAll(stopped, ADAPTER_READS.describeStoppedTasks)).toEqual([]);
    expect(dropped(rawReply("DescribeTasks"), out)).toEqual([]);
  });

  it("defines the list operations' fields, and the SDK drops none", async () => {
    const services = await world.ecs.send(new ListServicesCommand({ cluster: "prod" }));
    const tasks = await world.ecs.send(new ListTasksCommand({ cluster: "prod", serviceName: "web" }));
    const tags = await world.ecs.send(new ListTagsForResourceCommand({ resourceArn: services.serviceArns![0]! }));

    expect([
      ...missingAll(services, ADAPTER_READS.listServices),
      ...missingAll(tasks, ADAPTER_READS.listTasks),
      ...missingAll(tags, ADAPTER_READS.listTagsForResource),
    ]).toEqual([]);
    expect(dropped(rawReply("ListServices"), services)).toEqual([]);
    expect(dropped(rawReply("ListTasks"), tasks)).toEqual([]);
    expect(dropped(rawReply("ListTagsForResource"), tags)).toEqual([]);
  });

  it("defines PutEvents' entry results, and the SDK drops none", async () => {
    const out = await new EventBridgeClient(world.clientConfig).send(
      new PutEventsCommand({ Entries: [{ Source: "s", DetailType: "d", Detail: "{}" }] }),
    );

    expect(missingAll(out, ADAPTER_READS.putEvents)).toEqual([]);
    expect(dropped(rawReply("PutEvents"), out)).toEqual([]);
  });

  it("defines SNS Publish's MessageId from the XML reply", async () => {
    const out = await new SNSClient(world.clientConfig).send(
      new PublishCommand({ TopicArn: "arn:aws:sns:us-east-1:111122223333:t", Message: "m" }),
    );

    expect(missingAll(out, ADAPTER_READS.publish)).toEqual([]);
  });

  it("describes deployment controllers and ECS-native strategies in ECS's wire shape, and the SDK drops none", async () => {
    world.sim.registerTaskDefinition({ family: "pay" });
    world.sim.addService({
      cluster: "prod",
      name: "pay",
      taskDefinition: "pay:1",
      desiredCount: 2,
      deploymentController: { type: "CODE_DEPLOY" },
      deploymentConfiguration: { alarms: { alarmNames: ["pay-5xx"], enable: true, rollback: true } },
    });
    world.sim.addService({
      cluster: "prod",
      name: "edge",
      taskDefinition: "pay:1",
      desiredCount: 2,
      deploymentConfiguration: { strategy: "LINEAR", bakeTimeInMinutes: 15, linearConfiguration: { stepPercent: 20 } },
    });

    const out = await world.ecs.send(new DescribeServicesCommand({ cluster: "prod", services: ["pay", "edge"] }));

    const [pay, edge] = out.services!;
    expect(pay!.deploymentController).toEqual({ type: "CODE_DEPLOY" });
    expect(pay!.deploymentConfiguration).toMatchObject({
      alarms: { alarmNames: ["pay-5xx"], enable: true, rollback: true },
    });
    expect(pay!.deploymentConfiguration!.strategy).toBeUndefined();
    // The circuit breaker is the ECS controller's; a CODE_DEPLOY service shows task sets instead.
    expect(pay!.deploymentConfiguration!.deploymentCircuitBreaker).toBeUndefined();
    expect(missingAll({ pay }, ["pay.taskSets[].taskDefinition", "pay.taskSets[].status"])).toEqual([]);
    expect(edge!.deploymentController).toEqual({ type: "ECS" });
    expect(edge!.deploymentConfiguration).toMatchObject({
      strategy: "LINEAR",
      bakeTimeInMinutes: 15,
      linearConfiguration: { stepPercent: 20, stepBakeTimeInMinutes: 6 },
    });
    expect(
      missingAll(out, ["services[].deploymentController.type"]).concat(
        missingAll({ edge }, ["edge.deploymentConfiguration.deploymentCircuitBreaker.enable"]),
      ),
    ).toEqual([]);
    expect(dropped(rawReply("DescribeServices"), out)).toEqual([]);
  });

  it("refuses a task-definition change on a CODE_DEPLOY service with ECS's own error, as the SDK raises it", async () => {
    const update = world.ecs.send(
      new UpdateServiceCommand({ cluster: "prod", service: "pay", taskDefinition: "pay:1" }),
    );

    await expect(update).rejects.toMatchObject({
      name: "InvalidParameterException",
      message:
        "Unable to update task definition on services with a CODE_DEPLOY deployment controller. Use AWS CodeDeploy to trigger a new deployment.",
    });
  });

  it("catches a reply field the SDK would drop (the check itself works)", () => {
    expect(
      dropped({ services: [{ serviceName: "web", desiredCnt: 1 }] }, { services: [{ serviceName: "web" }] }),
    ).toEqual(["services.0.desiredCnt"]);
    expect(missingAll({ services: [{ deployments: [{ id: "x" }, {}] }] }, ["services[].deployments[].id"])).toEqual([
      "services[0].deployments[1].id",
    ]);
  });
});

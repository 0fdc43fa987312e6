import { CodePipelineClient, PutJobSuccessResultCommand } from "@aws-sdk/client-codepipeline";
import {
  CreateClusterCommand,
  CreateServiceCommand,
  ECSClient,
  RegisterTaskDefinitionCommand,
} from "@aws-sdk/client-ecs";
import { EventBridgeClient, PutEventsCommand } from "@aws-sdk/client-eventbridge";
import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { DynamoHistoryStore } from "@ecs-guardrails/aws/history/dynamo-history-store";
import { parseConfig } from "@ecs-guardrails/core/config/load";
import type { JobResult } from "@ecs-guardrails/sim/endpoints/codepipeline";
import type { PublishedMessage } from "@ecs-guardrails/sim/endpoints/sns";
import type { DeadLetter } from "@ecs-guardrails/cli/runtime/invoker";
import {
  LOCAL_TABLE,
  LOCAL_TOPIC_ARN,
  startStack,
  type LocalStack,
  type PublishOrigin,
} from "@ecs-guardrails/cli/runtime/stack";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// The local runtime's intake as `npm start` wires it: what reaches the console, and from whom.

let stack: LocalStack;
const published: [PublishedMessage, PublishOrigin][] = [];
const letters: DeadLetter[] = [];
const jobs: JobResult[] = [];
let client: {
  endpoint: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  maxAttempts: number;
};

beforeAll(async () => {
  stack = await startStack({
    config: parseConfig({
      overrides: [{ cluster: "shop", service: "*", policies: { "auto-rollback": { mode: "enforce" } } }],
    }),
    simulatorEmits: true,
    onNotification: (m, origin) => void published.push([m, origin]),
    onDeadLetter: (l) => void letters.push(l),
    onJobResult: (r) => void jobs.push(r),
  });
  client = {
    endpoint: stack.endpoints.url,
    region: "us-east-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
    maxAttempts: 1,
  };
}, 60_000);
afterAll(async () => {
  await stack?.stop();
});

describe("the local runtime's intake", () => {
  it("credits a publish by another client to the outside, as it arrives", async () => {
    // The test process shares the functions' environment (their app id): this client names its own.
    const sns = new SNSClient({ ...client, userAgentAppId: "billing-script" });

    await sns.send(
      new PublishCommand({ TopicArn: LOCAL_TOPIC_ARN, Subject: "Invoice run done", Message: "42 invoices" }),
    );

    expect(published.map(([m, origin]) => [m.subject, origin])).toEqual([["Invoice run done", "outside"]]);
    expect(published[0]![0].userAgent).toContain("app/billing-script");
  });

  it("credits the guardrails' own notifications to the guardrails, for a service created through the ECS API", async () => {
    published.length = 0;
    const ecs = new ECSClient(client);
    await ecs.send(new CreateClusterCommand({ clusterName: "shop" }));
    await ecs.send(
      new RegisterTaskDefinitionCommand({ family: "cart", containerDefinitions: [{ name: "app", image: "cart:1" }] }),
    );
    await ecs.send(
      new RegisterTaskDefinitionCommand({ family: "cart", containerDefinitions: [{ name: "app", image: "cart:2" }] }),
    );
    stack.sim.setFault({ taskDefinition: "cart:2" }, { kind: "crash", afterSeconds: 10, exitCode: 1 });
    await ecs.send(
      new CreateServiceCommand({
        cluster: "shop",
        serviceName: "cart",
        taskDefinition: "cart:1",
        desiredCount: 10,
        deploymentConfiguration: { minimumHealthyPercent: 100, maximumPercent: 130 },
      }),
    );
    await stack.advance(5 * 60_000);
    stack.sim.updateService({ cluster: "shop", service: "cart", taskDefinition: "cart:2" });

    await stack.advance(5 * 60_000);

    const store = new DynamoHistoryStore({ client: stack.dynamo.client, tableName: LOCAL_TABLE });
    const types = (await store.timeline({ cluster: "shop", service: "cart" }, { limit: 200 })).items.map((e) => e.type);
    expect(types).toContain("deployment");
    expect(types).toContain("decision");
    expect(published.length).toBeGreaterThan(0);
    expect(published.map(([, origin]) => origin)).toEqual(published.map(() => "guardrails"));
    ecs.destroy();
  }, 60_000);

  it("reports an event it gives up on as a dead letter, once, with its error", async () => {
    const bus = new EventBridgeClient(client);

    await bus.send(
      new PutEventsCommand({
        Entries: [
          { Source: "aws.ecs", DetailType: "ECS Task State Change", Detail: JSON.stringify({ clusterArn: "nope" }) },
        ],
      }),
    );
    await stack.drain();

    expect(letters).toHaveLength(1);
    expect(letters[0]).toMatchObject({
      function: expect.any(String),
      errorName: expect.stringMatching(/Error$/),
      event: expect.objectContaining({ "detail-type": "ECS Task State Change" }),
    });
    bus.destroy();
  });

  it("hands a CodePipeline job result to the console", async () => {
    const pipeline = new CodePipelineClient(client);

    await pipeline.send(new PutJobSuccessResultCommand({ jobId: "11111111-2222-3333-4444-555555555555" }));

    expect(jobs).toEqual([
      expect.objectContaining({ jobId: "11111111-2222-3333-4444-555555555555", outcome: "success" }),
    ]);
    pipeline.destroy();
  });
});

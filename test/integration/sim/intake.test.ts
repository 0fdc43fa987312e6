import { ApplicationAutoScalingClient, DescribeScalableTargetsCommand } from "@aws-sdk/client-application-auto-scaling";
import { CloudWatchClient, GetMetricDataCommand } from "@aws-sdk/client-cloudwatch";
import {
  CodePipelineClient,
  PutJobFailureResultCommand,
  PutJobSuccessResultCommand,
} from "@aws-sdk/client-codepipeline";
import { EventBridgeClient, PutEventsCommand } from "@aws-sdk/client-eventbridge";
import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { stops, taskStateChange } from "@ecs-guardrails/sim/events/builders";
import { parseEvent } from "@ecs-guardrails/core/events/parse";
import type { EventEnvelope } from "@ecs-guardrails/sim/endpoints/eventbridge";
import type { PublishedMessage } from "@ecs-guardrails/sim/endpoints/sns";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startWorld } from "./world.ts";
import type { World } from "./world.ts";

// The intake side: PutEvents to the local bus, SNS Publish and CodePipeline job results captured,
// and the services that are routed but not simulated yet.

const TOPIC = "arn:aws:sns:us-east-1:111122223333:guardrails-notices";
const JOB = "11111111-2222-3333-4444-555555555555";
let world: World;
let delivered: EventEnvelope[];
let notified: PublishedMessage[];

beforeEach(async () => {
  delivered = [];
  notified = [];
  world = await startWorld({
    endpoints: { onEvent: (e) => void delivered.push(e), onPublish: (m) => void notified.push(m) },
  });
});
afterEach(async () => {
  await world.close();
});

describe("EventBridge PutEvents", () => {
  it("hands each entry to onEvent as an envelope the project's parser accepts", async () => {
    const original = taskStateChange({
      cluster: "prod",
      service: "web",
      taskId: "abc123",
      deploymentId: "ecs-svc/1234567890123456789",
      taskDefinition: "web:2",
      version: 6,
      lastStatus: "STOPPED",
      time: "2026-03-02T09:10:00.123Z",
      stop: stops.crash(2),
    });
    const client = new EventBridgeClient(world.clientConfig);

    const out = await client.send(
      new PutEventsCommand({
        Entries: [
          {
            Source: original.source,
            DetailType: original["detail-type"],
            Detail: JSON.stringify(original.detail),
            Resources: original.resources,
            Time: new Date(original.time),
          },
        ],
      }),
    );

    expect(out.FailedEntryCount).toBe(0);
    expect(delivered).toHaveLength(1);
    const envelope = delivered[0]!;
    expect(envelope).toMatchObject({
      version: "0",
      id: out.Entries![0]!.EventId,
      "detail-type": "ECS Task State Change",
      source: "aws.ecs",
      account: "111122223333",
      region: "us-east-1",
      time: "2026-03-02T09:10:00Z",
      resources: original.resources,
    });
    expect(parseEvent(envelope)).toMatchObject({
      kind: "task",
      taskId: "abc123",
      version: 6,
      stop: { class: "crash" },
    });
  });

  it("fails malformed entries one by one and delivers the others", async () => {
    const client = new EventBridgeClient(world.clientConfig);

    const out = await client.send(
      new PutEventsCommand({
        Entries: [
          { Source: "guardrails.test", DetailType: "Ping", Detail: '{"n":1}' },
          { Source: "guardrails.test", DetailType: "Ping", Detail: "not json" },
          { Source: "guardrails.test", Detail: "{}" },
        ],
      }),
    );

    expect(out.FailedEntryCount).toBe(2);
    expect(out.Entries!.map((e) => e.ErrorCode ?? "ok")).toEqual(["ok", "MalformedDetail", "InvalidArgument"]);
    expect(delivered.map((e) => e.detail)).toEqual([{ n: 1 }]);
    expect(delivered[0]!.time).toBe("2026-03-02T09:00:00Z");
  });

  it("refuses more than ten entries with a ValidationException", async () => {
    const entries = Array.from({ length: 11 }, () => ({ Source: "s", DetailType: "d", Detail: "{}" }));

    await expect(
      new EventBridgeClient(world.clientConfig).send(new PutEventsCommand({ Entries: entries })),
    ).rejects.toMatchObject({ name: "ValidationException" });
  });
});

describe("SNS Publish", () => {
  it("captures the message with its subject and attributes and returns a MessageId", async () => {
    const client = new SNSClient(world.clientConfig);

    const out = await client.send(
      new PublishCommand({
        TopicArn: TOPIC,
        Subject: "[guardrails] prod/web rolled back",
        Message: JSON.stringify({ version: "1.0", source: "custom", content: { description: "rolled back" } }),
        MessageAttributes: {
          severity: { DataType: "String", StringValue: "critical" },
          attempts: { DataType: "Number", StringValue: "3" },
        },
      }),
    );

    expect(out.MessageId).toMatch(/^[0-9a-f-]{36}$/);
    expect(world.endpoints.published).toHaveLength(1);
    expect(notified[0]).toMatchObject({
      messageId: out.MessageId,
      topicArn: TOPIC,
      subject: "[guardrails] prod/web rolled back",
      messageAttributes: {
        severity: { DataType: "String", StringValue: "critical" },
        attempts: { DataType: "Number", StringValue: "3" },
      },
    });
    expect(JSON.parse(notified[0]!.message)).toMatchObject({ version: "1.0", source: "custom" });
  });

  it("refuses an empty message with InvalidParameterException", async () => {
    await expect(
      new SNSClient(world.clientConfig).send(new PublishCommand({ TopicArn: TOPIC, Message: "" })),
    ).rejects.toMatchObject({ name: "InvalidParameterException" });
    expect(notified).toEqual([]);
  });

  it("requires a MessageGroupId on a FIFO topic", async () => {
    const call = new SNSClient(world.clientConfig).send(
      new PublishCommand({ TopicArn: `${TOPIC}.fifo`, Message: "hi" }),
    );

    await expect(call).rejects.toMatchObject({
      name: "InvalidParameterException",
      message: expect.stringMatching(/MessageGroupId/),
    });
  });
});

describe("CodePipeline job results", () => {
  it("captures a success with its continuation token, then refuses a second answer for the same job", async () => {
    const client = new CodePipelineClient(world.clientConfig);

    await client.send(new PutJobSuccessResultCommand({ jobId: JOB, continuationToken: "poll-2" }));
    const again = client.send(new PutJobSuccessResultCommand({ jobId: JOB }));

    await expect(again).rejects.toMatchObject({ name: "InvalidJobStateException" });
    expect(world.endpoints.jobResults).toEqual([
      expect.objectContaining({ jobId: JOB, outcome: "success", continuationToken: "poll-2" }),
    ]);
  });

  it("captures a failure with its type and message", async () => {
    const client = new CodePipelineClient(world.clientConfig);

    await client.send(
      new PutJobFailureResultCommand({
        jobId: JOB,
        failureDetails: { type: "JobFailed", message: "deployment rolled back" },
      }),
    );

    expect(world.endpoints.jobResults).toEqual([
      expect.objectContaining({
        jobId: JOB,
        outcome: "failure",
        failureDetails: { type: "JobFailed", message: "deployment rolled back" },
      }),
    ]);
  });

  it("refuses a job id that is not a job id with a ValidationException", async () => {
    await expect(
      new CodePipelineClient(world.clientConfig).send(new PutJobSuccessResultCommand({ jobId: "job-1" })),
    ).rejects.toMatchObject({ name: "ValidationException" });
  });
});

describe("services routed but not simulated yet", () => {
  it("answers CloudWatch (JSON 1.0) with a NotImplementedException the SDK raises by name", async () => {
    const call = new CloudWatchClient(world.clientConfig).send(
      new GetMetricDataCommand({ MetricDataQueries: [], StartTime: new Date(0), EndTime: new Date() }),
    );

    await expect(call).rejects.toMatchObject({ name: "NotImplementedException", $metadata: { httpStatusCode: 400 } });
  });

  it("answers Application Auto Scaling with a NotImplementedException", async () => {
    const call = new ApplicationAutoScalingClient(world.clientConfig).send(
      new DescribeScalableTargetsCommand({ ServiceNamespace: "ecs" }),
    );

    await expect(call).rejects.toMatchObject({ name: "NotImplementedException" });
  });
});

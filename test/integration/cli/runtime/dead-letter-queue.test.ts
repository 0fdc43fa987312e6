import { InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { ReceiveMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { randomUUID } from "node:crypto";
import { parseConfig } from "@ecs-guardrails/core/config/load";
import type { ProcessResult } from "@ecs-guardrails/core/engine/process-event";
import { startStack, type LocalStack } from "@ecs-guardrails/cli/runtime/stack";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { stops, taskStateChange } from "../../../../packages/sim/src/events/builders.ts";

// The local runtime's dead-letter queue as the stage's: an event the ingest gives up on is a
// message in the (simulated) SQS queue in Lambda's on-failure record format, and Lambda Invoke
// on the endpoints hands an event back to the function, which runs it after answering 202.

let stack: LocalStack;
const results: ProcessResult[] = [];
const local = { region: "us-east-1", credentials: { accessKeyId: "local", secretAccessKey: "local" }, maxAttempts: 1 };

beforeAll(async () => {
  stack = await startStack({
    config: parseConfig({}),
    start: Date.parse("2026-11-20T10:00:00Z"),
    simulatorEmits: true,
    sharedDynamo: { endpoint: inject("dynamoEndpoint"), tableName: `dlq-${randomUUID().slice(0, 8)}` },
    onResult: (r) => void results.push(r),
  });
}, 60_000);

afterAll(async () => {
  await stack?.stop();
});

describe("the local dead-letter queue", () => {
  it("holds an event the ingest gave up on as Lambda's on-failure record: the event, the function, the error", async () => {
    const invalid = { "detail-type": "ECS Deployment State Change", source: "aws.ecs", id: "bad-1", detail: {} };

    await stack.deliver(invalid);

    const sqs = new SQSClient({ ...local, endpoint: stack.endpoints.url });
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: stack.deadLetterQueueUrl, MaxNumberOfMessages: 10 }),
    );
    sqs.destroy();
    expect(Messages).toHaveLength(1);
    expect(JSON.parse(Messages[0]!.Body!)).toMatchObject({
      version: "1.0",
      requestContext: {
        functionArn: "arn:aws:lambda:us-east-1:111122223333:function:ingest:$LATEST",
        condition: "RetriesExhausted",
        approximateInvokeCount: 1,
      },
      requestPayload: invalid,
      responseContext: { functionError: "Unhandled" },
      responsePayload: {
        errorType: "InvalidEventError",
        errorMessage: expect.stringContaining("resources is required"),
      },
    });
  });

  it("runs an event Lambda Invoke hands to the ingest function, after answering 202", async () => {
    const event = taskStateChange({
      cluster: "shop",
      service: "cart",
      taskId: "feedface00",
      deploymentId: "ecs-svc/1",
      taskDefinition: "cart:1",
      version: 2,
      lastStatus: "STOPPED",
      time: "2026-11-20T10:00:00Z",
      stop: stops.outOfMemory(),
    });
    const lambda = new LambdaClient({ ...local, endpoint: stack.endpoints.url });

    const out = await lambda.send(
      new InvokeCommand({
        FunctionName: "ingest",
        InvocationType: "Event",
        Payload: new TextEncoder().encode(JSON.stringify(event)),
      }),
    );
    lambda.destroy();
    await stack.settled();

    expect(out.StatusCode).toBe(202);
    expect(results.map((r) => r.event.eventId)).toContain(event.id);
  });
});

import { InvokeCommand, LambdaClient, ResourceNotFoundException } from "@aws-sdk/client-lambda";
import {
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  GetQueueUrlCommand,
  ReceiptHandleIsInvalid,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from "@aws-sdk/client-sqs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SqsQueues } from "@ecs-guardrails/sim/endpoints/sqs";
import { startWorld, type World } from "./world.ts";

// The dead-letter queue's SQS calls and Lambda's asynchronous Invoke, served by the local
// endpoints to the real SDK clients (each call checked against AWS's models by the suite's setup).

let world: World;
let queues: SqsQueues;
const invoked: { name: string; payload: unknown }[] = [];
let sqs: SQSClient;
let lambda: LambdaClient;

beforeEach(async () => {
  invoked.length = 0;
  let now = Date.parse("2026-03-02T09:00:00Z");
  queues = new SqsQueues({ now: () => now, account: "111122223333", names: ["dead-letters"] });
  world = await startWorld({
    endpoints: {
      queues,
      now: () => now,
      onInvoke: (name, payload) => name === "ingest" && Boolean(invoked.push({ name, payload })),
    },
  });
  tick = (seconds: number) => void (now += seconds * 1000);
  sqs = new SQSClient(world.clientConfig);
  lambda = new LambdaClient(world.clientConfig);
});

let tick: (seconds: number) => void;

afterEach(async () => {
  sqs.destroy();
  lambda.destroy();
  await world.close();
});

async function queueUrl() {
  return (await sqs.send(new GetQueueUrlCommand({ QueueName: "dead-letters" }))).QueueUrl!;
}

describe("the local SQS", () => {
  it("names a queue's URL on the endpoints, and hands a sent message back with its attributes and receive count", async () => {
    const url = await queueUrl();
    expect(url).toBe(`${world.endpoints.url}/111122223333/dead-letters`);

    await sqs.send(
      new SendMessageCommand({
        QueueUrl: url,
        MessageBody: '{"requestPayload":{}}',
        MessageAttributes: { ERROR_CODE: { DataType: "String", StringValue: "AccessDenied" } },
      }),
    );
    const { Messages } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: url,
        MaxNumberOfMessages: 10,
        VisibilityTimeout: 30,
        MessageAttributeNames: ["All"],
      }),
    );

    expect(Messages).toEqual([
      expect.objectContaining({
        Body: '{"requestPayload":{}}',
        MessageAttributes: { ERROR_CODE: { DataType: "String", StringValue: "AccessDenied" } },
        Attributes: expect.objectContaining({
          ApproximateReceiveCount: "1",
          SentTimestamp: String(Date.parse("2026-03-02T09:00:00Z")),
        }),
      }),
    ]);
  });

  it("hides a received message for its visibility timeout, shows it again after, or at once when released", async () => {
    const url = await queueUrl();
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: "one" }));
    const receive = async () =>
      (await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, VisibilityTimeout: 30 }))).Messages ?? [];

    const [first] = await receive();
    expect(await receive()).toEqual([]);
    tick(31);
    const [again] = await receive();
    expect(again?.MessageId).toBe(first?.MessageId);
    await sqs.send(
      new ChangeMessageVisibilityCommand({ QueueUrl: url, ReceiptHandle: again!.ReceiptHandle!, VisibilityTimeout: 0 }),
    );
    expect((await receive()).map((m) => m.Attributes?.["ApproximateReceiveCount"])).toEqual(["3"]);
  });

  it("deletes a message by its latest receipt handle, and refuses a handle it never gave", async () => {
    const url = await queueUrl();
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: "one" }));
    const [m] = (await sqs.send(new ReceiveMessageCommand({ QueueUrl: url }))).Messages ?? [];

    await sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: m!.ReceiptHandle! }));

    expect(queues.messages("dead-letters")).toEqual([]);
    await expect(
      sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: "made-up" })),
    ).rejects.toBeInstanceOf(ReceiptHandleIsInvalid);
  });
});

describe("the local Lambda Invoke", () => {
  it("queues an asynchronous invocation of a known function by name or ARN, answering 202", async () => {
    const payload = { source: "aws.ecs", "detail-type": "ECS Task State Change" };
    for (const FunctionName of ["ingest", "arn:aws:lambda:us-east-1:111122223333:function:ingest:$LATEST"]) {
      const out = await lambda.send(
        new InvokeCommand({
          FunctionName,
          InvocationType: "Event",
          Payload: new TextEncoder().encode(JSON.stringify(payload)),
        }),
      );
      expect(out.StatusCode).toBe(202);
    }

    expect(invoked).toEqual([
      { name: "ingest", payload },
      { name: "ingest", payload },
    ]);
  });

  it("answers ResourceNotFoundException for a function it does not run", async () => {
    await expect(
      lambda.send(
        new InvokeCommand({ FunctionName: "nobody", InvocationType: "Event", Payload: new TextEncoder().encode("{}") }),
      ),
    ).rejects.toBeInstanceOf(ResourceNotFoundException);
  });
});

import { describe, expect, it } from "vitest";
import type { ReceivedLetter } from "../../../packages/aws/src/sqs/dead-letter-queue.ts";
import { readLetter } from "../../../packages/cli/src/redrive/letter.ts";
import { loadFixture, type Fixture } from "../../support/fixtures.ts";

// What `guardrails redrive` says of a dead letter: what it was (the event, decoded from the
// body) and why it failed (Lambda's invocation record, or EventBridge Scheduler's attributes),
// and where it goes back to. Pure: the messages are fixtures of what ReceiveMessage returns.

function received(m: Fixture): ReceivedLetter {
  return {
    messageId: m.MessageId,
    receiptHandle: m.ReceiptHandle,
    body: m.Body,
    attributes: m.Attributes ?? {},
    messageAttributes: Object.fromEntries(
      Object.entries((m.MessageAttributes ?? {}) as Record<string, { StringValue: string }>).map(([k, v]) => [
        k,
        v.StringValue,
      ]),
    ),
  };
}

describe("a dead letter from Lambda's on-failure destination", () => {
  const letter = readLetter(received(loadFixture("dead-letters/lambda-on-failure-ingest")));

  it("says what the event was: its detail-type, source, service and time", () => {
    expect(letter).toMatchObject({
      source: "aws.ecs",
      detailType: "ECS Deployment State Change",
      service: "default/servicetest",
      eventTime: "2020-05-23T12:31:14Z",
      function: "ecs-guardrails-production-IngestFunction-AbCdEf123456",
      sentAt: "2020-05-23T12:34:02.118Z",
    });
    expect(letter.what).toBe("ECS Deployment State Change for default/servicetest at 2020-05-23T12:31:14Z");
  });

  it("says why it failed: the function's error, after how many attempts Lambda gave up, and why it gave up", () => {
    expect(letter).toMatchObject({
      errorType: "ProvisionedThroughputExceededException",
      attempts: 3,
      condition: "retries exhausted",
    });
    expect(letter.why).toBe(
      "ProvisionedThroughputExceededException: The level of configured provisioned throughput for the table was exceeded. Consider increasing your provisioning level with the UpdateTable API.",
    );
  });

  it("goes back to the function that failed it, with the event it was given", () => {
    expect(letter.target).toEqual({
      functionArn:
        "arn:aws:lambda:us-west-2:111122223333:function:ecs-guardrails-production-IngestFunction-AbCdEf123456:$LATEST",
      payload: loadFixture("ecs-deployment-failed-circuit-breaker"),
    });
  });

  it("says an event too old for Lambda to retry was dropped for its age, not its error", () => {
    const m = loadFixture("dead-letters/lambda-on-failure-ingest");
    const body = JSON.parse(m.Body);
    body.requestContext.condition = "EventAgeExceeded";
    m.Body = JSON.stringify(body);
    expect(readLetter(received(m)).condition).toBe("too old to retry");
  });
});

describe("a dead letter from EventBridge Scheduler", () => {
  const letter = readLetter(received(loadFixture("dead-letters/scheduler-right-sizing-run")));

  it("says which schedule's run it was and why the schedule could not invoke the function", () => {
    expect(letter).toMatchObject({
      function: "ecs-guardrails-production-RightSizingFunction-Gh7890",
      errorType: "AWS.Lambda.TooManyRequestsException",
      attempts: 3,
    });
    expect(letter.what).toBe('scheduled run of ecs-guardrails-production-RightSizingRunSchedule ({"job":"run"})');
    expect(letter.why).toBe("AWS.Lambda.TooManyRequestsException: Rate Exceeded. (Service: Lambda, Status Code: 429)");
    expect(letter.target).toEqual({
      functionArn:
        "arn:aws:lambda:us-west-2:111122223333:function:ecs-guardrails-production-RightSizingFunction-Gh7890",
      payload: { job: "run" },
    });
  });
});

describe("a message that is neither", () => {
  it("is listed as unknown, with no target: it is never re-sent anywhere", () => {
    const letter = readLetter({
      messageId: "m1",
      receiptHandle: "h",
      body: "hello",
      attributes: {},
      messageAttributes: {},
    });

    expect(letter).toMatchObject({ what: "an unknown message (5 bytes)", target: undefined });
    expect(letter.why).toBe(
      "not a Lambda invocation record nor an EventBridge Scheduler dead letter: left in the queue",
    );
  });
});

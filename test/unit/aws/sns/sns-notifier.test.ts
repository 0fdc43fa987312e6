import { describe, it, expect, beforeEach } from "vitest";
import { mockClient } from "aws-sdk-client-mock";
import { PublishCommand, SNSClient, AuthorizationErrorException } from "@aws-sdk/client-sns";
import { SnsNotifier } from "@ecs-guardrails/aws/sns/sns-notifier";
import { AwsAdapterError } from "@ecs-guardrails/aws/errors";
import { toChatMessage } from "@ecs-guardrails/core/notifications/chat-message";
import { spotNotice } from "../../../support/notices.ts";

const TOPIC = "arn:aws:sns:us-east-1:111122223333:guardrails-notices";

const notice = spotNotice;

const sns = mockClient(SNSClient);
const client = new SNSClient({ region: "us-east-1" });

beforeEach(() => {
  sns.reset();
  sns.on(PublishCommand).resolves({ MessageId: "m-1" });
});

describe("SnsNotifier", () => {
  it("publishes the chat message with subject and string attributes to the topic", async () => {
    const n = notice();
    await new SnsNotifier({ client, topicArn: TOPIC }).publish(n);

    const { subject, message } = toChatMessage(n);
    const calls = sns.commandCalls(PublishCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.args[0].input).toEqual({
      TopicArn: TOPIC,
      Subject: subject,
      Message: message,
      MessageAttributes: {
        severity: { DataType: "String", StringValue: "warning" },
        policy: { DataType: "String", StringValue: "spot-fallback" },
        cluster: { DataType: "String", StringValue: "prod" },
        service: { DataType: "String", StringValue: "worker" },
        eventType: { DataType: "String", StringValue: "spot-fallback.fallback" },
      },
    });
    expect(subject).toBe("[WARNING] prod/worker: Fell back to on-demand Fargate");
    expect(JSON.parse(message)).toMatchObject({ version: "1.0", source: "custom" });
  });

  it("publishes every severity by default", async () => {
    const notifier = new SnsNotifier({ client, topicArn: TOPIC });
    for (const severity of ["info", "warning", "critical"] as const) await notifier.publish(notice({ severity }));
    expect(sns.commandCalls(PublishCommand)).toHaveLength(3);
  });

  it("drops notices below the minimum severity without calling SNS", async () => {
    const notifier = new SnsNotifier({ client, topicArn: TOPIC, minSeverity: "warning" });
    await notifier.publish(notice({ severity: "info" }));
    await notifier.publish(notice({ severity: "warning" }));
    await notifier.publish(notice({ severity: "critical" }));

    const published = sns
      .commandCalls(PublishCommand)
      .map((c) => c.args[0].input.MessageAttributes?.severity?.StringValue);
    expect(published).toEqual(["warning", "critical"]);
  });

  it("wraps an SNS failure in an AwsAdapterError that keeps the cause", async () => {
    const denied = new AuthorizationErrorException({ message: "not authorized to publish", $metadata: {} });
    sns.on(PublishCommand).rejects(denied);

    const error = await new SnsNotifier({ client, topicArn: TOPIC }).publish(notice()).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(AwsAdapterError);
    expect(error).toMatchObject({
      name: "AwsAdapterError",
      message: "SNS Publish failed for prod/worker (spot-fallback.fallback)",
      context: { topicArn: TOPIC, cluster: "prod", service: "worker", eventType: "spot-fallback.fallback" },
    });
    expect((error as AwsAdapterError).cause).toBe(denied);
  });
});

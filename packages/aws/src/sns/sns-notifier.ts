import { PublishCommand, type MessageAttributeValue, type SNSClient } from "@aws-sdk/client-sns";
import { toChatMessage } from "@ecs-guardrails/core/notifications/chat-message";
import { severityAtLeast, type Notice, type Notifier, type Severity } from "@ecs-guardrails/core/notifications/notice";
import { AwsAdapterError } from "../errors.ts";

export type SnsNotifierOptions = {
  client: SNSClient;
  topicArn: string;
  /** Notices below this severity are dropped before SNS: chat noise is the first complaint. */
  minSeverity?: Severity;
};

/**
 * Publishes notices to an SNS topic as Amazon Q Developer custom notifications. The same
 * message serves e-mail subscribers (Subject) and filter policies (MessageAttributes).
 */
export class SnsNotifier implements Notifier {
  private readonly client: SNSClient;
  private readonly topicArn: string;
  private readonly minSeverity: Severity;

  constructor({ client, topicArn, minSeverity = "info" }: SnsNotifierOptions) {
    this.client = client;
    this.topicArn = topicArn;
    this.minSeverity = minSeverity;
  }

  async publish(notice: Notice): Promise<void> {
    if (!severityAtLeast(notice.severity, this.minSeverity)) return;
    const { subject, message, attributes } = toChatMessage(notice);
    const messageAttributes: Record<string, MessageAttributeValue> = {};
    for (const [name, value] of Object.entries(attributes)) {
      messageAttributes[name] = { DataType: "String", StringValue: value };
    }
    try {
      await this.client.send(
        new PublishCommand({
          TopicArn: this.topicArn,
          Subject: subject,
          Message: message,
          MessageAttributes: messageAttributes,
        }),
      );
    } catch (error) {
      throw new AwsAdapterError(
        `SNS Publish failed for ${notice.cluster}/${notice.service} (${notice.eventType})`,
        {
          topicArn: this.topicArn,
          cluster: notice.cluster,
          service: notice.service,
          eventType: notice.eventType,
          dedupeKey: notice.dedupeKey,
        },
        { cause: error },
      );
    }
  }
}

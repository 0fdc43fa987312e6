import {
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  ReceiveMessageCommand,
  type SQSClient,
} from "@aws-sdk/client-sqs";

// The stage's dead-letter queue, as `guardrails redrive` reads it: every message received once
// (SQS hides a received message for the visibility timeout, so receiving again returns others),
// then each released, or deleted once it was handed back to its function.

/** One message as received: its body and attributes, and the handle to release or delete it by. */
export type ReceivedLetter = {
  messageId: string;
  receiptHandle: string;
  body: string;
  /** SentTimestamp, ApproximateReceiveCount, ... */
  attributes: Record<string, string>;
  /** The sender's string attributes (EventBridge Scheduler names its error in them). */
  messageAttributes: Record<string, string>;
};

const BATCH = 10;

export class DeadLetterQueue {
  private readonly client: SQSClient;
  readonly url: string;

  constructor(client: SQSClient, url: string) {
    this.client = client;
    this.url = url;
  }

  /** Up to `max` messages, each hidden from other readers for `visibilitySeconds`. */
  async receiveAll(max: number, visibilitySeconds: number): Promise<ReceivedLetter[]> {
    const seen = new Map<string, ReceivedLetter>();
    while (seen.size < max) {
      const { Messages = [] } = await this.client.send(
        new ReceiveMessageCommand({
          QueueUrl: this.url,
          MaxNumberOfMessages: Math.min(BATCH, max - seen.size),
          VisibilityTimeout: visibilitySeconds,
          WaitTimeSeconds: 0,
          MessageAttributeNames: ["All"],
          MessageSystemAttributeNames: ["SentTimestamp", "ApproximateReceiveCount"],
        }),
      );
      // A short poll samples some of SQS's servers: an empty answer ends the read, a repeat is skipped.
      const fresh = Messages.filter((m) => m.MessageId && m.ReceiptHandle && !seen.has(m.MessageId));
      if (fresh.length === 0) break;
      for (const m of fresh)
        seen.set(m.MessageId!, {
          messageId: m.MessageId!,
          receiptHandle: m.ReceiptHandle!,
          body: m.Body ?? "",
          attributes: { ...m.Attributes },
          messageAttributes: Object.fromEntries(
            Object.entries(m.MessageAttributes ?? {}).flatMap(([k, v]) =>
              v.StringValue === undefined ? [] : [[k, v.StringValue]],
            ),
          ),
        });
    }
    return [...seen.values()];
  }

  /** Visible again at once, for the next reader (a dry run leaves the queue as it found it). */
  async release(letter: ReceivedLetter): Promise<void> {
    await this.client.send(
      new ChangeMessageVisibilityCommand({
        QueueUrl: this.url,
        ReceiptHandle: letter.receiptHandle,
        VisibilityTimeout: 0,
      }),
    );
  }

  async delete(letter: ReceivedLetter): Promise<void> {
    await this.client.send(new DeleteMessageCommand({ QueueUrl: this.url, ReceiptHandle: letter.receiptHandle }));
  }
}

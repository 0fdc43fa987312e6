import { InvokeCommand, type LambdaClient } from "@aws-sdk/client-lambda";

// Hands an event back to a function the way it first arrived: an asynchronous invocation
// (InvocationType Event), so Lambda queues it and runs it with the same retries and the same
// on-failure destination as the original delivery.

export class AsyncInvoker {
  private readonly client: LambdaClient;

  constructor(client: LambdaClient) {
    this.client = client;
  }

  /** Queued by Lambda (202); the function runs it later. */
  async invoke(functionArn: string, payload: unknown): Promise<void> {
    const out = await this.client.send(
      new InvokeCommand({
        FunctionName: functionArn,
        InvocationType: "Event",
        Payload: new TextEncoder().encode(JSON.stringify(payload)),
      }),
    );
    if (out.StatusCode !== 202) throw new Error(`Lambda answered ${out.StatusCode} to an asynchronous invocation`);
  }
}

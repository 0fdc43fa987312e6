import { SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { randomUUID } from "node:crypto";
import { parseConfig } from "@ecs-guardrails/core/config/load";
import { redriveCommand } from "@ecs-guardrails/cli/commands/redrive";
import { LOCAL_DEAD_LETTER_QUEUE, startStack, type LocalStack } from "@ecs-guardrails/cli/runtime/stack";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

// `guardrails redrive --queue-url` as for a deployed stage (the SDK's own endpoint variables
// point it at the local endpoints): what it must never do with a message it cannot hand back.

let stack: LocalStack;
const saved = { ...process.env };

beforeAll(async () => {
  stack = await startStack({
    config: parseConfig({}),
    simulatorEmits: true,
    sharedDynamo: { endpoint: inject("dynamoEndpoint"), tableName: `redrive-${randomUUID().slice(0, 8)}` },
  });
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_SQS: stack.endpoints.url,
    AWS_ENDPOINT_URL_LAMBDA: stack.endpoints.url,
    AWS_ACCESS_KEY_ID: "local",
    AWS_SECRET_ACCESS_KEY: "local",
  });
}, 60_000);

afterAll(async () => {
  for (const key of ["AWS_ENDPOINT_URL_SQS", "AWS_ENDPOINT_URL_LAMBDA", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"])
    if (saved[key] === undefined) delete process.env[key];
    else process.env[key] = saved[key];
  await stack?.stop();
});

async function seed(body: string): Promise<void> {
  const sqs = new SQSClient({ region: "us-east-1" });
  await sqs.send(new SendMessageCommand({ QueueUrl: stack.deadLetterQueueUrl, MessageBody: body }));
  sqs.destroy();
}

async function redrive(...flags: string[]) {
  const lines: string[] = [];
  const json: Record<string, unknown>[] = [];
  const out = {
    line: (t: string) => void lines.push(t),
    json: (v: unknown) => void json.push(v as never),
    error: () => undefined,
  };
  const code = await redriveCommand.run(
    [],
    {
      queueUrl: stack.deadLetterQueueUrl,
      region: "us-east-1",
      max: 100,
      json: flags.includes("--json"),
      dryRun: flags.includes("--dry-run"),
    },
    { out, env: {} },
  );
  return { code, lines, json };
}

const record = (functionName: string) =>
  JSON.stringify({
    version: "1.0",
    timestamp: "2026-11-20T10:00:00.000Z",
    requestContext: {
      requestId: "r",
      functionArn: `arn:aws:lambda:us-east-1:111122223333:function:${functionName}:$LATEST`,
      condition: "RetriesExhausted",
      approximateInvokeCount: 3,
    },
    requestPayload: { source: "aws.ecs", "detail-type": "ECS Task State Change" },
    responseContext: { statusCode: 200, executedVersion: "$LATEST", functionError: "Unhandled" },
    responsePayload: { errorType: "Error", errorMessage: "boom" },
  });

describe("guardrails redrive, for what it cannot hand back", () => {
  it("keeps a message whose function cannot be invoked, says why, and exits 1", async () => {
    await seed(record("gone"));

    const run = await redrive("--json");

    expect(run.code).toBe(1);
    expect(run.json).toEqual([
      expect.objectContaining({
        function: "gone",
        action: expect.stringMatching(/^failed: .*gone.*; left in the queue$/),
      }),
    ]);
    expect(stack.queues.messages(LOCAL_DEAD_LETTER_QUEUE)).toHaveLength(1);
    // Released, not hidden: the next look sees it at once.
    expect((await redrive("--dry-run", "--json")).json).toHaveLength(1);
  });

  it("never sends a message it cannot read anywhere, and leaves it in the queue", async () => {
    await seed("not an invocation record");

    const run = await redrive("--json");

    expect(run.json.find((l) => l["what"] === "an unknown message (24 bytes)")).toMatchObject({
      action: "kept: no function to send it to",
      functionArn: undefined,
    });
    expect(stack.queues.messages(LOCAL_DEAD_LETTER_QUEUE).map((m) => m.body)).toContain("not an invocation record");
    // Released at once: the next look (a dry run) sees it without waiting out the visibility timeout.
    const next = await redrive("--dry-run", "--json");
    expect(next.json.map((l) => l["what"])).toContain("an unknown message (24 bytes)");
  });
});
